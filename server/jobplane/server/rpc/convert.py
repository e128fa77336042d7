"""Protobuf ⇄ model. Wire types are imported by module name (``pb``) so they
never blur into domain types."""

from __future__ import annotations

import hashlib
import math
import re
import time
from collections.abc import Callable
from typing import Any

from google.protobuf import duration_pb2, json_format, struct_pb2, timestamp_pb2
from jobplane.server.api.manager import SubmitSpec
from jobplane.server.domain import errors
from jobplane.server.domain.model import (
    Attempt,
    Event,
    Job,
    JobError,
    JsonDict,
    Progress,
    RetryPolicy,
)
from jobplane.v1 import job_pb2 as pb
from jobplane.v1 import job_service_pb2 as svc

MAX_LABELS = 64
MAX_REQUEST_ID = 128
MAX_TYPE = 200
MAX_DURATION_S = 366 * 86400.0
_LABEL_KEY = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9_.\-/]{0,61}[A-Za-z0-9])?$")


# -- model -> proto ---------------------------------------------------------------


def _ts(t: float | None, out: timestamp_pb2.Timestamp) -> None:
    if t is not None:
        out.FromNanoseconds(int(t * 1e9))


def _struct(d: JsonDict | None, out: struct_pb2.Struct) -> None:
    if d:
        out.update(d)


def progress_msg(p: Progress) -> pb.Progress:
    """``pb.Progress`` through one constructor call (the hot path of every watch event)."""
    if p.update_time is None:
        m = pb.Progress(current=p.current, total=p.total, percent=p.percent, message=p.message)
    else:
        m = pb.Progress(current=p.current, total=p.total, percent=p.percent, message=p.message,
                        update_time=_ts_msg(p.update_time))  # fmt: skip
    if p.details:
        m.details.update(p.details)
    return m


def error_pb(e: JobError, out: pb.JobError) -> None:
    out.code = e.code
    out.reason = e.reason
    out.message = e.message
    _struct(e.details, out.details)


def _attempt_pb(a: Attempt, out: pb.Attempt) -> None:
    out.number = a.number
    _ts(a.start_time, out.start_time)
    _ts(a.end_time, out.end_time)
    out.outcome = int(a.outcome)  # type: ignore[assignment]
    if a.error is not None:
        error_pb(a.error, out.error)
    out.worker = a.worker


def _ts_msg(t: float) -> timestamp_pb2.Timestamp:
    ns = int(t * 1e9)  # as Timestamp.FromNanoseconds, in one constructor call
    return timestamp_pb2.Timestamp(seconds=ns // 1_000_000_000, nanos=ns % 1_000_000_000)


def _dur_msg(s: float) -> duration_pb2.Duration:
    ns = int(s * 1e9)
    if ns < 0:
        d = duration_pb2.Duration()
        d.FromNanoseconds(ns)
        return d
    return duration_pb2.Duration(seconds=ns // 1_000_000_000, nanos=ns % 1_000_000_000)


_RETRY_PB: dict[RetryPolicy, bytes] = {}


def _retry_bytes(r: RetryPolicy) -> bytes:
    """A job's retry policy, serialized once per distinct policy (most jobs share one)."""
    cached = _RETRY_PB.get(r)
    if cached is None:
        m = pb.RetryPolicy(
            initial_backoff=_dur_msg(r.initial_backoff_s),
            max_backoff=_dur_msg(r.max_backoff_s),
            backoff_multiplier=r.multiplier,
            jitter=r.jitter,
            non_retryable_reasons=r.non_retryable_reasons,
        )
        cached = m.SerializeToString()
        if len(_RETRY_PB) < 256:
            _RETRY_PB[r] = cached
    return cached


def job_pb(job: Job, out: pb.Job | None = None) -> pb.Job:
    # Scalars and sub-messages go in through one constructor call: far cheaper
    # than setting fields one at a time on nested messages.
    kw: dict[str, Any] = {
        "id": job.id,
        "type": job.type,
        "status": int(job.status),
        "priority": job.priority,
        "attempt": job.attempt,
        "max_attempts": job.max_attempts,
        "create_time": _ts_msg(job.create_time),
        "update_time": _ts_msg(job.update_time),
        "request_id": job.request_id,
        "sequence": job.sequence,
        "tenant": job.tenant,
        "cancel_reason": job.cancel_reason,
    }
    if job.labels:
        kw["labels"] = job.labels
    for name, t in (
        ("start_time", job.start_time),
        ("end_time", job.end_time),
        ("schedule_time", job.schedule_time),
        ("next_attempt_time", job.next_attempt_time),
        ("expire_time", job.expire_time),
    ):
        if t is not None:
            kw[name] = _ts_msg(t)
    if job.timeout_s is not None:
        kw["timeout"] = _dur_msg(job.timeout_s)
    if job.heartbeat_timeout_s is not None:
        kw["heartbeat_timeout"] = _dur_msg(job.heartbeat_timeout_s)
    kw["progress"] = progress_msg(job.progress)
    m = pb.Job(**kw)
    m.retry_policy.MergeFromString(_retry_bytes(job.retry))
    _struct(job.payload, m.payload)
    if job.output is not None:
        _struct(job.output, m.output)
        m.output.SetInParent()
    elif job.error is not None:
        error_pb(job.error, m.error)
    for a in job.attempts:
        _attempt_pb(a, m.attempts.add())
    if out is not None:
        out.CopyFrom(m)
        return out
    return m


def event_pb(e: Event) -> svc.WatchProgressResponse:
    m = svc.WatchProgressResponse(
        sequence=e.sequence,
        status=pb.JobStatus.ValueType(e.status),
        kind=svc.WatchEventKind.ValueType(e.kind),
        attempt=e.attempt,
        progress=progress_msg(e.progress),
        event_time=None if e.time is None else _ts_msg(e.time),
    )
    if e.job is not None:
        job_pb(e.job, m.job)
    if e.terminal or e.job is not None:
        if e.output is not None:
            _struct(e.output, m.output)
            m.output.SetInParent()
        elif e.error is not None:
            error_pb(e.error, m.error)
    elif e.error is not None and e.kind == 2:  # RETRYING: the attempt's error
        error_pb(e.error, m.error)
    return m


def lifecycle_pb(e: Event) -> svc.WatchJobsResponse:
    """A WatchJobs message: a status event that carries the job after the change."""
    assert e.job is not None
    return svc.WatchJobsResponse(
        job=job_pb(e.job),
        status=pb.JobStatus.ValueType(e.status),
        sequence=e.sequence,
        event_time=None if e.time is None else _ts_msg(e.time),
    )


class _WireCache:
    """The serialized message of recent events, by identity: an event fanned out to
    many subscribers is converted and serialized once. Holds the event, so an id is
    never reused while its entry lives; bounded, oldest entry out first."""

    __slots__ = ("_build", "_entries", "_limit")

    def __init__(self, build: Callable[[Event], Any], limit: int = 4096) -> None:
        self._build = build
        self._limit = limit
        self._entries: dict[int, tuple[Event, bytes]] = {}

    def __call__(self, event: Event) -> bytes:
        entries = self._entries
        hit = entries.get(id(event))
        if hit is not None and hit[0] is event:
            return hit[1]
        data: bytes = self._build(event).SerializeToString()
        if len(entries) >= self._limit:
            del entries[next(iter(entries))]
        entries[id(event)] = (event, data)
        return data


#: A WatchProgress / WatchJobs message for ``event``, serialized (once per event).
event_wire = _WireCache(event_pb)
lifecycle_wire = _WireCache(lifecycle_pb)


# -- proto -> model ---------------------------------------------------------------


def _bad(message: str, field: str, reason: str = "INVALID_ARGUMENT") -> errors.InvalidArgument:
    return errors.InvalidArgument(message, reason=reason, field=field)


def _seconds(d: duration_pb2.Duration, field: str, *, allow_zero: bool = False) -> float:
    s = d.seconds + d.nanos / 1e9
    if not math.isfinite(s) or s < 0 or (s == 0 and not allow_zero) or s > MAX_DURATION_S:
        raise _bad(f"{field} must be between 0 and {MAX_DURATION_S:.0f}s, got {s}s", field)
    if d.nanos < 0 or d.nanos >= 1_000_000_000:
        raise _bad(f"{field} has out-of-range nanos", field)
    return s


def _time(t: timestamp_pb2.Timestamp, field: str) -> float:
    if not 0 <= t.nanos < 1_000_000_000:
        raise _bad(f"{field} has out-of-range nanos", field)
    value = t.seconds + t.nanos / 1e9
    now = time.time()
    if value > now + MAX_DURATION_S or value < 0:
        raise _bad(f"{field} must be within a year from now", field)
    return value


def _retry(r: pb.RetryPolicy) -> RetryPolicy:
    base = RetryPolicy()
    initial = (
        _seconds(r.initial_backoff, "retry_policy.initial_backoff", allow_zero=True)
        if r.HasField("initial_backoff")
        else base.initial_backoff_s
    )
    maximum = (
        _seconds(r.max_backoff, "retry_policy.max_backoff", allow_zero=True)
        if r.HasField("max_backoff")
        else max(base.max_backoff_s, initial)
    )
    mult = r.backoff_multiplier or base.multiplier
    if not math.isfinite(mult) or not 1.0 <= mult <= 100.0:
        raise _bad(
            "retry_policy.backoff_multiplier must be between 1 and 100",
            "retry_policy.backoff_multiplier",
        )
    jitter = r.jitter
    if not math.isfinite(jitter) or not 0.0 <= jitter <= 1.0:
        raise _bad("retry_policy.jitter must be between 0 and 1", "retry_policy.jitter")
    if maximum < initial:
        raise _bad(
            "retry_policy.max_backoff must not be below initial_backoff", "retry_policy.max_backoff"
        )
    reasons = tuple(r.non_retryable_reasons)
    if len(reasons) > 50 or any(len(x) > 100 for x in reasons):
        raise _bad(
            "retry_policy.non_retryable_reasons: at most 50 reasons of 100 characters",
            "retry_policy.non_retryable_reasons",
        )
    return RetryPolicy(
        initial_backoff_s=initial,
        max_backoff_s=maximum,
        multiplier=mult,
        jitter=jitter,
        non_retryable_reasons=reasons,
    )


def _labels(labels: Any) -> dict[str, str]:
    if len(labels) > MAX_LABELS:
        raise _bad(f"at most {MAX_LABELS} labels, got {len(labels)}", "labels")
    for k, v in labels.items():
        if not _LABEL_KEY.match(k):
            raise _bad(
                f"label key {k[:70]!r} must be 1-63 characters of letters, digits, '_', '.', '-', '/'",
                "labels",
            )
        if len(v) > 256:
            raise _bad(f"label {k!r} value is longer than 256 characters", "labels")
    return dict(labels)


class _NonFinite(Exception):
    pass


def _value(v: struct_pb2.Value) -> Any:
    kind = v.WhichOneof("kind")
    if kind == "number_value":
        x = v.number_value
        if x - x != 0:  # inf or nan
            raise _NonFinite
        return x
    if kind == "string_value":
        return v.string_value
    if kind == "bool_value":
        return v.bool_value
    if kind == "struct_value":
        return {k: _value(x) for k, x in v.struct_value.fields.items()}
    if kind == "list_value":
        return [_value(x) for x in v.list_value.values]
    return None


def struct_dict(s: struct_pb2.Struct) -> JsonDict:
    """``json_format.MessageToDict`` of a Struct, several times faster (same result and
    the same error for a non-finite number)."""
    try:
        return {k: _value(x) for k, x in s.fields.items()}
    except _NonFinite:
        return json_format.MessageToDict(s)  # raises as before


def _payload(req: svc.SubmitJobRequest) -> JsonDict:
    """The payload as JSON; NaN and Infinity have no JSON form and are refused."""
    if not req.HasField("payload"):
        return {}
    try:
        return struct_dict(req.payload)
    except ValueError as exc:
        raise _bad(f"payload is not valid JSON: {exc}", "payload", "INVALID_PAYLOAD") from None


def submit_spec(req: svc.SubmitJobRequest, max_payload_bytes: int) -> SubmitSpec:
    """Validate a SubmitJobRequest; every mistake is INVALID_ARGUMENT naming its field."""
    if not req.type:
        raise _bad(
            'type is empty; name a registered handler such as "demo.echo"',
            "type",
            "UNKNOWN_JOB_TYPE",
        )
    if len(req.type) > MAX_TYPE:
        raise _bad(f"type is longer than {MAX_TYPE} characters", "type", "UNKNOWN_JOB_TYPE")
    size = req.payload.ByteSize()
    if size > max_payload_bytes:
        raise _bad(
            f"payload is {size} bytes; the limit is {max_payload_bytes}",
            "payload",
            "PAYLOAD_TOO_LARGE",
        )
    priority = req.priority if req.HasField("priority") else 50
    if not 0 <= priority <= 100:
        raise _bad(f"priority must be between 0 and 100, got {priority}", "priority")
    if len(req.request_id) > MAX_REQUEST_ID:
        raise _bad(f"request_id is longer than {MAX_REQUEST_ID} characters", "request_id")
    if not 0 <= req.max_attempts <= 100:
        raise _bad(
            f"max_attempts must be between 1 and 100 (0: server default), got {req.max_attempts}",
            "max_attempts",
        )
    digest = ""
    if req.request_id:  # the hash only matters to an idempotent (request_id) submit
        canon = svc.SubmitJobRequest()
        canon.CopyFrom(req)
        canon.ClearField("request_id")
        digest = hashlib.sha256(canon.SerializeToString(deterministic=True)).hexdigest()
    payload = _payload(req)
    return SubmitSpec(
        type=req.type,
        payload=payload,
        priority=priority,
        labels=_labels(req.labels),
        request_id=req.request_id,
        request_hash=digest,
        timeout_s=_seconds(req.timeout, "timeout") if req.HasField("timeout") else None,
        max_attempts=req.max_attempts,
        retry=_retry(req.retry_policy) if req.HasField("retry_policy") else None,
        schedule_time=_time(req.schedule_time, "schedule_time")
        if req.HasField("schedule_time")
        else None,
        heartbeat_timeout_s=_seconds(req.heartbeat_timeout, "heartbeat_timeout")
        if req.HasField("heartbeat_timeout")
        else None,
        ttl_s=_seconds(req.ttl, "ttl") if req.HasField("ttl") else None,
        start_paused=req.start_paused,
    )


def progress_interval(req: svc.WatchProgressRequest) -> float | None:
    """WatchProgress's ``progress_interval`` in seconds (None: unset or zero)."""
    if not req.HasField("progress_interval"):
        return None
    s = _seconds(req.progress_interval, "progress_interval", allow_zero=True)
    if s > 3600:
        raise _bad(f"progress_interval must be at most 3600s, got {s}s", "progress_interval")
    return s or None


def wait_timeout(req: svc.WaitJobRequest) -> float | None:
    if not req.HasField("timeout"):
        return None
    return _seconds(req.timeout, "timeout", allow_zero=True)

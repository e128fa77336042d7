"""Results → protobuf: jobs, watch events, and their pre-serialized wire forms.

The hot path of every answer and every watch event: messages are built through
one constructor call each where the library allows it (far cheaper than setting
fields one at a time), a retry policy is serialized once per distinct policy, and
an event fanned out to many watchers is serialized once (:data:`event_wire`). Wire
types are imported by module name (``pb``, ``svc``) so they never blur into domain
types.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from google.protobuf import duration_pb2, struct_pb2, timestamp_pb2
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


def lifecycle_pb(e: Event, cursor: str = "") -> svc.WatchJobsResponse:
    """A WatchJobs message: a status event that carries the job after the change,
    and its cursor."""
    assert e.job is not None
    return svc.WatchJobsResponse(
        job=job_pb(e.job),
        status=pb.JobStatus.ValueType(e.status),
        sequence=e.sequence,
        event_time=None if e.time is None else _ts_msg(e.time),
        kind=svc.WatchEventKind.ValueType(e.kind),
        cursor=cursor,
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

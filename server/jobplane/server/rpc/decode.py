"""Protobuf → API requests (:mod:`jobplane.server.api.requests`).

Each function reads one request message and builds the request through the checks
declared beside it, in a fixed order (the cheap ones first, the payload's
conversion after its size is known), so the first mistake a caller made is the one
reported. Only what is particular to the wire lives here: presence of optional
fields, a ``Struct`` as JSON, the digest of a request for idempotency. Wire types
are imported by module name (``pb``, ``svc``) so they never blur into domain types.
"""

from __future__ import annotations

import hashlib
from typing import Any

from google.protobuf import duration_pb2, json_format, struct_pb2, timestamp_pb2
from jobplane.server.api import many
from jobplane.server.api import requests as rq
from jobplane.server.api.config import ApiConfig
from jobplane.server.domain import errors
from jobplane.server.domain.model import JsonDict, RetryPolicy
from jobplane.server.events.watchlog import decode_cursor
from jobplane.v1 import job_pb2 as pb
from jobplane.v1 import job_service_pb2 as svc


def _seconds(d: duration_pb2.Duration, field: str, *, allow_zero: bool = False) -> float:
    return rq.duration_s(d.seconds, d.nanos, field, allow_zero=allow_zero)


def _time(t: timestamp_pb2.Timestamp, field: str) -> float:
    return rq.time_s(t.seconds, t.nanos, field)


class _NonFinite(Exception):
    """A NaN or infinity in a Struct: it has no JSON form."""


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
        return rq.payload_depth(struct_dict(req.payload))
    except ValueError as exc:
        raise rq.bad(f"payload is not valid JSON: {exc}", "payload", "INVALID_PAYLOAD") from None


def _retry(r: pb.RetryPolicy) -> RetryPolicy:
    initial = (
        _seconds(r.initial_backoff, "retry_policy.initial_backoff", allow_zero=True)
        if r.HasField("initial_backoff")
        else None
    )
    maximum = (
        _seconds(r.max_backoff, "retry_policy.max_backoff", allow_zero=True)
        if r.HasField("max_backoff")
        else None
    )
    return rq.retry_policy(
        initial, maximum, r.backoff_multiplier, r.jitter, tuple(r.non_retryable_reasons)
    )


def _request_hash(req: svc.SubmitJobRequest) -> str:
    """The digest of the request without its request_id ("" without one: the hash
    only matters to an idempotent submit)."""
    if not req.request_id:
        return ""
    canon = svc.SubmitJobRequest()
    canon.CopyFrom(req)
    canon.ClearField("request_id")
    return hashlib.sha256(canon.SerializeToString(deterministic=True)).hexdigest()


def _optional_seconds(req: Any, field: str) -> float | None:
    return _seconds(getattr(req, field), field) if req.HasField(field) else None


def submit_job(req: svc.SubmitJobRequest, limits: ApiConfig) -> rq.SubmitJob:
    """Every mistake is INVALID_ARGUMENT naming its field."""
    job_type = rq.job_type(req.type)
    rq.payload_size(req.payload.ByteSize(), limits)
    priority = rq.priority(req.priority if req.HasField("priority") else None)
    request_id = rq.request_id(req.request_id)
    max_attempts = rq.max_attempts(req.max_attempts)
    request_hash = _request_hash(req)
    payload = _payload(req)
    return rq.SubmitJob(
        type=job_type,
        payload=payload,
        priority=priority,
        labels=rq.labels(req.labels),
        request_id=request_id,
        request_hash=request_hash,
        timeout_s=_optional_seconds(req, "timeout"),
        max_attempts=max_attempts,
        retry=_retry(req.retry_policy) if req.HasField("retry_policy") else None,
        schedule_time=_time(req.schedule_time, "schedule_time")
        if req.HasField("schedule_time")
        else None,
        heartbeat_timeout_s=_optional_seconds(req, "heartbeat_timeout"),
        ttl_s=_optional_seconds(req, "ttl"),
        start_paused=req.start_paused,
    )


def submit_jobs(req: svc.SubmitJobsRequest, limits: ApiConfig) -> list[rq.SubmitJob]:
    """Every item checked as SubmitJob checks it; the first mistake names
    ``requests[i].field``."""
    many.batch_size(len(req.requests))
    out = []
    for i, item in enumerate(req.requests):
        try:
            out.append(submit_job(item, limits))
        except errors.InvalidArgumentError as exc:
            raise many.in_batch(i, exc) from None
    return out


def many_jobs(
    req: svc.CancelJobsRequest | svc.RetryJobsRequest | svc.DeleteJobsRequest,
) -> many.ManyJobs:
    node = many.required_filter(req.filter)
    limit = many.max_jobs(req.max_jobs)
    if isinstance(req, svc.CancelJobsRequest):
        reason = rq.cancel_reason(req.reason)
        return many.ManyJobs(filter=node, max_jobs=limit, reason=reason, force=req.force)
    return many.ManyJobs(filter=node, max_jobs=limit)


def job_ref(
    req: svc.GetJobRequest | svc.PauseJobRequest | svc.ResumeJobRequest | svc.DeleteJobRequest,
) -> rq.JobRef:
    return rq.JobRef(rq.job_id(req.job_id))


def cancel_job(req: svc.CancelJobRequest) -> rq.CancelJob:
    reason = rq.cancel_reason(req.reason)
    return rq.CancelJob(job_id=rq.job_id(req.job_id), reason=reason, force=req.force)


def retry_job(req: svc.RetryJobRequest) -> rq.RetryJob:
    additional = rq.additional_attempts(req.additional_attempts)
    return rq.RetryJob(job_id=rq.job_id(req.job_id), additional_attempts=additional)


def list_jobs(req: svc.ListJobsRequest, limits: ApiConfig) -> rq.ListJobs:
    size = rq.page_size(req.page_size, limits)
    return rq.ListJobs(
        filter_text=req.filter,
        filter=rq.filter_node(req.filter),
        page_size=size,
        page_token=req.page_token,
    )


def watch_jobs(req: svc.WatchJobsRequest) -> rq.WatchJobs:
    after = decode_cursor(req.after_cursor) if req.after_cursor else None
    return rq.WatchJobs(filter_text=req.filter, filter=rq.filter_node(req.filter), after=after)


def wait_job(req: svc.WaitJobRequest, limits: ApiConfig) -> rq.WaitJob:
    timeout = _seconds(req.timeout, "timeout", allow_zero=True) if req.HasField("timeout") else None
    return rq.WaitJob(job_id=rq.job_id(req.job_id), timeout_s=rq.wait_timeout(timeout, limits))


def watch_progress(req: svc.WatchProgressRequest) -> rq.WatchProgress:
    interval = (
        _seconds(req.progress_interval, "progress_interval", allow_zero=True)
        if req.HasField("progress_interval")
        else None
    )
    interval = rq.progress_interval(interval)
    after = rq.after_sequence(req.after_sequence)
    return rq.WatchProgress(
        job_id=rq.job_id(req.job_id), after_sequence=after, progress_interval_s=interval
    )

"""Building request messages from Python values (the client's keyword arguments)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from google.protobuf import duration_pb2, struct_pb2, timestamp_pb2
from jobplane.v1 import job_service_pb2

#: AsyncJobClient.submit's keyword arguments (their defaults are the message's).
SUBMIT_OPTIONS = frozenset(
    {"priority", "labels", "timeout_s", "max_attempts", "retry_policy", "schedule_time"}
    | {"heartbeat_timeout_s", "ttl_s", "start_paused", "request_id"}
)


def submit_request(
    job_type: str, payload: Mapping[str, Any] | None, options: Mapping[str, Any]
) -> job_service_pb2.SubmitJobRequest:
    """A SubmitJobRequest from :meth:`AsyncJobClient.submit`'s arguments (``options``:
    its keyword arguments, absent ones meaning unset); a fresh UUID as request_id
    unless one is given."""
    unknown = set(options) - SUBMIT_OPTIONS
    if unknown:
        raise TypeError(f"unknown submit options: {', '.join(sorted(unknown))}")
    get = options.get
    return job_service_pb2.SubmitJobRequest(
        type=job_type,
        payload=struct(payload or {}),
        priority=get("priority"),
        labels=get("labels"),
        request_id=get("request_id") or str(uuid.uuid4()),
        timeout=duration(get("timeout_s")),
        max_attempts=get("max_attempts", 0),
        retry_policy=get("retry_policy"),
        schedule_time=timestamp(get("schedule_time")),
        heartbeat_timeout=duration(get("heartbeat_timeout_s")),
        ttl=duration(get("ttl_s")),
        start_paused=get("start_paused", False),
    )


def struct(values: Mapping[str, Any]) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    struct.update(values)
    return struct


def duration(seconds: float | None) -> duration_pb2.Duration | None:
    if seconds is None:
        return None
    duration = duration_pb2.Duration()
    duration.FromNanoseconds(round(seconds * 1e9))
    return duration


def timestamp(moment: datetime | None) -> timestamp_pb2.Timestamp | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise ValueError("schedule_time must be timezone-aware")
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(moment)
    return stamp

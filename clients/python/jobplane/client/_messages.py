"""Building request messages from Python values (the client's keyword arguments)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from google.protobuf import duration_pb2, struct_pb2, timestamp_pb2
from jobplane.v1 import job_pb2, job_service_pb2


def submit_request(
    job_type: str,
    payload: Mapping[str, Any] | None,
    *,
    priority: int | None = None,
    labels: Mapping[str, str] | None = None,
    timeout_s: float | None = None,
    max_attempts: int = 0,
    retry_policy: job_pb2.RetryPolicy | None = None,
    schedule_time: datetime | None = None,
    heartbeat_timeout_s: float | None = None,
    ttl_s: float | None = None,
    start_paused: bool = False,
    request_id: str | None = None,
) -> job_service_pb2.SubmitJobRequest:
    """A SubmitJobRequest; a fresh UUID as request_id unless one is given."""
    return job_service_pb2.SubmitJobRequest(
        type=job_type,
        payload=struct(payload or {}),
        priority=priority,
        labels=labels,
        request_id=request_id or str(uuid.uuid4()),
        timeout=duration(timeout_s),
        max_attempts=max_attempts,
        retry_policy=retry_policy,
        schedule_time=timestamp(schedule_time),
        heartbeat_timeout=duration(heartbeat_timeout_s),
        ttl=duration(ttl_s),
        start_paused=start_paused,
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

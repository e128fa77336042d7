"""rpc/encode.py and the wire half of rpc/decode.py: the fast constructor-call encoders
give exactly the message the protobuf JSON mapping gives, a SubmitJob request survives
decode → job → encode, and the wire caches serialize each event once."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import pytest
from google.protobuf import duration_pb2, json_format, struct_pb2, timestamp_pb2
from jobplane.server.domain.model import (
    Attempt,
    Event,
    EventKind,
    Job,
    JobError,
    JobStatus,
    Progress,
    RetryPolicy,
    progress_event,
    status_event,
)
from jobplane.server.rpc import decode, encode
from jobplane.v1 import job_pb2 as pb
from jobplane.v1 import job_service_pb2 as svc

from .test_decode_limits import LIMITS

T0 = 1_767_225_600.25  # 2026-01-01T00:00:00.250Z
ERROR = JobError(code="INTERNAL", reason="HANDLER_ERROR", message="boom", details={"n": 1.0})


def full_job(**changes: Any) -> Job:
    """A job with every field the encoder writes set to something other than its default."""
    job = Job(
        id="0190a5b2-7c3e-7d41-9a8b-3f2e1d0c9b8a",
        type="demo.echo",
        tenant="acme",
        payload={"a": [1.0, "x", True, None, {"b": {}}]},
        status=JobStatus.FAILED,
        priority=75,
        labels={"team": "ml", "env": "prod"},
        progress=Progress(
            current=3, total=4, message="3/4", details={"k": "v"}, update_time=T0 + 1
        ),
        error=ERROR,
        attempt=2,
        max_attempts=2,
        create_time=T0,
        update_time=T0 + 9,
        start_time=T0 + 2,
        end_time=T0 + 9,
        request_id="req-1",
        sequence=12,
        timeout_s=30.5,
        retry=RetryPolicy(
            initial_backoff_s=0.5, max_backoff_s=8, multiplier=3, jitter=0.25,
            non_retryable_reasons=("BAD",),
        ),
        schedule_time=T0 + 1,
        heartbeat_timeout_s=5.0,
        expire_time=T0 + 3600,
        cancel_reason="",
        attempts=(
            Attempt(number=1, start_time=T0 + 2, end_time=T0 + 4, outcome=JobStatus.FAILED,
                    error=ERROR, worker="w1"),
            Attempt(number=2, start_time=T0 + 5, end_time=T0 + 9, outcome=JobStatus.FAILED,
                    error=ERROR, worker="w1"),
        ),
    )  # fmt: skip
    return dataclasses.replace(job, **changes)


def _ts(t: float) -> str:
    ts = timestamp_pb2.Timestamp()
    ts.FromNanoseconds(int(t * 1e9))
    return ts.ToJsonString()


def expected_job(job: Job) -> pb.Job:
    """What the slow, obvious path gives: the job as proto JSON, parsed."""
    error = {"code": ERROR.code, "reason": ERROR.reason, "message": ERROR.message,
             "details": ERROR.details}  # fmt: skip
    doc = {
        "id": job.id, "type": job.type, "tenant": job.tenant, "payload": job.payload,
        "status": int(job.status), "priority": job.priority, "labels": dict(job.labels),
        "progress": {"current": 3, "total": 4, "percent": 75, "message": "3/4",
                     "details": {"k": "v"}, "updateTime": _ts(T0 + 1)},
        "error": error, "attempt": 2, "maxAttempts": 2, "createTime": _ts(T0),
        "updateTime": _ts(T0 + 9), "startTime": _ts(T0 + 2), "endTime": _ts(T0 + 9),
        "requestId": "req-1", "sequence": 12, "timeout": "30.500s",
        "retryPolicy": {"initialBackoff": "0.500s", "maxBackoff": "8s", "backoffMultiplier": 3,
                        "jitter": 0.25, "nonRetryableReasons": ["BAD"]},
        "scheduleTime": _ts(T0 + 1), "heartbeatTimeout": "5s", "expireTime": _ts(T0 + 3600),
        "attempts": [
            {"number": n, "startTime": _ts(s), "endTime": _ts(e), "outcome": int(JobStatus.FAILED),
             "error": error, "worker": "w1"}
            for n, s, e in ((1, T0 + 2, T0 + 4), (2, T0 + 5, T0 + 9))
        ],
    }  # fmt: skip
    return json_format.ParseDict(doc, pb.Job())


def test_job_pb_is_what_the_json_mapping_gives() -> None:
    job = full_job()
    assert encode.job_pb(job) == expected_job(job)
    into = pb.Job(id="stale")
    assert encode.job_pb(job, into) is into and into == expected_job(job)


def test_job_pb_output_and_unset_fields() -> None:
    done = full_job(status=JobStatus.SUCCEEDED, error=None, output={}, attempts=())
    m = encode.job_pb(done)
    assert m.HasField("output") and not m.HasField("error")  # an empty result is still set
    bare = Job(id="j", type="t", create_time=T0, update_time=T0)
    m = encode.job_pb(bare)
    for field in ("start_time", "end_time", "timeout", "heartbeat_timeout", "schedule_time",
                  "expire_time", "output", "error", "payload"):  # fmt: skip
        assert not m.HasField(field), field


def test_negative_durations_encode() -> None:
    m = encode.job_pb(full_job(timeout_s=-1.5))
    assert m.timeout.ToNanoseconds() == -1_500_000_000


def test_submit_round_trip() -> None:
    """A request, decoded and made a job the way the manager does, encodes back to the
    same fields."""
    request = svc.SubmitJobRequest(
        type="demo.echo",
        priority=0,
        labels={"team": "ml"},
        request_id="r1",
        timeout=duration_pb2.Duration(seconds=90, nanos=500_000_000),
        max_attempts=7,
        retry_policy=pb.RetryPolicy(
            initial_backoff=duration_pb2.Duration(seconds=2),
            max_backoff=duration_pb2.Duration(seconds=30),
            backoff_multiplier=1.5,
            jitter=0.5,
            non_retryable_reasons=["BAD_INPUT"],
        ),
        schedule_time=timestamp_pb2.Timestamp(seconds=int(T0), nanos=250_000_000),
        heartbeat_timeout=duration_pb2.Duration(seconds=10),
    )
    request.payload.update({"n": 1.5, "list": [1.0, "two", None], "nested": {"ok": True}})
    spec = decode.submit_job(request, LIMITS)
    assert spec.request_hash and spec.priority == 0  # an explicit 0, not the default 50
    job = Job(
        id="j", type=spec.type, payload=spec.payload, priority=spec.priority,
        labels=spec.labels, request_id=spec.request_id, timeout_s=spec.timeout_s,
        max_attempts=spec.max_attempts, retry=spec.retry or RetryPolicy(),
        schedule_time=spec.schedule_time, heartbeat_timeout_s=spec.heartbeat_timeout_s,
        create_time=T0, update_time=T0,
    )  # fmt: skip
    back = encode.job_pb(job)
    for field in ("type", "payload", "priority", "labels", "request_id", "timeout",
                  "max_attempts", "retry_policy", "heartbeat_timeout"):  # fmt: skip
        assert getattr(back, field) == getattr(request, field), field
    # Times are held as float seconds: at today's epoch that keeps a quarter of a
    # microsecond, so a timestamp comes back within a microsecond (not to the ns).
    sent, got = request.schedule_time.ToNanoseconds(), back.schedule_time.ToNanoseconds()
    assert abs(sent - got) < 1000


def test_request_hash_ignores_only_the_request_id() -> None:
    def digest(**kw: Any) -> str:
        return decode.submit_job(svc.SubmitJobRequest(type="demo.echo", **kw), LIMITS).request_hash

    assert digest() == ""  # no request_id: nothing to compare
    assert digest(request_id="a", priority=5) == digest(request_id="b", priority=5)
    assert digest(request_id="a", priority=5) != digest(request_id="a", priority=6)


@pytest.mark.parametrize(
    "value",
    [{}, {"a": 1.0, "b": "s", "c": True, "d": None}, {"deep": [[{"x": [1.0, []]}], {}]}],
)
def test_struct_dict_matches_the_json_mapping(value: dict[str, Any]) -> None:
    s = struct_pb2.Struct()
    s.update(value)
    assert decode.struct_dict(s) == json_format.MessageToDict(s) == value


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_struct_dict_refuses_non_finite_as_the_json_mapping_does(bad: float) -> None:
    s = struct_pb2.Struct()
    s.update({"ok": 1.0, "nested": {"x": [bad]}})
    with pytest.raises(ValueError) as ours:
        decode.struct_dict(s)
    with pytest.raises(ValueError) as theirs:
        json_format.MessageToDict(s)
    assert str(ours.value) == str(theirs.value)


def test_progress_event() -> None:
    p = Progress(current=1, total=8, message="m", update_time=T0)
    m = encode.event_pb(progress_event("j", 4, 2, p))
    assert (m.sequence, m.kind, m.status, m.attempt) == (
        4,
        EventKind.PROGRESS,
        pb.JOB_STATUS_RUNNING,
        2,
    )
    assert m.progress.percent == 12.5 and m.progress.update_time.ToNanoseconds() == int(T0 * 1e9)
    assert not m.HasField("job") and not m.HasField("error") and not m.HasField("output")


def test_terminal_and_retrying_events() -> None:
    done = full_job(status=JobStatus.SUCCEEDED, error=None, output={"r": 1.0})
    m = encode.event_pb(status_event(done))
    assert m.job == encode.job_pb(done) and m.output["r"] == 1.0
    retrying = status_event(full_job(status=JobStatus.RETRYING))
    assert retrying.job is None
    m = encode.event_pb(retrying)
    assert m.error.reason == "HANDLER_ERROR", "a RETRYING event carries the attempt's error"
    snapshot = dataclasses.replace(retrying, kind=EventKind.SNAPSHOT, job=retrying.job)
    assert not encode.event_pb(snapshot).HasField("error")


def test_wire_caches_serialize_each_event_once() -> None:
    job = full_job(status=JobStatus.SUCCEEDED, error=None, output={})
    event = status_event(job)
    first = encode.event_wire(event)
    assert encode.event_wire(event) is first  # the same bytes object: built once
    assert svc.WatchProgressResponse.FromString(first) == encode.event_pb(event)
    twin = dataclasses.replace(event)  # equal, but another event: its own entry
    assert encode.event_wire(twin) == first
    listed = encode.lifecycle_pb(event, "jw-cursor")
    assert listed.job == encode.job_pb(job) and listed.sequence == job.sequence
    assert listed.status == pb.JOB_STATUS_SUCCEEDED and listed.cursor == "jw-cursor"


def test_event_wire_cache_is_bounded() -> None:
    cache = encode._WireCache(encode.event_pb, limit=2)
    events = [
        Event(job_id="j", sequence=i, kind=EventKind.PROGRESS, status=JobStatus.RUNNING,
              progress=Progress(current=i), attempt=1, time=T0)
        for i in range(3)
    ]  # fmt: skip
    data = [cache(e) for e in events]
    assert len(cache._entries) == 2
    assert cache(events[2]) is data[2] and cache(events[0]) is not data[0]  # oldest went first

"""Every limit of api/requests.py at its edge, through rpc/decode.py: exactly at the
limit is accepted, one past is INVALID_ARGUMENT with the documented reason and field."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from typing import Any

import grpc
import pytest
from google.protobuf import duration_pb2, timestamp_pb2
from jobplane.server.api import requests as rq
from jobplane.server.api.config import ApiConfig
from jobplane.server.domain import errors
from jobplane.server.rpc import decode, status
from jobplane.v1 import job_pb2 as pb
from jobplane.v1 import job_service_pb2 as svc

LIMITS = ApiConfig()
JOB_ID = "0190a5b2-7c3e-7d41-9a8b-3f2e1d0c9b8a"


def refused(build: Callable[[], object]) -> errors.ServerError:
    """The error ``build`` raises, checked to reach a caller as INVALID_ARGUMENT."""
    with pytest.raises(errors.InvalidArgumentError) as caught:
        build()
    err = caught.value
    assert status.CODES[err.code] is grpc.StatusCode.INVALID_ARGUMENT
    assert err.field, "every refusal names its field"
    return err


def submit(limits: ApiConfig = LIMITS, **fields: Any) -> rq.SubmitJob:
    fields.setdefault("type", "demo.echo")
    return decode.submit_job(svc.SubmitJobRequest(**fields), limits)


def dur(seconds: int, nanos: int = 0) -> duration_pb2.Duration:
    return duration_pb2.Duration(seconds=seconds, nanos=nanos)


MAX_S = int(rq.MAX_DURATION_S)
#: Durations are compared as float seconds: a year's worth of seconds holds about
#: 4 ns of precision, so "one past" the longest duration is a microsecond past.
PAST_NS = 1000

#: (what, the request exactly at the limit, one past it, reason, field)
SUBMIT_EDGES: list[tuple[str, dict[str, Any], dict[str, Any], str, str]] = [
    ("type length", {"type": "t" * rq.MAX_TYPE}, {"type": "t" * (rq.MAX_TYPE + 1)}, "UNKNOWN_JOB_TYPE", "type"),
    ("type empty", {"type": "t"}, {"type": ""}, "UNKNOWN_JOB_TYPE", "type"),
    ("priority high", {"priority": 100}, {"priority": 101}, "INVALID_ARGUMENT", "priority"),
    ("priority low", {"priority": 0}, {"priority": -1}, "INVALID_ARGUMENT", "priority"),
    ("request_id", {"request_id": "r" * rq.MAX_REQUEST_ID}, {"request_id": "r" * (rq.MAX_REQUEST_ID + 1)}, "INVALID_ARGUMENT", "request_id"),
    ("max_attempts", {"max_attempts": rq.MAX_ATTEMPTS}, {"max_attempts": rq.MAX_ATTEMPTS + 1}, "INVALID_ARGUMENT", "max_attempts"),
    ("max_attempts low", {"max_attempts": 0}, {"max_attempts": -1}, "INVALID_ARGUMENT", "max_attempts"),
    ("label count", {"labels": {f"k{i}": "v" for i in range(rq.MAX_LABELS)}}, {"labels": {f"k{i}": "v" for i in range(rq.MAX_LABELS + 1)}}, "INVALID_ARGUMENT", "labels"),
    ("label key length", {"labels": {"k" * 63: "v"}}, {"labels": {"k" * 64: "v"}}, "INVALID_ARGUMENT", "labels"),
    ("label key shape", {"labels": {"a.b/c-d_e": "v"}}, {"labels": {"-a": "v"}}, "INVALID_ARGUMENT", "labels"),
    ("label value", {"labels": {"k": "v" * rq.MAX_LABEL_VALUE}}, {"labels": {"k": "v" * (rq.MAX_LABEL_VALUE + 1)}}, "INVALID_ARGUMENT", "labels"),
    ("timeout max", {"timeout": dur(MAX_S)}, {"timeout": dur(MAX_S, PAST_NS)}, "INVALID_ARGUMENT", "timeout"),
    ("timeout zero", {"timeout": dur(0, 1)}, {"timeout": dur(0)}, "INVALID_ARGUMENT", "timeout"),
    ("timeout nanos", {"timeout": dur(1, 999_999_999)}, {"timeout": dur(1, 1_000_000_000)}, "INVALID_ARGUMENT", "timeout"),
    ("timeout negative nanos", {"timeout": dur(1, 0)}, {"timeout": dur(1, -1)}, "INVALID_ARGUMENT", "timeout"),
    ("heartbeat_timeout", {"heartbeat_timeout": dur(MAX_S)}, {"heartbeat_timeout": dur(MAX_S + 1)}, "INVALID_ARGUMENT", "heartbeat_timeout"),
    ("ttl", {"ttl": dur(MAX_S)}, {"ttl": dur(MAX_S + 1)}, "INVALID_ARGUMENT", "ttl"),
    ("multiplier high", {"retry_policy": pb.RetryPolicy(backoff_multiplier=100.0)}, {"retry_policy": pb.RetryPolicy(backoff_multiplier=100.001)}, "INVALID_ARGUMENT", "retry_policy.backoff_multiplier"),
    ("multiplier low", {"retry_policy": pb.RetryPolicy(backoff_multiplier=1.0)}, {"retry_policy": pb.RetryPolicy(backoff_multiplier=0.999)}, "INVALID_ARGUMENT", "retry_policy.backoff_multiplier"),
    ("jitter", {"retry_policy": pb.RetryPolicy(jitter=1.0)}, {"retry_policy": pb.RetryPolicy(jitter=1.001)}, "INVALID_ARGUMENT", "retry_policy.jitter"),
    ("backoff order", {"retry_policy": pb.RetryPolicy(initial_backoff=dur(5), max_backoff=dur(5))}, {"retry_policy": pb.RetryPolicy(initial_backoff=dur(5), max_backoff=dur(4))}, "INVALID_ARGUMENT", "retry_policy.max_backoff"),
    ("backoff range", {"retry_policy": pb.RetryPolicy(initial_backoff=dur(0))}, {"retry_policy": pb.RetryPolicy(initial_backoff=dur(-1))}, "INVALID_ARGUMENT", "retry_policy.initial_backoff"),
    ("reason count", {"retry_policy": pb.RetryPolicy(non_retryable_reasons=["R"] * 50)}, {"retry_policy": pb.RetryPolicy(non_retryable_reasons=["R"] * 51)}, "INVALID_ARGUMENT", "retry_policy.non_retryable_reasons"),
    ("reason length", {"retry_policy": pb.RetryPolicy(non_retryable_reasons=["R" * 100])}, {"retry_policy": pb.RetryPolicy(non_retryable_reasons=["R" * 101])}, "INVALID_ARGUMENT", "retry_policy.non_retryable_reasons"),
    ("schedule before 1970", {"schedule_time": timestamp_pb2.Timestamp(seconds=0)}, {"schedule_time": timestamp_pb2.Timestamp(seconds=-1)}, "INVALID_ARGUMENT", "schedule_time"),
    ("schedule nanos", {"schedule_time": timestamp_pb2.Timestamp(seconds=1, nanos=999_999_999)}, {"schedule_time": timestamp_pb2.Timestamp(seconds=1, nanos=-1)}, "INVALID_ARGUMENT", "schedule_time"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("at", "past", "reason", "field"),
    [e[1:] for e in SUBMIT_EDGES],
    ids=[e[0] for e in SUBMIT_EDGES],
)
def test_submit_limit_edges(
    at: dict[str, Any], past: dict[str, Any], reason: str, field: str
) -> None:
    submit(**at)
    err = refused(lambda: submit(**past))
    assert (err.reason, err.field) == (reason, field), err.message


def test_schedule_time_reaches_a_year_from_now() -> None:
    year = int(time.time() + rq.MAX_DURATION_S)
    spec = submit(schedule_time=timestamp_pb2.Timestamp(seconds=year - 60))
    assert spec.schedule_time == year - 60
    err = refused(lambda: submit(schedule_time=timestamp_pb2.Timestamp(seconds=year + 60)))
    assert err.message == "schedule_time must be within a year from now"


def test_payload_size_edge() -> None:
    request = svc.SubmitJobRequest(type="demo.echo")
    request.payload.update({"blob": "x" * 1000})
    size = request.payload.ByteSize()
    assert decode.submit_job(request, dataclasses.replace(LIMITS, max_payload_bytes=size)).payload[
        "blob"
    ]
    err = refused(
        lambda: decode.submit_job(request, dataclasses.replace(LIMITS, max_payload_bytes=size - 1))
    )
    assert (err.reason, err.field) == ("PAYLOAD_TOO_LARGE", "payload")
    assert err.message == f"payload is {size} bytes; the limit is {size - 1}"


def test_non_finite_payload_is_invalid_payload() -> None:
    request = svc.SubmitJobRequest(type="demo.echo")
    request.payload.update({"x": float("nan")})
    err = refused(lambda: decode.submit_job(request, LIMITS))
    assert (err.reason, err.field) == ("INVALID_PAYLOAD", "payload")


def test_first_mistake_is_the_one_reported() -> None:
    """The checks run in a fixed order: type, payload size, priority, request_id, …"""
    err = refused(lambda: submit(type="", priority=500, labels={"-": "v"}))
    assert err.field == "type"
    err = refused(lambda: submit(priority=500, labels={"-": "v"}, timeout=dur(-5)))
    assert err.field == "priority"
    err = refused(lambda: submit(labels={"-": "v"}, timeout=dur(-5)))
    assert err.field == "labels"


@pytest.mark.parametrize(
    ("value", "normal"),
    [(JOB_ID, JOB_ID), (f"  {JOB_ID.upper()} ", JOB_ID)],
)
def test_job_id_is_normalised(value: str, normal: str) -> None:
    assert decode.job_ref(svc.GetJobRequest(job_id=value)).job_id == normal


@pytest.mark.parametrize("value", ["", "x", JOB_ID[:-1], JOB_ID + "0", JOB_ID.replace("-", "_")])
def test_malformed_job_ids(value: str) -> None:
    for build in (
        lambda: decode.job_ref(svc.PauseJobRequest(job_id=value)),
        lambda: decode.cancel_job(svc.CancelJobRequest(job_id=value)),
        lambda: decode.retry_job(svc.RetryJobRequest(job_id=value)),
        lambda: decode.wait_job(svc.WaitJobRequest(job_id=value), LIMITS),
        lambda: decode.watch_progress(svc.WatchProgressRequest(job_id=value)),
    ):
        err = refused(build)
        assert (err.reason, err.field) == ("INVALID_JOB_ID", "job_id")


def test_cancel_reason_edge() -> None:
    at = decode.cancel_job(svc.CancelJobRequest(job_id=JOB_ID, reason="r" * 1000, force=True))
    assert at.force and len(at.reason) == rq.MAX_CANCEL_REASON
    err = refused(lambda: decode.cancel_job(svc.CancelJobRequest(job_id=JOB_ID, reason="r" * 1001)))
    assert err.field == "reason"


@pytest.mark.parametrize(("at", "past"), [(100, 101), (0, -1)])
def test_additional_attempts_edges(at: int, past: int) -> None:
    ok = decode.retry_job(svc.RetryJobRequest(job_id=JOB_ID, additional_attempts=at))
    assert ok.additional_attempts == at
    err = refused(
        lambda: decode.retry_job(svc.RetryJobRequest(job_id=JOB_ID, additional_attempts=past))
    )
    assert err.field == "additional_attempts"


@pytest.mark.parametrize(("at", "past"), [(1000, 1001), (0, -1)])
def test_page_size_edges(at: int, past: int) -> None:
    ok = decode.list_jobs(svc.ListJobsRequest(page_size=at), LIMITS)
    assert ok.page_size == (at or LIMITS.default_page_size)
    err = refused(lambda: decode.list_jobs(svc.ListJobsRequest(page_size=past), LIMITS))
    assert (err.reason, err.field) == ("INVALID_PAGE_SIZE", "page_size")


def _filter_of_length(n: int) -> str:
    head = 'type = "'
    return head + "x" * (n - len(head) - 1) + '"'


def test_filter_length_edge() -> None:
    text = _filter_of_length(rq.MAX_FILTER_LEN)
    assert len(text) == rq.MAX_FILTER_LEN
    assert decode.list_jobs(svc.ListJobsRequest(filter=text), LIMITS).filter is not None
    assert decode.watch_jobs(svc.WatchJobsRequest(filter=text)).filter is not None
    long = _filter_of_length(rq.MAX_FILTER_LEN + 1)
    for build in (
        lambda: decode.list_jobs(svc.ListJobsRequest(filter=long), LIMITS),
        lambda: decode.watch_jobs(svc.WatchJobsRequest(filter=long)),
    ):
        err = refused(build)
        assert (err.reason, err.field) == ("INVALID_FILTER", "filter")
        assert f"longer than {rq.MAX_FILTER_LEN} characters" in err.message
    blank = " " * (rq.MAX_FILTER_LEN + 1)  # an empty filter, however long
    assert decode.list_jobs(svc.ListJobsRequest(filter=blank), LIMITS).filter is None


def test_filter_terms_edge() -> None:
    def terms(n: int) -> str:
        return " AND ".join(["priority >= 1"] * n)

    assert decode.watch_jobs(svc.WatchJobsRequest(filter=terms(rq.MAX_FILTER_TERMS))).filter
    err = refused(lambda: decode.watch_jobs(svc.WatchJobsRequest(filter=terms(51))))
    assert err.reason == "INVALID_FILTER"
    assert f"more than {rq.MAX_FILTER_TERMS} comparisons" in err.message


def test_wait_timeout_is_capped_and_defaulted() -> None:
    def wait(**kw: Any) -> float:
        return decode.wait_job(svc.WaitJobRequest(job_id=JOB_ID, **kw), LIMITS).timeout_s

    assert wait() == LIMITS.max_wait_s
    assert wait(timeout=dur(0)) == LIMITS.max_wait_s
    assert wait(timeout=dur(2, 500_000_000)) == 2.5
    assert wait(timeout=dur(MAX_S)) == LIMITS.max_wait_s
    err = refused(lambda: wait(timeout=dur(-1)))
    assert err.field == "timeout"


def test_progress_interval_edge() -> None:
    def watch(**kw: Any) -> rq.WatchProgress:
        return decode.watch_progress(svc.WatchProgressRequest(job_id=JOB_ID, **kw))

    assert watch().progress_interval_s is None
    assert watch(progress_interval=dur(0)).progress_interval_s is None
    assert watch(progress_interval=dur(3600)).progress_interval_s == 3600.0
    err = refused(lambda: watch(progress_interval=dur(3600, 1)))
    assert err.field == "progress_interval"
    assert watch(after_sequence=0).after_sequence == 0
    err = refused(lambda: watch(after_sequence=-1))
    assert err.field == "after_sequence"

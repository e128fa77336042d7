"""Request validation (api/requests.py): each mistake gets the exact message a client
reads (what would be accepted), its reason and field; valid values come back as the
server will use them. The limits at their edges: tests/unit/test_decode_limits.py."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from jobplane.server.api import requests as rq
from jobplane.server.api.config import ApiConfig
from jobplane.server.domain import errors
from jobplane.server.domain.model import RetryPolicy

UUID = "0190a5b2-7c3e-7d41-9a8b-3f2e1d0c9b8a"
LONG = "x" * 100
LIMITS = ApiConfig()

REFUSED: list[tuple[Callable[[], object], str, str, str]] = [
    (lambda: rq.job_id(""), "job_id is empty; pass the id returned by SubmitJob",
     "job_id", "INVALID_JOB_ID"),
    (lambda: rq.job_id(LONG, "ids"), f"ids {'x' * 80!r} is not a job id (expected a UUID like "
     "'0190a5b2-7c3e-7d41-9a8b-3f2e1d0c9b8a')", "ids", "INVALID_JOB_ID"),
    (lambda: rq.job_id(UUID + "a"), f"job_id {UUID + 'a'!r} is not a job id (expected a UUID "
     "like '0190a5b2-7c3e-7d41-9a8b-3f2e1d0c9b8a')", "job_id", "INVALID_JOB_ID"),
    (lambda: rq.duration_s(-1, 0, "timeout"), "timeout must be between 0 and 31622400s, got -1.0s",
     "timeout", "INVALID_ARGUMENT"),
    (lambda: rq.duration_s(0, 0, "timeout"), "timeout must be between 0 and 31622400s, got 0.0s",
     "timeout", "INVALID_ARGUMENT"),
    (lambda: rq.duration_s(1, -5, "timeout"), "timeout has out-of-range nanos", "timeout",
     "INVALID_ARGUMENT"),
    (lambda: rq.time_s(1, -1, "schedule_time"), "schedule_time has out-of-range nanos",
     "schedule_time", "INVALID_ARGUMENT"),
    (lambda: rq.time_s(1, 10**9, "schedule_time"), "schedule_time has out-of-range nanos",
     "schedule_time", "INVALID_ARGUMENT"),
    (lambda: rq.time_s(-1, 0, "schedule_time"), "schedule_time must be within a year from now",
     "schedule_time", "INVALID_ARGUMENT"),
    (lambda: rq.job_type(""), 'type is empty; name a registered handler such as "demo.echo"',
     "type", "UNKNOWN_JOB_TYPE"),
    (lambda: rq.job_type("t" * 201), "type is longer than 200 characters", "type",
     "UNKNOWN_JOB_TYPE"),
    (lambda: rq.payload_size(LIMITS.max_payload_bytes + 1, LIMITS),
     f"payload is {LIMITS.max_payload_bytes + 1} bytes; the limit is "
     f"{LIMITS.max_payload_bytes}", "payload", "PAYLOAD_TOO_LARGE"),
    (lambda: rq.priority(101), "priority must be between 0 and 100, got 101", "priority",
     "INVALID_ARGUMENT"),
    (lambda: rq.request_id("r" * 129), "request_id is longer than 128 characters", "request_id",
     "INVALID_ARGUMENT"),
    (lambda: rq.max_attempts(101),
     "max_attempts must be between 1 and 100 (0: server default), got 101", "max_attempts",
     "INVALID_ARGUMENT"),
    (lambda: rq.labels({f"k{i}": "v" for i in range(65)}), "at most 64 labels, got 65", "labels",
     "INVALID_ARGUMENT"),
    (lambda: rq.labels({"-" + "k" * 80: "v"}), f"label key {'-' + 'k' * 69!r} must be 1-63 "
     "characters of letters, digits, '_', '.', '-', '/'", "labels", "INVALID_ARGUMENT"),
    (lambda: rq.labels({"k": "v" * 257}), "label 'k' value is longer than 256 characters",
     "labels", "INVALID_ARGUMENT"),
    (lambda: rq.retry_policy(None, None, 101.0, 0.1, ()),
     "retry_policy.backoff_multiplier must be between 1 and 100",
     "retry_policy.backoff_multiplier", "INVALID_ARGUMENT"),
    (lambda: rq.retry_policy(None, None, 2.0, 1.5, ()),
     "retry_policy.jitter must be between 0 and 1", "retry_policy.jitter", "INVALID_ARGUMENT"),
    (lambda: rq.retry_policy(5.0, 4.0, 2.0, 0.1, ()),
     "retry_policy.max_backoff must not be below initial_backoff", "retry_policy.max_backoff",
     "INVALID_ARGUMENT"),
    (lambda: rq.retry_policy(None, None, 2.0, 0.1, ("r",) * 51),
     "retry_policy.non_retryable_reasons: at most 50 reasons of 100 characters",
     "retry_policy.non_retryable_reasons", "INVALID_ARGUMENT"),
    (lambda: rq.cancel_reason("r" * 1001), "reason is longer than 1000 characters", "reason",
     "INVALID_ARGUMENT"),
    (lambda: rq.additional_attempts(101), "additional_attempts must be between 0 and 100",
     "additional_attempts", "INVALID_ARGUMENT"),
    (lambda: rq.page_size(LIMITS.max_page_size + 1, LIMITS),
     f"page_size must be between 0 and {LIMITS.max_page_size}, got "
     f"{LIMITS.max_page_size + 1}", "page_size", "INVALID_PAGE_SIZE"),
    (lambda: rq.progress_interval(3601.0), "progress_interval must be at most 3600s, got 3601.0s",
     "progress_interval", "INVALID_ARGUMENT"),
    (lambda: rq.after_sequence(-1), "after_sequence must not be negative", "after_sequence",
     "INVALID_ARGUMENT"),
]  # fmt: skip


@pytest.mark.parametrize(("build", "message", "field", "reason"), REFUSED)
def test_each_mistake_gets_its_message(
    build: Callable[[], object], message: str, field: str, reason: str
) -> None:
    with pytest.raises(errors.InvalidArgumentError) as err:
        build()
    assert (str(err.value), err.value.field, err.value.reason) == (message, field, reason)


def test_valid_values_come_back_as_the_server_uses_them() -> None:
    assert rq.job_id(f"  {UUID.upper()} ") == UUID
    assert rq.job_id("a" * 8 + "-" + "b" * 4 + "-" + "c" * 4 + "-" + "d" * 4 + "-" + "e" * 12)
    assert rq.duration_s(1, 500_000_000, "t") == 1.5
    assert rq.duration_s(0, 0, "t", allow_zero=True) == 0.0
    assert rq.time_s(10, 250_000_000, "t") == 10.25
    assert rq.time_s(10, 999_999_999, "t") == pytest.approx(10.999999999, abs=1e-9)
    soon = int(time.time()) + 366 * 86400 - 60
    assert rq.time_s(soon, 0, "t") == soon
    assert rq.priority(None) == 50 and rq.priority(0) == 0 and rq.priority(100) == 100
    assert rq.max_attempts(0) == 0 and rq.max_attempts(100) == 100
    assert rq.labels({"a/b.c-d_e": "v" * 256}) == {"a/b.c-d_e": "v" * 256}
    assert rq.retry_policy(None, None, 0.0, 0.1, ()) == RetryPolicy()
    assert rq.retry_policy(90.0, None, 3.0, 0.5, ("X",)) == RetryPolicy(
        initial_backoff_s=90.0, max_backoff_s=90.0, multiplier=3.0, jitter=0.5,
        non_retryable_reasons=("X",),
    )  # fmt: skip
    assert rq.retry_policy(1.0, 2.0, 1.0, 0.0, ()) == RetryPolicy(
        initial_backoff_s=1.0, max_backoff_s=2.0, multiplier=1.0, jitter=0.0
    )
    assert rq.page_size(0, LIMITS) == LIMITS.default_page_size
    assert rq.progress_interval(0.0) is None and rq.progress_interval(3600.0) == 3600.0
    assert rq.after_sequence(0) == 0
    assert rq.additional_attempts(0) == 0 and rq.additional_attempts(100) == 100
    assert rq.cancel_reason("r" * 1000) == "r" * 1000

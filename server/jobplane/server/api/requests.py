"""Every request the API accepts, and every limit the server enforces on one.

Each request is a frozen dataclass whose fields hold valid values; the limits that
guard it and the checks that apply them are declared beside it, once. An edge
(:mod:`jobplane.server.rpc.decode`) builds a request only through these checks, so
the manager never sees an invalid one. Each check raises
:class:`~jobplane.server.domain.errors.InvalidArgumentError` naming the field, with a
message that says what would be accepted.

The limits an operator sets (payload size, page size, the longest wait) come from
the API's config (:class:`~jobplane.server.api.config.ApiConfig`); the rest are
constants, here.

Internal module: handler authors use :mod:`jobplane.server`.
"""

from __future__ import annotations

import dataclasses
import math
import re
import time
from collections.abc import Mapping

from jobplane.server.api.config import ApiConfig
from jobplane.server.domain import errors, filters
from jobplane.server.domain.model import JsonDict, RetryPolicy


def bad(message: str, field: str, reason: str = "INVALID_ARGUMENT") -> errors.InvalidArgumentError:
    return errors.InvalidArgumentError(message, reason=reason, field=field)


# -- shared by several requests: job ids, durations, times ----------------------

#: A job id is a UUID (see domain/ids.py), lowercase once normalised.
JOB_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
MAX_JOB_ID = 64
#: No duration and no time may reach further than this (a year and a day).
MAX_DURATION_S = 366 * 86400.0
_NANOS = 1_000_000_000


def job_id(value: str, field: str = "job_id") -> str:
    """``value`` normalised (trimmed, lowercase), or INVALID_JOB_ID naming the mistake."""
    if not value:
        raise bad(f"{field} is empty; pass the id returned by SubmitJob", field, "INVALID_JOB_ID")
    normal = value.strip().lower()
    if len(normal) > MAX_JOB_ID or not JOB_ID.match(normal):
        raise bad(
            f"{field} {value[:80]!r} is not a job id (expected a UUID like "
            "'0190a5b2-7c3e-7d41-9a8b-3f2e1d0c9b8a')",
            field,
            "INVALID_JOB_ID",
        )
    return normal


def duration_s(seconds: int, nanos: int, field: str, *, allow_zero: bool = False) -> float:
    """A duration given as whole seconds and nanoseconds (a protobuf ``Duration``)."""
    s = seconds + nanos / 1e9
    if not math.isfinite(s) or s < 0 or (s == 0 and not allow_zero) or s > MAX_DURATION_S:
        raise bad(f"{field} must be between 0 and {MAX_DURATION_S:.0f}s, got {s}s", field)
    if nanos < 0 or nanos >= _NANOS:
        raise bad(f"{field} has out-of-range nanos", field)
    return s


def time_s(seconds: int, nanos: int, field: str) -> float:
    """A point in time (a protobuf ``Timestamp``), at most a year from now."""
    if not 0 <= nanos < _NANOS:
        raise bad(f"{field} has out-of-range nanos", field)
    value = seconds + nanos / 1e9
    if value > time.time() + MAX_DURATION_S or value < 0:
        raise bad(f"{field} must be within a year from now", field)
    return value


# -- SubmitJob ----------------------------------------------------------------------

MAX_TYPE = 200
MAX_REQUEST_ID = 128
PRIORITY_RANGE = (0, 100)
DEFAULT_PRIORITY = 50
#: max_attempts 0 means the server's default.
MAX_ATTEMPTS = 100
MAX_LABELS = 64
MAX_LABEL_VALUE = 256
LABEL_KEY = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9_.\-/]{0,61}[A-Za-z0-9])?$")
MULTIPLIER_RANGE = (1.0, 100.0)
JITTER_RANGE = (0.0, 1.0)
MAX_NON_RETRYABLE_REASONS = 50
MAX_NON_RETRYABLE_REASON = 100


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class SubmitJob:
    """A valid SubmitJob request (None: the server's default)."""

    type: str
    payload: JsonDict
    priority: int
    labels: Mapping[str, str]
    request_id: str
    #: A digest of the request without its request_id (empty without a request_id):
    #: the same request_id with a different request is a conflict.
    request_hash: str
    timeout_s: float | None
    max_attempts: int
    retry: RetryPolicy | None
    schedule_time: float | None
    heartbeat_timeout_s: float | None
    ttl_s: float | None
    start_paused: bool


def job_type(value: str) -> str:
    if not value:
        raise bad(
            'type is empty; name a registered handler such as "demo.echo"',
            "type",
            "UNKNOWN_JOB_TYPE",
        )
    if len(value) > MAX_TYPE:
        raise bad(f"type is longer than {MAX_TYPE} characters", "type", "UNKNOWN_JOB_TYPE")
    return value


#: Nesting of objects and lists in a payload, the top-level object counting as 1. A
#: Struct level is three message levels on the wire (Struct, map entry, Value), and
#: stock decoders stop at 100 (upb, Go, Java), counting the response and Job around
#: it: at 32 every response that carries a payload stays decodable everywhere.
MAX_PAYLOAD_DEPTH = 32


def payload_depth(payload: JsonDict) -> JsonDict:
    """``payload`` if it nests at most :data:`MAX_PAYLOAD_DEPTH` levels, else
    PAYLOAD_TOO_DEEP. Iterative, so no payload can exhaust the stack here."""
    stack: list[tuple[object, int]] = [(payload, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_PAYLOAD_DEPTH:
            raise bad(
                f"payload nests deeper than {MAX_PAYLOAD_DEPTH} levels of objects and lists",
                "payload",
                "PAYLOAD_TOO_DEEP",
            )
        children = list(value.values()) if isinstance(value, dict) else value
        if isinstance(children, list):
            stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list))
    return payload


def payload_size(size: int, limits: ApiConfig) -> None:
    """``size``: the payload's encoded size in bytes."""
    if size > limits.max_payload_bytes:
        raise bad(
            f"payload is {size} bytes; the limit is {limits.max_payload_bytes}",
            "payload",
            "PAYLOAD_TOO_LARGE",
        )


def priority(value: int | None) -> int:
    value = DEFAULT_PRIORITY if value is None else value
    lo, hi = PRIORITY_RANGE
    if not lo <= value <= hi:
        raise bad(f"priority must be between {lo} and {hi}, got {value}", "priority")
    return value


def request_id(value: str) -> str:
    if len(value) > MAX_REQUEST_ID:
        raise bad(f"request_id is longer than {MAX_REQUEST_ID} characters", "request_id")
    return value


def max_attempts(value: int) -> int:
    if not 0 <= value <= MAX_ATTEMPTS:
        raise bad(
            f"max_attempts must be between 1 and {MAX_ATTEMPTS} (0: server default), got {value}",
            "max_attempts",
        )
    return value


def labels(value: Mapping[str, str]) -> dict[str, str]:
    if len(value) > MAX_LABELS:
        raise bad(f"at most {MAX_LABELS} labels, got {len(value)}", "labels")
    for k, v in value.items():
        if not LABEL_KEY.match(k):
            raise bad(
                f"label key {k[:70]!r} must be 1-63 characters of letters, digits, '_', '.', '-', '/'",
                "labels",
            )
        if len(v) > MAX_LABEL_VALUE:
            raise bad(f"label {k!r} value is longer than {MAX_LABEL_VALUE} characters", "labels")
    return dict(value)


def retry_policy(
    initial_backoff_s: float | None,
    max_backoff_s: float | None,
    multiplier: float,
    jitter: float,
    non_retryable_reasons: tuple[str, ...],
) -> RetryPolicy:
    """A retry policy from durations already checked (None: unset) and the rest raw;
    a zero multiplier means the default."""
    base = RetryPolicy()
    initial = base.initial_backoff_s if initial_backoff_s is None else initial_backoff_s
    maximum = max(base.max_backoff_s, initial) if max_backoff_s is None else max_backoff_s
    mult = multiplier or base.multiplier
    if not math.isfinite(mult) or not MULTIPLIER_RANGE[0] <= mult <= MULTIPLIER_RANGE[1]:
        raise bad(
            "retry_policy.backoff_multiplier must be between 1 and 100",
            "retry_policy.backoff_multiplier",
        )
    if not math.isfinite(jitter) or not JITTER_RANGE[0] <= jitter <= JITTER_RANGE[1]:
        raise bad("retry_policy.jitter must be between 0 and 1", "retry_policy.jitter")
    if maximum < initial:
        raise bad(
            "retry_policy.max_backoff must not be below initial_backoff", "retry_policy.max_backoff"
        )
    if len(non_retryable_reasons) > MAX_NON_RETRYABLE_REASONS or any(
        len(x) > MAX_NON_RETRYABLE_REASON for x in non_retryable_reasons
    ):
        raise bad(
            f"retry_policy.non_retryable_reasons: at most {MAX_NON_RETRYABLE_REASONS} reasons "
            f"of {MAX_NON_RETRYABLE_REASON} characters",
            "retry_policy.non_retryable_reasons",
        )
    return RetryPolicy(
        initial_backoff_s=initial,
        max_backoff_s=maximum,
        multiplier=mult,
        jitter=jitter,
        non_retryable_reasons=non_retryable_reasons,
    )


# -- GetJob, PauseJob, ResumeJob, CancelJob, RetryJob -------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class JobRef:
    """GetJob, PauseJob, ResumeJob: one job, by a valid (normalised) id."""

    job_id: str


MAX_CANCEL_REASON = 1000


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class CancelJob:
    job_id: str
    reason: str
    force: bool


def cancel_reason(value: str) -> str:
    if len(value) > MAX_CANCEL_REASON:
        raise bad(f"reason is longer than {MAX_CANCEL_REASON} characters", "reason")
    return value


MAX_ADDITIONAL_ATTEMPTS = 100


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class RetryJob:
    job_id: str
    additional_attempts: int


def additional_attempts(value: int) -> int:
    if not 0 <= value <= MAX_ADDITIONAL_ATTEMPTS:
        raise bad(
            f"additional_attempts must be between 0 and {MAX_ADDITIONAL_ATTEMPTS}",
            "additional_attempts",
        )
    return value


# -- ListJobs, WatchJobs: filters and pages -----------------------------------------

MAX_FILTER_LEN = 2000
MAX_FILTER_TERMS = 50
#: Nesting of NOT, '-' and '(' in a filter.
MAX_FILTER_DEPTH = 16
#: A token this server issues is about 100 characters.
MAX_PAGE_TOKEN = 512


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class ListJobs:
    filter_text: str
    filter: filters.Node | None
    #: Resolved: 1 to the config's max_page_size (0 asked for the default).
    page_size: int
    #: As sent; the manager checks it against the filter and tenant it was made for.
    page_token: str


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class WatchJobs:
    filter_text: str
    filter: filters.Node | None
    #: The WatchJobs log position to resume after (None: from now on).
    after: int | None = None


def filter_node(text: str) -> filters.Node | None:
    """The parsed filter (None: every job)."""
    if len(text) > MAX_FILTER_LEN and text.strip():
        raise filters.invalid(f"longer than {MAX_FILTER_LEN} characters")
    return filters.parse(text, max_terms=MAX_FILTER_TERMS, max_depth=MAX_FILTER_DEPTH)


def page_size(value: int, limits: ApiConfig) -> int:
    if value < 0 or value > limits.max_page_size:
        raise errors.InvalidArgumentError(
            f"page_size must be between 0 and {limits.max_page_size}, got {value}",
            reason="INVALID_PAGE_SIZE",
            field="page_size",
        )
    return value or limits.default_page_size


# -- WaitJob, WatchProgress ---------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class WaitJob:
    job_id: str
    #: Resolved: how long to wait, at most the config's max_wait_s.
    timeout_s: float


def wait_timeout(value: float | None, limits: ApiConfig) -> float:
    """``value`` (None or 0: as long as allowed) capped at ``limits.max_wait_s``."""
    cap = limits.max_wait_s
    return cap if not value else min(value, cap)


MAX_PROGRESS_INTERVAL_S = 3600.0


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class WatchProgress:
    job_id: str
    #: 0: from a snapshot of the job; else resume after this sequence.
    after_sequence: int
    #: At most one progress event per this many seconds (None: every one).
    progress_interval_s: float | None


def progress_interval(value: float | None) -> float | None:
    """``value`` (a duration already checked) within the limit; None for unset or zero."""
    if value is None:
        return None
    if value > MAX_PROGRESS_INTERVAL_S:
        raise bad(
            f"progress_interval must be at most {MAX_PROGRESS_INTERVAL_S:.0f}s, got {value}s",
            "progress_interval",
        )
    return value or None


def after_sequence(value: int) -> int:
    if value < 0:
        raise bad("after_sequence must not be negative", "after_sequence")
    return value

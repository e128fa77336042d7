"""The requests and limits of the calls on many jobs at once: SubmitJobs (a batch),
CancelJobs, RetryJobs and DeleteJobs (by filter). Declared beside their requests,
once, like those of :mod:`jobplane.server.api.requests` (which the single-job calls
use); a batch item is checked by that module's SubmitJob checks.

Internal module: handler authors use :mod:`jobplane.server`.
"""

from __future__ import annotations

import dataclasses

from jobplane.server.api.requests import bad, filter_node
from jobplane.server.domain import errors, filters

# -- SubmitJobs, CancelJobs, RetryJobs, DeleteJobs: many jobs in one call -------------

MAX_BATCH = 1000
#: CancelJobs / RetryJobs / DeleteJobs act on at most max_jobs per call (0: the default).
DEFAULT_MAX_JOBS = 1000
MAX_MAX_JOBS = 10_000


def batch_size(n: int) -> None:
    if not 1 <= n <= MAX_BATCH:
        raise bad(f"requests must hold 1 to {MAX_BATCH} jobs, got {n}", "requests", "INVALID_BATCH")


def in_batch(i: int, exc: errors.InvalidArgumentError) -> errors.InvalidArgumentError:
    """``exc`` about item ``i`` of a batch: its field becomes ``requests[i].field``."""
    return errors.InvalidArgumentError(
        f"requests[{i}]: {exc.message}",
        reason=exc.reason,
        field=f"requests[{i}].{exc.field or 'type'}",
        metadata={**exc.metadata, "index": str(i)},
    )


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class ManyJobs:
    """The jobs a CancelJobs / RetryJobs / DeleteJobs call acts on."""

    filter: filters.Node
    #: Resolved: 1 to MAX_MAX_JOBS.
    max_jobs: int
    #: CancelJobs only.
    reason: str = ""
    force: bool = False


def required_filter(text: str) -> filters.Node:
    """A filter that selects something less than every job (a typo must not act on all)."""
    node = filter_node(text)
    if node is None:
        raise bad(
            'filter is required (e.g. status = QUEUED AND type = "demo.echo")',
            "filter",
            "FILTER_REQUIRED",
        )
    return node


def max_jobs(value: int) -> int:
    if not 0 <= value <= MAX_MAX_JOBS:
        raise bad(f"max_jobs must be between 0 and {MAX_MAX_JOBS}, got {value}", "max_jobs")
    return value or DEFAULT_MAX_JOBS

"""Schedules: the pure model (no I/O, no clock).

A schedule is configuration (its spec, the job template, the overlap policy, the
catch-up window, paused) plus a cursor that only the scheduler moves: ``next_time``
(the first nominal time not yet handled), the buffered run, the latest run and the
counters. Callers change the configuration; when a change moves the cursor (a new
spec, a resume) it bumps ``revision``, and the scheduler's write of a cursor it read
under an older revision is dropped, so a late scheduler never undoes a caller.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Mapping

from jobplane.server.domain import errors

#: The label each run carries: its schedule's id.
SCHEDULE_LABEL = "jobplane.dev/schedule"
#: The label each run carries: its nominal time (RFC 3339, UTC).
NOMINAL_LABEL = "jobplane.dev/nominal-time"
DEFAULT_CATCHUP_S = 60.0
_ID = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")


class Overlap(enum.IntEnum):
    """Mirrors ``jobplane.v1.OverlapPolicy``; UNSPECIFIED behaves as SKIP."""

    UNSPECIFIED = 0
    SKIP = 1
    BUFFER_ONE = 2
    ALLOW_ALL = 3
    CANCEL_OTHER = 4

    @property
    def effective(self) -> Overlap:
        return Overlap.SKIP if self is Overlap.UNSPECIFIED else self


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Spec:
    """When runs are due. Exactly one of ``cron`` and ``interval_s``."""

    cron: str | None = None
    interval_s: float | None = None
    time_zone: str = ""
    jitter_s: float = 0.0
    start_time: float | None = None
    end_time: float | None = None


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Schedule:
    tenant: str
    id: str
    spec: Spec
    #: The run template: a serialized ``jobplane.v1.SubmitJobRequest`` (validated).
    job: bytes
    #: The template's type and labels, kept apart for ListSchedules filters.
    job_type: str
    job_labels: Mapping[str, str]
    overlap: Overlap = Overlap.SKIP
    catchup_s: float = DEFAULT_CATCHUP_S
    paused: bool = False
    note: str = ""
    create_time: float
    update_time: float
    #: Bumped by every caller change that moves the cursor.
    revision: int = 1
    # -- the cursor (the scheduler's) -------------------------------------------
    #: The first nominal time not yet handled; None when the spec has no more.
    next_time: float | None = None
    #: When the scheduler should look at this schedule again (next_time, or sooner
    #: while a buffered run waits for the previous one to end).
    wake_time: float | None = None
    #: BUFFER_ONE: the nominal time of the run waiting for the previous one to end.
    buffered_time: float | None = None
    last_run_time: float | None = None
    last_job_id: str = ""
    run_count: int = 0
    missed_count: int = 0
    overlap_skip_count: int = 0

    def evolve(self, **changes: object) -> Schedule:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


def check_schedule_id(schedule_id: str, field: str = "schedule_id") -> str:
    """``schedule_id`` if it is [a-z0-9-]{1,63} (AIP-122), else INVALID_ARGUMENT."""
    if not _ID.match(schedule_id):
        raise errors.InvalidArgumentError(
            f"{field} {schedule_id[:80]!r} must be 1-63 characters of a-z, 0-9 and '-', "
            "starting and ending with a letter or digit (e.g. 'nightly-report')",
            reason="INVALID_SCHEDULE_ID",
            field=field,
        )
    return schedule_id

"""The domain model: jobs, statuses, events and the transition table. No I/O.

Every state change of a job goes through :func:`transition`, which checks the
table and returns the new job plus the event that announces it. Times are POSIX
seconds (floats); durations are seconds and carry an ``_s`` suffix.
"""

from __future__ import annotations

import dataclasses
import enum
import logging
from collections.abc import Mapping
from typing import Any

from jobplane.server.domain.errors import IllegalTransition

log = logging.getLogger("jobplane.model")

JsonDict = dict[str, Any]


class JobStatus(enum.IntEnum):
    """Mirrors ``jobplane.v1.JobStatus`` number for number."""

    UNSPECIFIED = 0
    QUEUED = 1
    RUNNING = 2
    SUCCEEDED = 3
    FAILED = 4
    CANCELED = 5
    EXPIRED = 6
    STALLED = 7
    RETRYING = 8
    PAUSED = 9

    @property
    def terminal(self) -> bool:
        return self in TERMINAL


TERMINAL = frozenset({JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELED, JobStatus.EXPIRED})
#: States a CancelJob ends at once (RUNNING is canceled too, and its handler told).
CANCELABLE = frozenset(
    {JobStatus.QUEUED, JobStatus.PAUSED, JobStatus.RETRYING, JobStatus.RUNNING, JobStatus.STALLED}
)
#: States RetryJob (redrive) accepts.
REDRIVABLE = frozenset({JobStatus.FAILED, JobStatus.CANCELED, JobStatus.EXPIRED})

S = JobStatus
#: The transition table: every legal change, as data.
TRANSITIONS: Mapping[JobStatus, frozenset[JobStatus]] = {
    S.QUEUED: frozenset({S.RUNNING, S.PAUSED, S.CANCELED, S.EXPIRED}),
    S.PAUSED: frozenset({S.QUEUED, S.CANCELED, S.EXPIRED}),
    # RUNNING -> QUEUED: released by a draining server (graceful shutdown).
    S.RUNNING: frozenset({S.SUCCEEDED, S.FAILED, S.RETRYING, S.STALLED, S.CANCELED, S.QUEUED}),
    S.STALLED: frozenset({S.RETRYING, S.FAILED, S.CANCELED}),
    S.RETRYING: frozenset({S.QUEUED, S.CANCELED}),
    S.FAILED: frozenset({S.QUEUED}),
    S.CANCELED: frozenset({S.QUEUED}),
    S.EXPIRED: frozenset({S.QUEUED}),
    S.SUCCEEDED: frozenset(),
    S.UNSPECIFIED: frozenset({S.QUEUED, S.PAUSED}),
}


class EventKind(enum.IntEnum):
    """Mirrors ``jobplane.v1.WatchEventKind``."""

    SNAPSHOT = 1
    STATUS = 2
    PROGRESS = 3
    #: The job was deleted: its watchers end (WatchProgress NOT_FOUND).
    DELETED = 4


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Progress:
    current: float = 0.0
    total: float = 0.0
    message: str = ""
    details: JsonDict | None = None
    update_time: float | None = None

    @property
    def percent(self) -> float:
        if self.total <= 0:
            return 0.0
        return max(0.0, min(100.0, 100.0 * self.current / self.total))


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class JobError:
    code: str
    reason: str
    message: str
    details: JsonDict | None = None


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class RetryPolicy:
    initial_backoff_s: float = 1.0
    max_backoff_s: float = 60.0
    multiplier: float = 2.0
    jitter: float = 0.1
    non_retryable_reasons: tuple[str, ...] = ()

    def backoff_s(self, failed_attempt: int, rand: float) -> float:
        """The delay after ``failed_attempt`` (1-based); ``rand`` is uniform in [0, 1)."""
        base = self.initial_backoff_s * self.multiplier ** max(0, failed_attempt - 1)
        base = min(base, self.max_backoff_s)
        spread = base * self.jitter * (2.0 * rand - 1.0)
        return max(0.0, min(self.max_backoff_s, base + spread))


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Attempt:
    number: int
    start_time: float
    end_time: float | None = None
    outcome: JobStatus = JobStatus.RUNNING
    error: JobError | None = None
    worker: str = ""


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Job:
    id: str
    type: str
    tenant: str = ""
    payload: JsonDict = dataclasses.field(default_factory=dict)
    status: JobStatus = JobStatus.QUEUED
    priority: int = 50
    labels: Mapping[str, str] = dataclasses.field(default_factory=dict)
    progress: Progress = Progress()
    output: JsonDict | None = None
    error: JobError | None = None
    attempt: int = 0
    max_attempts: int = 1
    create_time: float = 0.0
    start_time: float | None = None
    end_time: float | None = None
    update_time: float = 0.0
    request_id: str = ""
    request_hash: str = ""
    sequence: int = 0
    timeout_s: float | None = None
    retry: RetryPolicy = RetryPolicy()
    schedule_time: float | None = None
    next_attempt_time: float | None = None
    heartbeat_timeout_s: float | None = None
    expire_time: float | None = None
    cancel_reason: str = ""
    attempts: tuple[Attempt, ...] = ()
    checkpoint: JsonDict | None = None
    lease_owner: str = ""
    lease_expire_time: float | None = None

    @property
    def terminal(self) -> bool:
        return self.status in TERMINAL

    @property
    def dead_letter(self) -> bool:
        """Failed after its last attempt: what a dead-letter queue holds."""
        return self.status is JobStatus.FAILED

    @property
    def ready_time(self) -> float:
        """When a QUEUED job becomes runnable."""
        return self.schedule_time or 0.0

    def evolve(self, **changes: Any) -> Job:
        """A copy with ``changes``: ``dataclasses.replace`` without its per-call walk of
        the fields and keyword call of ``__init__`` (it ran several times per job)."""
        new = _new(Job)
        s = _set
        s(new, "id", self.id)
        s(new, "type", self.type)
        s(new, "tenant", self.tenant)
        s(new, "payload", self.payload)
        s(new, "status", self.status)
        s(new, "priority", self.priority)
        s(new, "labels", self.labels)
        s(new, "progress", self.progress)
        s(new, "output", self.output)
        s(new, "error", self.error)
        s(new, "attempt", self.attempt)
        s(new, "max_attempts", self.max_attempts)
        s(new, "create_time", self.create_time)
        s(new, "start_time", self.start_time)
        s(new, "end_time", self.end_time)
        s(new, "update_time", self.update_time)
        s(new, "request_id", self.request_id)
        s(new, "request_hash", self.request_hash)
        s(new, "sequence", self.sequence)
        s(new, "timeout_s", self.timeout_s)
        s(new, "retry", self.retry)
        s(new, "schedule_time", self.schedule_time)
        s(new, "next_attempt_time", self.next_attempt_time)
        s(new, "heartbeat_timeout_s", self.heartbeat_timeout_s)
        s(new, "expire_time", self.expire_time)
        s(new, "cancel_reason", self.cancel_reason)
        s(new, "attempts", self.attempts)
        s(new, "checkpoint", self.checkpoint)
        s(new, "lease_owner", self.lease_owner)
        s(new, "lease_expire_time", self.lease_expire_time)
        for name, value in changes.items():
            if name not in _JOB_FIELDS:
                raise TypeError(f"Job has no field {name!r}")
            s(new, name, value)
        return new


_new = object.__new__
_set = object.__setattr__
_JOB_FIELDS = frozenset(f.name for f in dataclasses.fields(Job))


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """One numbered event of a job, as WatchProgress delivers it."""

    job_id: str
    sequence: int
    kind: EventKind
    status: JobStatus
    progress: Progress
    attempt: int
    time: float
    output: JsonDict | None = None
    error: JobError | None = None
    job: Job | None = None

    @property
    def terminal(self) -> bool:
        return self.kind is EventKind.STATUS and self.status in TERMINAL


@dataclasses.dataclass(frozen=True, slots=True)
class Change:
    """A job's new state and the events that announce it, oldest first."""

    job: Job
    events: tuple[Event, ...]


def status_event(job: Job) -> Event:
    """The STATUS event for ``job``'s current state (carries the job on terminal states)."""
    return Event(
        job_id=job.id,
        sequence=job.sequence,
        kind=EventKind.STATUS,
        status=job.status,
        progress=job.progress,
        attempt=job.attempt,
        time=job.update_time,
        output=job.output,
        error=job.error,
        job=job if job.status in TERMINAL else None,
    )


def deleted_event(job: Job, now: float) -> Event:
    """The DELETED event of ``job`` (as it was last), after its last event."""
    return Event(
        job_id=job.id,
        sequence=job.sequence + 1,
        kind=EventKind.DELETED,
        status=job.status,
        progress=job.progress,
        attempt=job.attempt,
        time=now,
        job=job,
    )


def progress_event(
    job_id: str,
    sequence: int,
    attempt: int,
    progress: Progress,
    status: JobStatus = JobStatus.RUNNING,
) -> Event:
    """A PROGRESS event (``status``: the job's status when it is sent)."""
    return Event(
        job_id=job_id,
        sequence=sequence,
        kind=EventKind.PROGRESS,
        status=status,
        progress=progress,
        attempt=attempt,
        time=progress.update_time or 0.0,
    )


def check(src: JobStatus, dst: JobStatus, job_id: str = "") -> None:
    """Raise :class:`IllegalTransition` (and log it) unless the table allows ``src → dst``."""
    if dst not in TRANSITIONS[src]:
        log.error("illegal transition refused: job %s %s -> %s", job_id, src.name, dst.name)
        raise IllegalTransition(f"job {job_id}: {src.name} -> {dst.name} is not allowed")


def transition(job: Job, dst: JobStatus, now: float, **changes: Any) -> Change:
    """Move ``job`` to ``dst`` through the table: bump its sequence, stamp the time."""
    check(job.status, dst, job.id)
    if dst in TERMINAL and "end_time" not in changes:
        changes["end_time"] = now
    new = job.evolve(status=dst, sequence=job.sequence + 1, update_time=now, **changes)
    return Change(new, (status_event(new),))


def close_attempt(
    job: Job, now: float, outcome: JobStatus, error: JobError | None
) -> tuple[Attempt, ...]:
    """The attempt list with the running (last) attempt ended."""
    if not job.attempts or job.attempts[-1].end_time is not None:
        return job.attempts
    last = dataclasses.replace(job.attempts[-1], end_time=now, outcome=outcome, error=error)
    return (*job.attempts[:-1], last)

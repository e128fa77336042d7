"""The lifecycle rules as pure functions: ``Job`` in, :class:`Change` out.

The store runs them inside its transaction (read row → rule → write row), so
whichever change commits first wins a race and the loser sees the new state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jobplane.server.domain import errors
from jobplane.server.domain.model import (
    CANCELABLE,
    REDRIVABLE,
    TERMINAL,
    Attempt,
    Change,
    Job,
    JobError,
    JobStatus,
    JsonDict,
    close_attempt,
    transition,
)
from jobplane.server.domain.outcomes import Outcome, OutcomeKind, StopReason

S = JobStatus
Rule = Callable[[Job], Change]


def start(job: Job, now: float, worker: str, lease_s: float) -> Change:
    """QUEUED → RUNNING as a new attempt."""
    number = job.attempt + 1
    return transition(
        job,
        S.RUNNING,
        now,
        attempt=number,
        start_time=now,
        end_time=None,
        error=None,
        output=None,
        next_attempt_time=None,
        lease_owner=worker,
        lease_expire_time=now + lease_s,
        attempts=(*job.attempts, Attempt(number=number, start_time=now, worker=worker)),
    )


def succeed(job: Job, now: float, output: JsonDict | None) -> Change:
    """RUNNING → SUCCEEDED."""
    return transition(
        job,
        S.SUCCEEDED,
        now,
        output=output or {},
        error=None,
        lease_owner="",
        lease_expire_time=None,
        attempts=close_attempt(job, now, S.SUCCEEDED, None),
    )


def _after_failure(
    job: Job, now: float, error: JobError, rand: float, final: bool = False
) -> dict[str, Any]:
    """Where a failed attempt leads: RETRYING (with its next time) or FAILED (at once
    when ``final``)."""
    retryable = (
        not final
        and error.reason not in job.retry.non_retryable_reasons
        and not error.reason.startswith("NON_RETRYABLE")
    )
    if retryable and job.attempt < job.max_attempts:
        delay = job.retry.backoff_s(job.attempt, rand)
        return {"dst": S.RETRYING, "next_attempt_time": now + delay, "error": error}
    return {"dst": S.FAILED, "error": error}


def fail(job: Job, now: float, error: JobError, rand: float, final: bool = False) -> Change:
    """RUNNING → RETRYING (attempts left, retryable, not ``final``) or FAILED."""
    after = _after_failure(job, now, error, rand, final)
    return transition(
        job,
        after.pop("dst"),
        now,
        lease_owner="",
        lease_expire_time=None,
        attempts=close_attempt(job, now, S.FAILED, error),
        **after,
    )


def stall(job: Job, now: float, error: JobError, rand: float) -> Change:
    """RUNNING → STALLED → RETRYING | FAILED: a lost heartbeat or a dead process."""
    first = transition(
        job,
        S.STALLED,
        now,
        error=error,
        lease_owner="",
        lease_expire_time=None,
        attempts=close_attempt(job, now, S.STALLED, error),
    )
    second = after_stall(first.job, now, error, rand)
    return Change(second.job, first.events + second.events)


def after_stall(job: Job, now: float, error: JobError, rand: float) -> Change:
    """STALLED → RETRYING | FAILED: the rescue."""
    second = _after_failure(job, now, error, rand)
    return transition(job, second.pop("dst"), now, **second)


def requeue(job: Job, now: float) -> Change:
    """RETRYING → QUEUED once the backoff has passed."""
    return transition(job, S.QUEUED, now, next_attempt_time=None)


def unchanged(job: Job) -> Change:
    """A rule's answer when nothing changes: nothing is written, no event."""
    return Change(job, ())


def cancel(job: Job, now: float, reason: str) -> Change:
    """Cancel ``job``; unchanged when it already is (idempotent)."""
    if job.status is S.CANCELED:
        return unchanged(job)
    if job.status in TERMINAL:
        raise errors.JobAlreadyCompleteError(
            f"job {job.id} already finished as {job.status.name}; only queued, paused, "
            "retrying or running jobs can be canceled",
            metadata={"job_id": job.id, "status": job.status.name},
        )
    assert job.status in CANCELABLE
    error = JobError(code="CANCELLED", reason="JOB_CANCELED", message=reason or "canceled")
    return transition(
        job,
        S.CANCELED,
        now,
        error=error,
        cancel_reason=reason,
        lease_owner="",
        lease_expire_time=None,
        attempts=close_attempt(job, now, S.CANCELED, error),
    )


def pause(job: Job, now: float) -> Change:
    """QUEUED → PAUSED."""
    if job.status is S.PAUSED:
        raise errors.FailedPreconditionError(
            f"job {job.id} is already paused", reason="JOB_NOT_QUEUED"
        )
    if job.status is not S.QUEUED:
        raise errors.FailedPreconditionError(
            f"job {job.id} is {job.status.name}; only a QUEUED job can be paused",
            reason="JOB_NOT_QUEUED",
            metadata={"status": job.status.name},
        )
    return transition(job, S.PAUSED, now)


def resume(job: Job, now: float) -> Change:
    """PAUSED → QUEUED."""
    if job.status is not S.PAUSED:
        raise errors.FailedPreconditionError(
            f"job {job.id} is {job.status.name}; only a PAUSED job can be resumed",
            reason="JOB_NOT_PAUSED",
            metadata={"status": job.status.name},
        )
    return transition(job, S.QUEUED, now)


def expire(job: Job, now: float) -> Change:
    """QUEUED | PAUSED → EXPIRED: waited past its TTL."""
    error = JobError(code="DEADLINE_EXCEEDED", reason="JOB_EXPIRED", message="waited past its TTL")
    return transition(job, S.EXPIRED, now, error=error)


def redrive(job: Job, now: float, additional_attempts: int) -> Change:
    """FAILED | CANCELED | EXPIRED → QUEUED as a fresh attempt; history kept."""
    if job.status not in REDRIVABLE:
        raise errors.FailedPreconditionError(
            f"job {job.id} is {job.status.name}; only FAILED, CANCELED or EXPIRED jobs can be retried",
            reason="JOB_NOT_RETRYABLE",
            metadata={"status": job.status.name},
        )
    return transition(
        job,
        S.QUEUED,
        now,
        max_attempts=max(job.max_attempts, job.attempt + max(1, additional_attempts)),
        end_time=None,
        error=None,
        output=None,
        cancel_reason="",
        expire_time=None,
        schedule_time=None,
    )


def release(job: Job, now: float, worker: str) -> Change:
    """RUNNING → QUEUED: a draining server hands back an attempt that did not fail.

    The attempt is recorded (ended, reason JOB_RELEASED) and does not count against
    the job's attempts: ``max_attempts`` grows by one.
    """
    error = JobError(code="UNAVAILABLE", reason="JOB_RELEASED", message=f"{worker} shut down")
    return transition(
        job,
        S.QUEUED,
        now,
        lease_owner="",
        lease_expire_time=None,
        max_attempts=job.max_attempts + 1,
        attempts=close_attempt(job, now, S.CANCELED, error),
    )


# -- rules the runtime applies (pure: a rule factory takes everything it needs) --


def fenced(attempt: int, worker: str, rule: Rule) -> Rule:
    """``rule``, applied only while the row is still this attempt, RUNNING, leased by
    ``worker``: a late write from a canceled, stalled or taken-over attempt is a no-op."""

    def apply(current: Job) -> Change:
        if (
            current.status is not S.RUNNING
            or current.attempt != attempt
            or current.lease_owner != worker
        ):
            return unchanged(current)
        return rule(current)

    return apply


def rescue(now: float, reason: str, message: str, rand: Callable[[], float]) -> Rule:
    """A lost attempt (dead process, expired lease, silent heartbeat): RUNNING →
    STALLED → RETRYING | FAILED; a half-done rescue (STALLED) is finished. ``rand``
    is drawn per job, so a batch of rescued jobs spreads its retries (jitter)."""
    err = JobError(code="ABORTED", reason=reason, message=message)

    def apply(job: Job) -> Change:
        if job.status is S.STALLED:
            return after_stall(job, now, err, rand())
        if job.status is not S.RUNNING:
            return unchanged(job)
        return stall(job, now, err, rand())

    return apply


def outcome(
    job: Job, now: float, stop: StopReason | None, result: Outcome, worker: str, rand: float
) -> Rule | None:
    """How an attempt's end is recorded. ``stop`` is why the server stopped it (None
    when it ended by itself); ``result`` is how the handler ended. None when the store
    already holds the outcome (a cancel or a rescue wrote it)."""
    if stop is StopReason.CANCELED or stop is StopReason.STALLED:
        return None
    if stop is StopReason.TIMEOUT:
        err = JobError(
            code="DEADLINE_EXCEEDED",
            reason="JOB_TIMEOUT",
            message=f"attempt {job.attempt} ran past its timeout of {job.timeout_s}s",
        )
        return lambda j: fail(j, now, err, rand)
    kind = result.kind
    if stop is StopReason.SHUTDOWN and kind is not OutcomeKind.OK:
        return lambda j: release(j, now, worker)
    if kind is OutcomeKind.OK:
        return lambda j: succeed(j, now, result.output)
    if kind is OutcomeKind.ERROR:
        error, final = result.error, result.final
        assert error is not None
        return lambda j: fail(j, now, error, rand, final)
    return None

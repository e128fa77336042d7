"""The lifecycle rules, each compared whole with the job it must produce.

Among them the fence (a late write from a superseded attempt or lease owner leaves the
job as it is) and the rescue (a lost attempt is STALLED then retried or FAILED); the
same rules are proved against every store in ``tests/store/test_fence.py``."""

from __future__ import annotations

import dataclasses

import pytest
from jobplane.server.domain import errors, lifecycle
from jobplane.server.domain.model import (
    Attempt,
    Change,
    Job,
    JobError,
    JobStatus,
    RetryPolicy,
    status_event,
)
from jobplane.server.domain.outcomes import Outcome, StopReason

S = JobStatus
POLICY = RetryPolicy(initial_backoff_s=1.0, max_backoff_s=8.0, multiplier=2.0, jitter=0.0)
ERR = JobError(code="INTERNAL", reason="BOOM", message="boom")


def queued(**changes: object) -> Job:
    job = Job(id="j", type="t", sequence=1, max_attempts=2, retry=POLICY, update_time=1.0)
    return dataclasses.replace(job, **changes)  # type: ignore[arg-type]


def started(now: float = 10.0, worker: str = "w1", **changes: object) -> Job:
    return lifecycle.start(queued(**changes), now, worker, 30.0).job


def one(change: Change, *statuses: JobStatus) -> Job:
    """The change's job, checking it announced exactly ``statuses`` in order."""
    assert [e.status for e in change.events] == list(statuses)
    assert change.events[-1] == status_event(change.job)
    return change.job


def test_start_opens_a_new_attempt_with_a_lease() -> None:
    job = queued(attempt=1, error=ERR, output={"x": 1}, next_attempt_time=3.0, end_time=2.0,
                 attempts=(Attempt(number=1, start_time=0.5, end_time=0.7),))  # fmt: skip
    got = one(lifecycle.start(job, 10.0, "w1", 30.0), S.RUNNING)
    assert got == dataclasses.replace(
        job, status=S.RUNNING, sequence=2, update_time=10.0, attempt=2, start_time=10.0,
        end_time=None, error=None, output=None, next_attempt_time=None, lease_owner="w1",
        lease_expire_time=40.0,
        attempts=(*job.attempts, Attempt(number=2, start_time=10.0, worker="w1")),
    )  # fmt: skip


def test_succeed_closes_the_attempt_and_the_lease() -> None:
    job = started(error=ERR)
    got = one(lifecycle.succeed(job, 12.0, {"r": 1}), S.SUCCEEDED)
    closed = dataclasses.replace(job.attempts[-1], end_time=12.0, outcome=S.SUCCEEDED)
    assert got == dataclasses.replace(
        job, status=S.SUCCEEDED, sequence=3, update_time=12.0, end_time=12.0,
        output={"r": 1}, error=None, lease_owner="", lease_expire_time=None, attempts=(closed,),
    )  # fmt: skip
    assert lifecycle.succeed(job, 12.0, None).job.output == {}


def test_fail_with_attempts_left_retries_after_the_backoff() -> None:
    job = started()
    got = one(lifecycle.fail(job, 12.0, ERR, 0.5), S.RETRYING)
    closed = dataclasses.replace(job.attempts[-1], end_time=12.0, outcome=S.FAILED, error=ERR)
    assert got == dataclasses.replace(
        job, status=S.RETRYING, sequence=3, update_time=12.0, next_attempt_time=13.0,
        error=ERR, lease_owner="", lease_expire_time=None, attempts=(closed,),
    )  # fmt: skip


def test_fail_on_the_last_attempt_or_non_retryable_fails() -> None:
    last = started(attempt=1)  # attempt 2 of 2
    got = one(lifecycle.fail(last, 12.0, ERR, 0.5), S.FAILED)
    assert got.error == ERR and got.end_time == 12.0 and got.next_attempt_time is None
    assert got.lease_owner == "" and got.attempts[-1].outcome is S.FAILED
    fatal = JobError(code="X", reason="NON_RETRYABLE_INPUT", message="m")
    assert lifecycle.fail(started(), 12.0, fatal, 0.5).job.status is S.FAILED
    listed = started(retry=dataclasses.replace(POLICY, non_retryable_reasons=("BOOM",)))
    assert lifecycle.fail(listed, 12.0, ERR, 0.5).job.status is S.FAILED
    other = JobError(code="X", reason="RETRYABLE_NON", message="m")
    assert lifecycle.fail(listed, 12.0, other, 0.5).job.status is S.RETRYING
    many = started(max_attempts=3, attempt=1)  # attempt 2 of 3: backoff doubles
    assert lifecycle.fail(many, 12.0, ERR, 0.5).job.next_attempt_time == 14.0


def test_stall_goes_through_stalled_then_retrying_or_failed() -> None:
    job = started()
    change = lifecycle.stall(job, 12.0, ERR, 0.5)
    got = one(change, S.STALLED, S.RETRYING)
    assert [e.sequence for e in change.events] == [3, 4]
    closed = dataclasses.replace(job.attempts[-1], end_time=12.0, outcome=S.STALLED, error=ERR)
    assert got == dataclasses.replace(
        job, status=S.RETRYING, sequence=4, update_time=12.0, next_attempt_time=13.0,
        error=ERR, lease_owner="", lease_expire_time=None, attempts=(closed,),
    )  # fmt: skip
    assert change.events[0].error == ERR and change.events[0].attempt == 1
    assert change.events[0].status is S.STALLED and change.events[0].time == 12.0
    last = one(lifecycle.stall(started(attempt=1), 12.0, ERR, 0.5), S.STALLED, S.FAILED)
    assert last.end_time == 12.0 and last.error == ERR


def test_requeue_pause_resume_expire() -> None:
    retrying = lifecycle.fail(started(), 12.0, ERR, 0.5).job
    back = one(lifecycle.requeue(retrying, 13.0), S.QUEUED)
    assert back == dataclasses.replace(
        retrying, status=S.QUEUED, sequence=4, update_time=13.0, next_attempt_time=None
    )
    paused = one(lifecycle.pause(queued(), 2.0), S.PAUSED)
    assert paused == dataclasses.replace(queued(), status=S.PAUSED, sequence=2, update_time=2.0)
    assert one(lifecycle.resume(paused, 3.0), S.QUEUED) == dataclasses.replace(
        paused, status=S.QUEUED, sequence=3, update_time=3.0
    )
    expired = one(lifecycle.expire(queued(), 4.0), S.EXPIRED)
    assert expired == dataclasses.replace(
        queued(), status=S.EXPIRED, sequence=2, update_time=4.0, end_time=4.0,
        error=JobError(code="DEADLINE_EXCEEDED", reason="JOB_EXPIRED",
                       message="waited past its TTL"),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("status", "rule", "reason", "text"),
    [
        (S.PAUSED, "pause", "JOB_NOT_QUEUED", "job j is already paused"),
        (S.RUNNING, "pause", "JOB_NOT_QUEUED", "job j is RUNNING; only a QUEUED job can be paused"),
        (S.QUEUED, "resume", "JOB_NOT_PAUSED", "job j is QUEUED; only a PAUSED job can be resumed"),
        (S.RUNNING, "redrive", "JOB_NOT_RETRYABLE", "job j is RUNNING; only FAILED, CANCELED or "
         "EXPIRED jobs can be retried"),
    ],
)  # fmt: skip
def test_refusals_name_the_reason(status: JobStatus, rule: str, reason: str, text: str) -> None:
    job = queued(status=status)
    call = {
        "pause": lambda: lifecycle.pause(job, 1.0),
        "resume": lambda: lifecycle.resume(job, 1.0),
        "redrive": lambda: lifecycle.redrive(job, 1.0, 1),
    }[rule]
    with pytest.raises(errors.FailedPreconditionError) as err:
        call()
    assert str(err.value) == text
    assert err.value.reason == reason
    if "already" not in text:
        assert err.value.metadata == {"status": status.name}


def test_cancel_is_idempotent_and_refuses_finished_jobs() -> None:
    job = started()
    got = one(lifecycle.cancel(job, 12.0, "stop"), S.CANCELED)
    err = JobError(code="CANCELLED", reason="JOB_CANCELED", message="stop")
    closed = dataclasses.replace(job.attempts[-1], end_time=12.0, outcome=S.CANCELED, error=err)
    assert got == dataclasses.replace(
        job, status=S.CANCELED, sequence=3, update_time=12.0, end_time=12.0, error=err,
        cancel_reason="stop", lease_owner="", lease_expire_time=None, attempts=(closed,),
    )  # fmt: skip
    assert lifecycle.cancel(got, 13.0, "again") == Change(got, ())
    assert lifecycle.cancel(queued(), 2.0, "").job.error == JobError(
        code="CANCELLED", reason="JOB_CANCELED", message="canceled"
    )
    for status in (S.PAUSED, S.RETRYING, S.STALLED):
        assert lifecycle.cancel(queued(status=status), 2.0, "x").job.status is S.CANCELED
    done = lifecycle.succeed(job, 12.0, {}).job
    with pytest.raises(errors.JobAlreadyCompleteError) as exc:
        lifecycle.cancel(done, 13.0, "late")
    assert str(exc.value) == (
        "job j already finished as SUCCEEDED; only queued, paused, retrying or running jobs "
        "can be canceled"
    )
    assert exc.value.metadata == {"job_id": "j", "status": "SUCCEEDED"}


def test_redrive_gives_a_fresh_attempt_and_keeps_history() -> None:
    failed = lifecycle.fail(started(attempt=1), 12.0, ERR, 0.5).job
    failed = dataclasses.replace(failed, cancel_reason="c", expire_time=5.0, schedule_time=6.0,
                                 output={"o": 1})  # fmt: skip
    got = one(lifecycle.redrive(failed, 20.0, 3), S.QUEUED)
    assert got == dataclasses.replace(
        failed, status=S.QUEUED, sequence=failed.sequence + 1, update_time=20.0,
        max_attempts=5, end_time=None, error=None, output=None, cancel_reason="",
        expire_time=None, schedule_time=None,
    )  # fmt: skip
    assert lifecycle.redrive(failed, 20.0, 0).job.max_attempts == 3, "at least one more"
    roomy = dataclasses.replace(failed, max_attempts=9)
    assert lifecycle.redrive(roomy, 20.0, 1).job.max_attempts == 9
    for status in (S.CANCELED, S.EXPIRED):
        assert lifecycle.redrive(queued(status=status), 2.0, 1).job.status is S.QUEUED


def test_release_hands_the_attempt_back_without_counting_it() -> None:
    job = started()
    got = one(lifecycle.release(job, 12.0, "w1"), S.QUEUED)
    err = JobError(code="UNAVAILABLE", reason="JOB_RELEASED", message="w1 shut down")
    closed = dataclasses.replace(job.attempts[-1], end_time=12.0, outcome=S.CANCELED, error=err)
    assert got == dataclasses.replace(
        job, status=S.QUEUED, sequence=3, update_time=12.0, lease_owner="",
        lease_expire_time=None, max_attempts=3, attempts=(closed,),
    )  # fmt: skip


def _late_success(job: Job) -> Change:
    return lifecycle.succeed(job, 99.0, {"late": True})


@pytest.mark.parametrize(
    "why", ["other attempt", "other owner", "canceled", "queued again", "retrying", "stalled"]
)
def test_fence_leaves_a_superseded_attempt_s_write_out(why: str) -> None:
    """A late write from an attempt that is no longer the row's current one, or from a
    worker that no longer holds the lease, changes nothing and announces nothing."""
    first = started(worker="w1")  # attempt 1 by w1
    current = {
        "other attempt": lifecycle.start(
            lifecycle.requeue(lifecycle.fail(first, 11.0, ERR, 0.0).job, 11.5).job, 12.0, "w1", 30.0
        ).job,  # attempt 2, same worker
        "other owner": dataclasses.replace(first, lease_owner="w2"),
        "canceled": lifecycle.cancel(first, 11.0, "x").job,
        "queued again": lifecycle.release(first, 11.0, "w1").job,
        "retrying": lifecycle.fail(first, 11.0, ERR, 0.0).job,
        "stalled": dataclasses.replace(first, status=S.STALLED),
    }[why]  # fmt: skip
    fence = lifecycle.fenced(1, "w1", _late_success)
    assert fence(current) == Change(current, ())


def test_fence_lets_the_current_attempt_write() -> None:
    job = started(worker="w1")
    assert lifecycle.fenced(1, "w1", _late_success)(job) == _late_success(job)


def test_rescue_stalls_running_finishes_stalled_and_leaves_the_rest() -> None:
    draws = iter([0.0, 1.0])
    rule = lifecycle.rescue(50.0, "JOB_INTERRUPTED", "server died", lambda: next(draws))
    err = JobError(code="ABORTED", reason="JOB_INTERRUPTED", message="server died")
    running = started()
    assert rule(running) == lifecycle.stall(running, 50.0, err, 0.0)
    half = lifecycle.stall(started(attempt=1), 50.0, err, 0.0).events[0]
    stalled = dataclasses.replace(started(), status=S.STALLED, sequence=half.sequence,
                                  error=err, lease_owner="")  # fmt: skip
    finished = rule(stalled)
    assert finished == lifecycle.after_stall(stalled, 50.0, err, 1.0)
    assert finished.job.status is S.RETRYING and finished.job.next_attempt_time == 51.0
    for status in (S.QUEUED, S.RETRYING, S.SUCCEEDED, S.CANCELED):
        job = queued(status=status)
        assert rule(job) == Change(job, ())


def test_outcome_maps_how_an_attempt_ended_to_its_rule() -> None:
    job = started(timeout_s=2.0)
    ok_r, err_r, stop_r = Outcome.ok({"r": 1}), Outcome.failed(ERR), Outcome.stopped()
    for stop in (StopReason.CANCELED, StopReason.STALLED):
        assert lifecycle.outcome(job, 12.0, stop, Outcome.ok({}), "w1", 0.5) is None
    timeout = lifecycle.outcome(job, 12.0, StopReason.TIMEOUT, Outcome.ok({}), "w1", 0.5)
    assert timeout is not None
    assert timeout(job) == lifecycle.fail(job, 12.0, JobError(
        code="DEADLINE_EXCEEDED", reason="JOB_TIMEOUT",
        message="attempt 1 ran past its timeout of 2.0s"), 0.5)  # fmt: skip
    released = lifecycle.outcome(job, 12.0, StopReason.SHUTDOWN, err_r, "w1", 0.5)
    assert released is not None and released(job) == lifecycle.release(job, 12.0, "w1")
    stopped = lifecycle.outcome(job, 12.0, StopReason.SHUTDOWN, stop_r, "w1", 0.5)
    assert stopped is not None and stopped(job).job.status is S.QUEUED
    done_in_drain = lifecycle.outcome(
        job, 12.0, StopReason.SHUTDOWN, Outcome.ok({"r": 2}), "w1", 0.5
    )
    assert done_in_drain is not None and done_in_drain(job) == lifecycle.succeed(
        job, 12.0, {"r": 2}
    )
    ok = lifecycle.outcome(job, 12.0, None, ok_r, "w1", 0.5)
    assert ok is not None and ok(job) == lifecycle.succeed(job, 12.0, {"r": 1})
    failed = lifecycle.outcome(job, 12.0, None, err_r, "w1", 0.5)
    assert failed is not None and failed(job) == lifecycle.fail(job, 12.0, ERR, 0.5)
    final = lifecycle.outcome(job, 12.0, None, Outcome.failed(ERR, final=True), "w1", 0.5)
    assert final is not None and final(job) == lifecycle.fail(job, 12.0, ERR, 0.5, True)
    assert final(job).job.status is S.FAILED
    assert lifecycle.outcome(job, 12.0, None, stop_r, "w1", 0.5) is None

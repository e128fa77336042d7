"""The pure model: the transition table, ``transition``, ``evolve``, events, backoff.

Fast and exact (whole values compared), so ``make mutation`` can use them to kill
mutants of ``domain/model.py``."""

from __future__ import annotations

import dataclasses

import pytest
from jobplane.server.domain.model import (
    CANCELABLE,
    REDRIVABLE,
    TERMINAL,
    TRANSITIONS,
    Attempt,
    Event,
    EventKind,
    IllegalTransition,
    Job,
    JobError,
    JobStatus,
    Progress,
    RetryPolicy,
    check,
    close_attempt,
    progress_event,
    status_event,
    transition,
)

S = JobStatus
ERR = JobError(code="ABORTED", reason="R", message="m", details={"k": 1})


def full_job(**changes: object) -> Job:
    """A job whose every field differs from its default."""
    base = Job(
        id="j1", type="t", tenant="ten", payload={"p": 1}, status=S.RUNNING, priority=7,
        labels={"a": "b"}, progress=Progress(current=1, total=4, message="x"),
        output={"o": 1}, error=ERR, attempt=2, max_attempts=5, create_time=10.0,
        start_time=11.0, end_time=12.0, update_time=13.0, request_id="r", request_hash="h",
        sequence=9, timeout_s=3.0, retry=RetryPolicy(initial_backoff_s=2.0),
        schedule_time=14.0, next_attempt_time=15.0, heartbeat_timeout_s=4.0,
        expire_time=16.0, cancel_reason="c", attempts=(Attempt(number=1, start_time=1.0),),
        checkpoint={"c": 2}, lease_owner="w", lease_expire_time=17.0,
    )  # fmt: skip
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_the_transition_table_exactly() -> None:
    assert dict(TRANSITIONS) == {
        S.QUEUED: {S.RUNNING, S.PAUSED, S.CANCELED, S.EXPIRED},
        S.PAUSED: {S.QUEUED, S.CANCELED, S.EXPIRED},
        S.RUNNING: {S.SUCCEEDED, S.FAILED, S.RETRYING, S.STALLED, S.CANCELED, S.QUEUED},
        S.STALLED: {S.RETRYING, S.FAILED, S.CANCELED},
        S.RETRYING: {S.QUEUED, S.CANCELED},
        S.FAILED: {S.QUEUED},
        S.CANCELED: {S.QUEUED},
        S.EXPIRED: {S.QUEUED},
        S.SUCCEEDED: set(),
        S.UNSPECIFIED: {S.QUEUED, S.PAUSED},
    }
    assert {S.SUCCEEDED, S.FAILED, S.CANCELED, S.EXPIRED} == TERMINAL
    assert {S.QUEUED, S.PAUSED, S.RETRYING, S.RUNNING, S.STALLED} == CANCELABLE
    assert {S.FAILED, S.CANCELED, S.EXPIRED} == REDRIVABLE
    assert [s.terminal for s in S] == [s in TERMINAL for s in S]
    assert [int(s) for s in S] == list(range(10))
    assert [int(k) for k in EventKind] == [1, 2, 3, 4]


def test_a_refused_transition_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises(IllegalTransition):
        check(S.SUCCEEDED, S.RUNNING, "j9")
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        ("jobplane.model", "ERROR", "illegal transition refused: job j9 SUCCEEDED -> RUNNING")
    ]


@pytest.mark.parametrize("src", list(S))
def test_check_allows_the_table_and_refuses_the_rest(src: JobStatus) -> None:
    for dst in S:
        if dst in TRANSITIONS[src]:
            check(src, dst, "j")
        else:
            with pytest.raises(IllegalTransition, match=f"job j: {src.name} -> {dst.name} is not"):
                check(src, dst, "j")


def test_transition_bumps_sequence_stamps_time_and_announces() -> None:
    job = full_job(status=S.QUEUED, end_time=None)
    change = transition(job, S.RUNNING, 20.0, attempt=3)
    assert change.job == dataclasses.replace(
        job, status=S.RUNNING, sequence=10, update_time=20.0, attempt=3
    )
    assert change.events == (status_event(change.job),)
    ended = transition(change.job, S.SUCCEEDED, 21.0)
    assert ended.job.end_time == 21.0 and ended.job.sequence == 11
    kept = transition(change.job, S.FAILED, 22.0, end_time=5.0)
    assert kept.job.end_time == 5.0, "an explicit end_time is kept"
    requeued = transition(full_job(status=S.RETRYING, end_time=None), S.QUEUED, 23.0)
    assert requeued.job.end_time is None, "only terminal states get an end_time"
    with pytest.raises(IllegalTransition, match=r"^job j1: SUCCEEDED -> QUEUED is not allowed$"):
        transition(full_job(status=S.SUCCEEDED), S.QUEUED, 1.0)


def test_events_carry_the_job_state() -> None:
    job = full_job(status=S.FAILED)
    ev = status_event(job)
    assert ev == Event(
        job_id="j1", sequence=9, kind=EventKind.STATUS, status=S.FAILED, progress=job.progress,
        attempt=2, time=13.0, output={"o": 1}, error=ERR, job=job,
    )  # fmt: skip
    assert ev.terminal
    running = status_event(full_job())
    assert running.job is None and not running.terminal
    p = Progress(current=3, update_time=7.0)
    pe = progress_event("j", 4, 2, p)
    assert pe == Event(job_id="j", sequence=4, kind=EventKind.PROGRESS, status=S.RUNNING,
                       progress=p, attempt=2, time=7.0)  # fmt: skip
    assert not dataclasses.replace(pe, status=S.SUCCEEDED).terminal
    assert progress_event("j", 4, 2, Progress(), S.STALLED).time == 0.0
    assert progress_event("j", 4, 2, Progress(), S.STALLED).status is S.STALLED


def test_job_properties() -> None:
    assert full_job(status=S.FAILED).dead_letter and full_job(status=S.FAILED).terminal
    assert not full_job(status=S.CANCELED).dead_letter
    assert not full_job(status=S.RUNNING).terminal
    assert full_job(schedule_time=5.0).ready_time == 5.0
    assert full_job(schedule_time=None).ready_time == 0.0
    assert Job(id="a", type="t") == Job(
        id="a", type="t", tenant="", payload={}, status=S.QUEUED, priority=50, labels={},
        progress=Progress(), attempt=0, max_attempts=1, create_time=0.0, update_time=0.0,
        sequence=0, cancel_reason="", attempts=(), lease_owner="",
    )  # fmt: skip


def test_evolve_copies_every_field_and_changes_only_the_named_ones() -> None:
    job = full_job()
    assert job.evolve() == job
    other = full_job(id="j2", type="u", tenant="t2", payload={}, status=S.QUEUED, priority=1,
        labels={}, progress=Progress(), output=None, error=None, attempt=0, max_attempts=1,
        create_time=0.0, start_time=None, end_time=None, update_time=0.0, request_id="",
        request_hash="", sequence=0, timeout_s=None, retry=RetryPolicy(), schedule_time=None,
        next_attempt_time=None, heartbeat_timeout_s=None, expire_time=None,
        cancel_reason="", attempts=(), checkpoint=None, lease_owner="",
        lease_expire_time=None)  # fmt: skip
    for field in dataclasses.fields(Job):
        value = getattr(other, field.name)
        assert job.evolve(**{field.name: value}) == dataclasses.replace(
            job, **{field.name: value}
        ), field.name
    with pytest.raises(TypeError, match="Job has no field 'nope'"):
        job.evolve(nope=1)


def test_close_attempt_ends_only_the_open_last_attempt() -> None:
    open_ = Attempt(number=2, start_time=5.0, worker="w")
    done = Attempt(number=1, start_time=1.0, end_time=2.0, outcome=S.FAILED)
    job = full_job(attempts=(done, open_))
    assert close_attempt(job, 9.0, S.SUCCEEDED, ERR) == (
        done,
        Attempt(number=2, start_time=5.0, end_time=9.0, outcome=S.SUCCEEDED, error=ERR, worker="w"),
    )
    closed = full_job(attempts=(done,))
    assert close_attempt(closed, 9.0, S.SUCCEEDED, None) == (done,)
    assert close_attempt(full_job(attempts=()), 9.0, S.SUCCEEDED, None) == ()


def test_progress_percent_is_clamped() -> None:
    assert Progress(current=1, total=4).percent == 25.0
    assert Progress(current=5, total=4).percent == 100.0
    assert Progress(current=-1, total=4).percent == 0.0
    assert Progress(current=1, total=0).percent == 0.0
    assert Progress(current=1, total=-2).percent == 0.0


@pytest.mark.parametrize(
    ("attempt", "rand", "expected"),
    [
        (1, 0.5, 1.0),  # initial, no spread at rand 0.5
        (2, 0.5, 2.0),  # * multiplier
        (3, 0.5, 4.0),
        (0, 0.5, 1.0),  # attempts below 1 count as the first
        (10, 0.5, 60.0),  # capped at max_backoff_s
        (1, 0.0, 0.9),  # -jitter
        (1, 1.0, 1.1),  # +jitter
        (10, 1.0, 60.0),  # the spread never passes the cap
    ],
)
def test_backoff(attempt: int, rand: float, expected: float) -> None:
    assert RetryPolicy().backoff_s(attempt, rand) == pytest.approx(expected)


def test_backoff_never_negative_and_uses_the_policy() -> None:
    assert RetryPolicy(initial_backoff_s=1.0, jitter=3.0).backoff_s(1, 0.0) == 0.0
    p = RetryPolicy(initial_backoff_s=0.5, max_backoff_s=3.0, multiplier=3.0, jitter=0.0)
    assert [p.backoff_s(n, 0.9) for n in (1, 2, 3)] == [0.5, 1.5, 3.0]
    assert RetryPolicy() == RetryPolicy(
        initial_backoff_s=1.0, max_backoff_s=60.0, multiplier=2.0, jitter=0.1,
        non_retryable_reasons=(),
    )  # fmt: skip
    assert Attempt(number=1, start_time=0.0) == Attempt(
        number=1, start_time=0.0, end_time=None, outcome=S.RUNNING, error=None, worker=""
    )
    assert Progress() == Progress(
        current=0.0, total=0.0, message="", details=None, update_time=None
    )

"""The fence, on every store: a late write from a superseded attempt or a lease owner
that lost the job (progress, checkpoint, finish) changes nothing — not the row, not the
history.

The executor writes an attempt's end through ``lifecycle.fenced(attempt, worker, rule)``
and its progress and checkpoints through ``store.progress`` / ``store.checkpoint``
fenced by attempt; these cases make those writes late on purpose. (Remote workers'
tokens, issue 13, get their row here once they exist.)
"""

from __future__ import annotations

import time

import pytest
from jobplane.server.domain import lifecycle
from jobplane.server.domain.model import Job, JobError, JobStatus, Progress, RetryPolicy
from jobplane.server.store.base import Claim, Store

from .conftest import Backend
from .jobs import make_job

ERR = JobError(code="ABORTED", reason="JOB_INTERRUPTED", message="lost")


def _claim(worker: str, now: float | None = None) -> Claim:
    return Claim(limit=1, now=now or time.time(), worker=worker, lease_s=30.0)


async def _history(store: Store, job_id: str) -> list[tuple[int, JobStatus]]:
    return [(e.sequence, e.status) for e in await store.events_after(job_id, 0) or []]


async def _late_writes_change_nothing(store: Store, job_id: str, attempt: int, worker: str) -> Job:
    """Every late write attempt ``attempt`` of ``worker`` could make; returns the row."""
    before = await store.get(job_id)
    history = await _history(store, job_id)
    assert before is not None
    now = time.time()
    late = Progress(current=99, total=100, update_time=now)
    assert await store.progress(job_id, attempt, late) is None
    assert not await store.checkpoint(job_id, attempt, {"late": True})
    for rule in (
        lambda j: lifecycle.succeed(j, now, {"late": True}),
        lambda j: lifecycle.fail(j, now, ERR, 0.5),
        lambda j: lifecycle.release(j, now, worker),
    ):
        change = await store.update(job_id, lifecycle.fenced(attempt, worker, rule))
        assert change is not None and change.events == ()
    after = await store.get(job_id)
    assert after == before, "a fenced write changed the row"
    assert await _history(store, job_id) == history, "a fenced write reached the history"
    return after


@pytest.mark.parametrize("how", ["rescued", "canceled", "released"])
async def test_a_superseded_attempt_cannot_write(backend: Backend, how: str) -> None:
    """Attempt 1 (w1) loses the job — rescued after its lease, canceled, or released
    by a draining w1 — and attempt 2 runs on w2; then attempt 1's writes arrive."""
    store = await backend.open()
    other = await backend.open()  # another replica where the store can have one
    job = make_job(max_attempts=3, retry=RetryPolicy(initial_backoff_s=0.0, jitter=0.0))
    await store.submit(job)
    (first,) = await store.claim(_claim("w1"))
    assert first.job.attempt == 1 and first.job.lease_owner == "w1"
    assert await store.progress(job.id, 1, Progress(current=1, update_time=time.time()))
    assert await store.checkpoint(job.id, 1, {"step": 1})
    now = time.time()
    if how == "rescued":
        rule = lifecycle.rescue(now, "JOB_INTERRUPTED", "lost", lambda: 0.0)
        (rescued,) = await other.rescue(now, "w1", rule)
        assert rescued.job.status is JobStatus.RETRYING
        await other.due(now + 1)
    elif how == "released":
        await other.update(job.id, lambda j: lifecycle.release(j, now, "w1"))
    else:
        await other.update(job.id, lambda j: lifecycle.cancel(j, now, "stop"))
        row = await _late_writes_change_nothing(store, job.id, 1, "w1")
        assert row.status is JobStatus.CANCELED and row.checkpoint == {"step": 1}
        return
    (second,) = await other.claim(_claim("w2", now + 2))
    assert second.job.attempt == 2 and second.job.lease_owner == "w2"
    row = await _late_writes_change_nothing(store, job.id, 1, "w1")
    assert row.status is JobStatus.RUNNING and row.attempt == 2
    assert row.progress.current == 1, "attempt 1's late progress did not land"
    # the current attempt still writes
    assert await store.progress(job.id, 2, Progress(current=5, update_time=time.time()))
    assert await store.checkpoint(job.id, 2, {"step": 2})
    done = await store.update(
        job.id, lifecycle.fenced(2, "w2", lambda j: lifecycle.succeed(j, time.time(), {"ok": 1}))
    )
    assert done is not None and done.job.status is JobStatus.SUCCEEDED
    final = await store.get(job.id)
    assert final is not None and final.output == {"ok": 1} and final.checkpoint == {"step": 2}


async def test_a_lease_owner_that_lost_the_job_cannot_finish_it(store: Store) -> None:
    """Same attempt number, another worker (a replica that believes it holds the
    lease): its progress is the attempt's, but it can never write the attempt's end."""
    job = make_job()
    await store.submit(job)
    (started,) = await store.claim(_claim("w1"))
    before = await store.get(job.id)
    now = time.time()
    for rule in (
        lambda j: lifecycle.succeed(j, now, {}),
        lambda j: lifecycle.fail(j, now, ERR, 0.5),
        lambda j: lifecycle.release(j, now, "w2"),
    ):
        change = await store.update(job.id, lifecycle.fenced(started.job.attempt, "w2", rule))
        assert change is not None and change.events == ()
    assert await store.get(job.id) == before

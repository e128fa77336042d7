"""Store.submit: an insert and a one-job claim as one write, on every store. It must
start exactly what ``submit`` without a claim followed by ``claim(1)`` would start."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

import pytest
from jobplane.server.domain import errors, lifecycle
from jobplane.server.domain.model import Change, Job, JobError, JobStatus, Progress
from jobplane.server.store.base import Claim, Store
from jobplane.server.store.sqlite import SqliteStore

from .jobs import make_job


def one(worker: str = "w1", lease_s: float = 30.0, **room: int) -> Claim:
    return Claim(limit=1, now=time.time(), worker=worker, lease_s=lease_s, type_room=room)


async def submit(store: Store, job: Job, claim: Claim) -> tuple[Job, bool, list[Change]]:
    return await store.submit(job, claim)


async def test_an_empty_queue_starts_the_new_job_in_its_insert(store: Store) -> None:
    job = make_job()
    claim = one(lease_s=12)
    stored, created, started = await submit(store, job, claim)
    assert created and stored == job
    (change,) = started
    run = change.job
    assert run.id == job.id and run.status is JobStatus.RUNNING
    assert run.attempt == 1 and run.sequence == 2 and run.start_time == claim.now
    assert run.lease_owner == "w1" and run.lease_expire_time == claim.now + 12
    assert [a.worker for a in run.attempts] == ["w1"]
    assert [(e.sequence, e.status) for e in change.events] == [(2, JobStatus.RUNNING)]
    assert await store.get(job.id) == run
    events = await store.events_after(job.id, 0)
    assert events is not None
    assert [(e.sequence, e.status) for e in events] == [
        (1, JobStatus.QUEUED),
        (2, JobStatus.RUNNING),
    ]
    # Leases and fencing work on the row as written: the owner renews it.
    until = time.time() + 100
    await store.renew([(job.id, 1)], "w1", until)
    got = await store.get(job.id)
    assert got is not None and got.lease_expire_time == until


@pytest.mark.parametrize("ahead_priority", [50, 90])
async def test_a_queued_job_ahead_starts_first(store: Store, ahead_priority: int) -> None:
    older = make_job(priority=ahead_priority)
    await store.submit(older)
    job = make_job(priority=50)
    _, created, started = await submit(store, job, one())
    assert created
    assert [c.job.id for c in started] == [older.id]
    got = await store.get(job.id)
    assert got is not None and got.status is JobStatus.QUEUED and got.sequence == 1
    (rest,) = await store.claim(one())
    assert rest.job.id == job.id


async def test_a_lower_priority_or_scheduled_job_does_not_hold_it_back(store: Store) -> None:
    low = make_job(priority=10)
    later = make_job(priority=90, schedule_time=time.time() + 3600)
    await store.submit(low)
    await store.submit(later)
    job = make_job(priority=50)
    _, _, started = await submit(store, job, one())
    assert [c.job.id for c in started] == [job.id]
    got = await store.get(low.id)
    assert got is not None and got.status is JobStatus.QUEUED


async def test_a_full_pool_skips_to_the_next_in_claim_order(store: Store) -> None:
    blocked = make_job(type="a", priority=90)
    await store.submit(blocked)
    job = make_job(type="b")
    _, _, started = await submit(store, job, one(a=0))
    assert [c.job.id for c in started] == [job.id]
    full = make_job(type="a")
    _, created, started = await submit(store, full, one(a=0))
    assert created and started == []
    got = await store.get(full.id)
    assert got is not None and got.status is JobStatus.QUEUED


async def test_paused_and_scheduled_submits_are_not_started(store: Store) -> None:
    paused = make_job(status=JobStatus.PAUSED)
    scheduled = make_job(schedule_time=time.time() + 3600)
    for job in (paused, scheduled):
        _, created, started = await submit(store, job, one())
        assert created and started == []
        got = await store.get(job.id)
        assert got is not None and got.status is job.status and got.sequence == 1


async def test_a_duplicate_request_returns_the_stored_job(store: Store) -> None:
    first = make_job(request_id="r1", request_hash="h")
    _, created, started = await submit(store, first, one())
    assert created and [c.job.id for c in started] == [first.id]
    again = make_job(request_id="r1", request_hash="h")
    stored, created, started = await submit(store, again, one())
    assert not created and stored.id == first.id and stored.status is JobStatus.RUNNING
    assert started == []
    assert await store.get(again.id) is None
    assert await store.count() == 1


async def test_update_and_claim_hands_the_slot_to_the_next_job(store: Store) -> None:
    first, second = make_job(), make_job()
    await store.submit(first)
    await store.submit(second)
    (run,) = await store.claim(one())
    assert run.job.id == first.id
    rule = lifecycle.fenced(1, "w1", lambda j: lifecycle.succeed(j, time.time(), {"ok": 1}))
    change, started = await store.update_and_claim(first.id, rule, one(worker="w2"))
    assert change is not None and change.job.status is JobStatus.SUCCEEDED
    assert [(c.job.id, c.job.status, c.job.lease_owner) for c in started] == [
        (second.id, JobStatus.RUNNING, "w2")
    ]
    got = await store.get(first.id)
    assert got is not None and got.status is JobStatus.SUCCEEDED and got.output == {"ok": 1}
    # A rule that refuses writes nothing, and claims nothing either.
    third = make_job()
    await store.submit(third)

    def refuse(job: Job) -> Change:
        raise errors.FailedPreconditionError("no", reason="TEST")

    with pytest.raises(errors.FailedPreconditionError):
        await store.update_and_claim(second.id, refuse, one())
    got = await store.get(third.id)
    assert got is not None and got.status is JobStatus.QUEUED


# -- the SQLite writer's decoded rows (store.sqlite.Known) must never be stale -------


async def test_updates_see_progress_checkpoint_and_renewal(store: Store) -> None:
    job = make_job()
    _, _, _started = await submit(store, job, one())
    event = await store.progress(job.id, 1, Progress(current=3, total=4, update_time=5.0))
    assert event is not None
    assert await store.checkpoint(job.id, 1, {"step": 7})
    until = time.time() + 500
    await store.renew([(job.id, 1)], "w1", until)
    change = await store.update(job.id, lifecycle.unchanged)
    assert change is not None
    seen = change.job
    assert seen.sequence == event.sequence and seen.progress.current == 3
    assert seen.checkpoint == {"step": 7} and seen.lease_expire_time == until
    done = await store.update(job.id, lambda j: lifecycle.succeed(j, time.time(), None))
    assert done is not None and done.job.sequence == event.sequence + 1
    got = await store.get(job.id)
    assert got is not None and got.checkpoint == {"step": 7} and got.progress.current == 3


async def test_a_write_by_another_connection_is_seen(tmp_path: Path) -> None:
    path = tmp_path / "jobs.db"
    store = SqliteStore(str(path))
    await store.open()
    try:
        job = make_job()
        await submit(store, job, one())
        other = sqlite3.connect(path)
        other.execute("UPDATE jobs SET max_attempts = 9 WHERE id = ?", (job.id,))
        other.commit()
        other.close()
        change = await store.update(job.id, lifecycle.unchanged)
        assert change is not None and change.job.max_attempts == 9
    finally:
        await store.close()


class _FailingClaim(Claim):
    def take(self, ready: Iterable[Job]) -> list[Change]:
        raise RuntimeError("injected: the claim fails after the update wrote")


async def test_a_rolled_back_operation_leaves_no_stale_row() -> None:
    store = SqliteStore(":memory:")
    await store.open()
    try:
        job = make_job()
        _, _, (run,) = await submit(store, job, one())
        err = JobError(code="INTERNAL", reason="HANDLER_ERROR", message="x")
        # A failure with attempts left: RETRYING, a row the writer would keep decoded.
        fail = lifecycle.fenced(1, "w1", lambda j: lifecycle.fail(j, time.time(), err, 0.5))
        failing = _FailingClaim(limit=1, now=time.time(), worker="w1", lease_s=30.0)
        with pytest.raises(RuntimeError, match="injected"):
            await store.update_and_claim(job.id, fail, failing)
        change = await store.update(job.id, lifecycle.unchanged)
        assert change is not None and change.job == run.job
        assert change.job.status is JobStatus.RUNNING
    finally:
        await store.close()

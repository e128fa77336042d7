"""Claims, fencing, leases, timers and rescue: the same behaviour on every store."""

from __future__ import annotations

import asyncio
import time

from jobplane.server.domain import lifecycle
from jobplane.server.domain.model import Change, Job, JobError, JobStatus, Progress
from jobplane.server.store.base import Claim, Store

from .conftest import Backend
from .jobs import make_job

ERR = JobError(code="ABORTED", reason="JOB_STALLED", message="lease expired")


def claim(limit: int, worker: str = "w1", lease_s: float = 30.0, **kw: object) -> Claim:
    return Claim(limit=limit, now=time.time(), worker=worker, lease_s=lease_s, **kw)  # type: ignore[arg-type]


def stall_rule(now: float) -> lifecycle.Rule:
    def apply(job: Job) -> Change:
        if job.status is JobStatus.STALLED:
            return lifecycle.after_stall(job, now, ERR, 0.5)
        if job.status is not JobStatus.RUNNING:
            return lifecycle.unchanged(job)
        return lifecycle.stall(job, now, ERR, 0.5)

    return apply


async def test_claim_by_priority_then_fifo(store: Store) -> None:
    low = make_job(priority=10)
    high = [make_job(priority=90) for _ in range(3)]
    later = make_job(schedule_time=time.time() + 3600)
    for job in (low, *high, later):
        await store.submit(job)
    changes = await store.claim(claim(3))
    assert [c.job.id for c in changes] == [j.id for j in high]
    for c in changes:
        assert c.job.status is JobStatus.RUNNING and c.job.attempt == 1
        assert c.job.lease_owner == "w1" and c.job.attempts[-1].worker == "w1"
    rest = await store.claim(claim(10))
    assert [c.job.id for c in rest] == [low.id]  # the scheduled one is not due
    assert await store.next_due_time() == later.schedule_time


async def test_claim_respects_type_room(store: Store) -> None:
    for t in ("a", "a", "a", "b"):
        await store.submit(make_job(type=t))
    changes = await store.claim(claim(10, type_room={"a": 1}))
    assert sorted(c.job.type for c in changes) == ["a", "b"]


async def test_concurrent_claims_never_share_a_job(backend: Backend) -> None:
    stores = [await backend.open() for _ in range(3 if backend.shared else 1)]
    jobs = [make_job() for _ in range(60)]
    for job in jobs:
        await stores[0].submit(job)
    rounds = [stores[i % len(stores)].claim(claim(7, worker=f"w{i}")) for i in range(12)]
    claimed = [c.job.id for changes in await asyncio.gather(*rounds) for c in changes]
    assert len(claimed) == len(set(claimed)) == 60


async def test_progress_and_checkpoint_are_fenced_by_attempt(store: Store) -> None:
    job = make_job()
    await store.submit(job)
    (started,) = await store.claim(claim(1))
    attempt = started.job.attempt
    event = await store.progress(job.id, attempt, Progress(current=1, total=2, update_time=1.0))
    assert event is not None and event.sequence == started.job.sequence + 1
    assert await store.progress(job.id, attempt + 1, Progress(current=2, total=2)) is None
    assert await store.checkpoint(job.id, attempt, {"step": 3})
    assert not await store.checkpoint(job.id, attempt + 1, {"step": 4})
    got = await store.get(job.id)
    assert got is not None and got.progress.current == 1 and got.checkpoint == {"step": 3}
    await store.update(job.id, lambda j: lifecycle.cancel(j, time.time(), "stop"))
    assert await store.progress(job.id, attempt, Progress(current=2, total=2)) is None
    assert not await store.checkpoint(job.id, attempt, {"step": 5})


async def test_renew_only_by_owner_and_attempt(store: Store) -> None:
    job = make_job()
    await store.submit(job)
    (c,) = await store.claim(claim(1, lease_s=5))
    until = time.time() + 100
    await store.renew([(job.id, c.job.attempt)], "someone-else", until)
    await store.renew([(job.id, c.job.attempt + 1)], "w1", until)
    got = await store.get(job.id)
    assert got is not None and got.lease_expire_time == c.job.lease_expire_time
    await store.renew([(job.id, c.job.attempt)], "w1", until)
    got = await store.get(job.id)
    assert got is not None and got.lease_expire_time == until


async def test_rescue_expired_leases_once(backend: Backend) -> None:
    stores = [await backend.open() for _ in range(3 if backend.shared else 1)]
    jobs = [make_job() for _ in range(20)]
    for job in jobs:
        await stores[0].submit(job)
    await stores[0].claim(claim(20, lease_s=0.01))
    await asyncio.sleep(0.05)
    now = time.time()
    rescues = [stores[i % len(stores)].rescue(now, "", stall_rule(now)) for i in range(6)]
    won = [c for changes in await asyncio.gather(*rescues) for c in changes]
    assert sorted(c.job.id for c in won) == sorted(j.id for j in jobs)
    for c in won:
        assert [e.status for e in c.events] == [JobStatus.STALLED, JobStatus.RETRYING]
        assert c.job.attempts[-1].outcome is JobStatus.STALLED
    again = await stores[0].rescue(time.time(), "", stall_rule(time.time()))
    assert again == []


async def test_rescue_leaves_live_leases_of_others(store: Store) -> None:
    await store.submit(make_job())
    await store.claim(claim(1, worker="alive", lease_s=60))
    assert await store.rescue(time.time(), "", stall_rule(time.time())) == []
    mine = await store.rescue(time.time(), "alive", stall_rule(time.time()))
    assert len(mine) == 1


async def test_due_requeues_retries_and_expires_ttl(store: Store) -> None:
    retry = make_job()
    ttl = make_job(expire_time=time.time() - 1)
    await store.submit(retry)
    await store.submit(ttl)
    (c,) = await store.claim(claim(1))
    assert c.job.id == retry.id
    failed = await store.update(retry.id, lambda j: lifecycle.fail(j, time.time() - 10, ERR, 0.5))
    assert failed is not None and failed.job.status is JobStatus.RETRYING
    changes = await store.due(time.time())
    statuses = {ch.job.id: ch.job.status for ch in changes}
    assert statuses == {retry.id: JobStatus.QUEUED, ttl.id: JobStatus.EXPIRED}
    assert await store.due(time.time()) == []


async def test_evict_by_age_and_count_never_live_jobs(store: Store) -> None:
    done = [make_job() for _ in range(5)]
    live = make_job()
    for job in (*done, live):
        await store.submit(job)
    for i, job in enumerate(done):
        await store.update(job.id, lambda j, i=i: lifecycle.cancel(j, 1000.0 + i, "x"))
    assert await store.evict(time.time(), None, 3) == 2
    assert await store.evict(1002.5, 0.0, None) == 1
    assert await store.count() == 3
    assert await store.get(live.id) is not None
    assert await store.events_after(done[0].id, 0) == []


async def test_age_raises_effective_priority(store: Store) -> None:
    old = make_job(priority=10, create_time=time.time() - 100)
    new = make_job(priority=20)
    await store.submit(old)
    await store.submit(new)
    await store.age(time.time(), 5.0)
    (first,) = await store.claim(claim(1))
    assert first.job.id == old.id

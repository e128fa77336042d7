"""The WatchJobs log: every status change in one commit order, durable, prunable."""

from __future__ import annotations

import asyncio
import time

from jobplane.server.domain import lifecycle
from jobplane.server.domain.model import JobStatus, Progress
from jobplane.server.store.base import Claim, Store

from .conftest import Backend
from .jobs import make_job


async def test_every_status_change_is_logged_in_commit_order(store: Store) -> None:
    floor, head0 = await store.watch_log_bounds()
    assert floor == 0
    a, b = make_job(), make_job()
    await store.submit(a)
    await store.submit(b)
    claim = Claim(limit=1, now=time.time(), worker="w", lease_s=30.0)
    (started,) = await store.claim(claim)
    assert started.job.id == a.id
    await store.update(a.id, lambda j: lifecycle.succeed(j, time.time(), {"ok": 1}))
    entries = await store.watch_log_after(head0, 100)
    positions = [p for p, _ in entries]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)
    seen = [(e.job_id, e.sequence, e.status) for _, e in entries]
    assert seen == [
        (a.id, 1, JobStatus.QUEUED),
        (b.id, 1, JobStatus.QUEUED),
        (a.id, 2, JobStatus.RUNNING),
        (a.id, 3, JobStatus.SUCCEEDED),
    ]
    last = entries[-1][1]
    assert last.job is not None and last.job.output == {"ok": 1}
    assert last.job.status is JobStatus.SUCCEEDED
    assert entries[0][1].job is not None and entries[0][1].job.status is JobStatus.QUEUED
    assert (await store.watch_log_bounds())[1] == positions[-1]
    # Paging: strictly after a position, bounded by the limit.
    assert await store.watch_log_after(positions[1], 1) == [entries[2]]


async def test_progress_is_not_logged(store: Store) -> None:
    job = make_job()
    await store.submit(job)
    _, head = await store.watch_log_bounds()
    await store.claim(Claim(limit=1, now=time.time(), worker="w", lease_s=30.0))
    await store.progress(job.id, 1, Progress(current=1, total=2, update_time=time.time()))
    entries = await store.watch_log_after(head, 100)
    assert [e.status for _, e in entries] == [JobStatus.RUNNING]


async def test_prune_raises_the_floor_and_keeps_newer_rows(store: Store) -> None:
    old = make_job()
    await store.submit(old)
    cutoff = time.time() + 0.001
    await asyncio.sleep(0.01)
    new = make_job()
    await store.submit(new)
    _, head = await store.watch_log_bounds()
    assert await store.prune_watch_log(cutoff) == 1
    floor, head_after = await store.watch_log_bounds()
    assert 0 < floor < head_after == head
    remaining = await store.watch_log_after(0, 10)
    assert [e.job_id for _, e in remaining] == [new.id]
    assert await store.prune_watch_log(cutoff) == 0
    assert (await store.watch_log_bounds())[0] == floor
    # Everything pruned: the head never goes back below the floor.
    assert await store.prune_watch_log(time.time() + 1) == 1
    floor2, head2 = await store.watch_log_bounds()
    assert floor2 == head2 == head


async def test_log_survives_reopen(backend: Backend) -> None:
    if not backend.shared:
        return  # :memory: has no second instance to reopen on
    first = await backend.open()
    job = make_job()
    await first.submit(job)
    entries = await first.watch_log_after(0, 10)
    second = await backend.open()
    assert await second.watch_log_after(0, 10) == entries


async def test_replicas_commit_into_one_order(backend: Backend) -> None:
    """Two store instances writing concurrently: one gap-free-to-readers order, each
    change exactly once (on PostgreSQL: positions taken under the log lock)."""
    if not backend.shared:
        return
    one, two = await backend.open(), await backend.open()
    jobs = [make_job() for _ in range(40)]
    await asyncio.gather(*((one if i % 2 else two).submit(j) for i, j in enumerate(jobs)))
    entries = await one.watch_log_after(0, 1000)
    assert sorted(e.job_id for _, e in entries) == sorted(j.id for j in jobs)
    assert [p for p, _ in entries] == sorted({p for p, _ in entries})
    assert await two.watch_log_after(0, 1000) == entries

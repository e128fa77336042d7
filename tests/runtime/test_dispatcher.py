"""The dispatcher (runtime/dispatcher.py) with its claim loop running: which ready
jobs start, in which order, on which worker; stops routed to the worker holding the
attempt; slots never exceeded."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable

from jobplane.server.domain.model import JobError, JobStatus, RetryPolicy
from jobplane.server.domain.outcomes import Outcome, StopReason

from ..store.jobs import make_job
from .conftest import Parts

S = JobStatus


async def test_claims_take_the_highest_priority_first_then_fifo(parts: Parts) -> None:
    jobs = [make_job(priority=p) for p in (10, 90, 50, 90)]
    for job in jobs:
        await parts.store.submit(job)
    worker = parts.worker(capacity=2)
    parts.dispatcher.start()
    taken = await worker.wait_taken(2)
    assert [j.id for j in taken] == [jobs[1].id, jobs[3].id]
    await worker.end(jobs[1].id, Outcome.ok(None))
    await worker.end(jobs[3].id, Outcome.ok(None))
    taken = await worker.wait_taken(4)
    assert [j.id for j in taken[2:]] == [jobs[2].id, jobs[0].id]
    assert parts.dispatcher.stats() == {"running": 2}


async def test_a_wake_starts_a_job_inserted_while_idle(parts: Parts) -> None:
    worker = parts.worker()
    parts.dispatcher.start()
    await asyncio.sleep(0.05)  # the loop found nothing and waits
    job = make_job()
    await parts.store.submit(job)
    parts.dispatcher.wake()
    (taken,) = await worker.wait_taken(1, timeout_s=0.5)  # well before the 1 s poll
    assert taken.id == job.id


async def test_a_retried_job_comes_back_after_its_backoff(parts: Parts) -> None:
    worker = parts.worker()
    parts.dispatcher.start()
    job = make_job(max_attempts=2, retry=RetryPolicy(initial_backoff_s=0.05, jitter=0.0))
    await parts.commits.submit(job)
    await worker.wait_taken(1)
    error = JobError(code="INTERNAL", reason="BOOM", message="boom")
    change = await worker.end(job.id, Outcome.failed(error))
    assert change is not None and change.job.status is S.RETRYING
    second = (await worker.wait_taken(2, timeout_s=0.8))[1]  # before the 1 s poll
    assert second.id == job.id and second.attempt == 2


async def test_stops_go_to_the_worker_holding_the_attempt(parts: Parts) -> None:
    wa = parts.worker("wa", types=frozenset({"a"}))
    wb = parts.worker("wb", types=frozenset({"b"}))
    ja, jb = make_job(type="a"), make_job(type="b")
    await parts.commits.submit(ja)
    await parts.commits.submit(jb)
    await wa.wait_taken(1)
    await wb.wait_taken(1)
    assert parts.dispatcher.stop_running(jb.id, StopReason.CANCELED, force=True)
    assert wb.stops == {jb.id: [StopReason.CANCELED]} and wa.stops == {}
    assert not parts.dispatcher.stop_running(make_job().id, StopReason.CANCELED)
    assert sorted(parts.dispatcher.running_attempts()) == sorted([(ja.id, 1), (jb.id, 1)])


async def test_a_change_elsewhere_stops_the_attempt_unless_the_row_still_runs_it(
    parts: Parts,
) -> None:
    worker = parts.worker(capacity=4)
    jobs = [make_job() for _ in range(4)]
    for job in jobs:
        await parts.commits.submit(job)
    held = {j.id: j for j in await worker.wait_taken(4)}
    d = parts.dispatcher
    j0, j1, j2, j3 = (held[j.id] for j in jobs)
    d.on_store_change(j0.id, S.RUNNING, j0.attempt, owner="w1")  # still ours
    d.on_store_change(j1.id, S.CANCELED, j1.attempt, sequence=j1.sequence + 1)
    d.on_store_change(j2.id, S.RUNNING, j2.attempt, owner="another-replica")
    d.on_store_change(j3.id, S.CANCELED, 1, sequence=j3.sequence)  # older than our claim
    assert worker.stops == {j1.id: [StopReason.CANCELED], j2.id: [StopReason.STALLED]}


async def test_no_worker_ever_holds_more_attempts_than_its_slots(
    make_parts: Callable[..., Parts],
) -> None:
    """A burst of submits racing finishes, the claim loop and a pool."""
    parts = make_parts(p=2)
    workers = [parts.worker("w1", capacity=3), parts.worker("w2", capacity=2)]
    parts.dispatcher.start()
    rand = random.Random(7)
    jobs = [make_job(type=rand.choice("pq")) for _ in range(120)]
    done: set[str] = set()
    busiest = {w.lease_owner: 0 for w in workers}
    pooled = 0

    async def submit_all() -> None:
        for job in jobs:
            await parts.commits.submit(job)
            if rand.random() < 0.5:
                await asyncio.sleep(0)

    async def finish_all() -> None:
        nonlocal pooled
        for _ in range(20_000):  # bounded: about 100x what 120 jobs need
            if len(done) == len(jobs):
                return
            for w in workers:
                busiest[w.lease_owner] = max(busiest[w.lease_owner], len(w.held))
                assert w.slots.running == len(w.held) <= w.slots.capacity
            pooled = max(pooled, sum(j.type == "p" for w in workers for j in w.held.values()))
            held = [(w, j) for w in workers for j in list(w.held)]
            if held:
                w, job_id = rand.choice(held)
                await w.end(job_id, Outcome.ok(None))
                done.add(job_id)
            await asyncio.sleep(0.001 if not held else 0)
        raise AssertionError(f"only {len(done)} of {len(jobs)} jobs finished")

    await asyncio.gather(submit_all(), finish_all())
    await parts.dispatcher.stop_claiming()
    taken = [j.id for w in workers for j in w.taken]
    assert sorted(taken) == sorted(j.id for j in jobs)  # each started exactly once
    assert busiest == {"w1": 3, "w2": 2} and pooled <= 2
    assert parts.dispatcher.pools.claiming == 0

"""The commit owner's contract (runtime/commits.py): a write and the claim of the next
job for a slot in one commit; the written job published first; what the claim started
handed over even when the caller is gone; every reserved slot settled exactly once."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest
from jobplane.server.domain import lifecycle
from jobplane.server.domain.model import Job, JobError, JobStatus
from jobplane.server.domain.outcomes import Outcome
from jobplane.server.events.broker import Firehose

from ..store.jobs import make_job
from .conftest import Parts
from .held import HeldWorker

S = JobStatus


async def events(firehose: Firehose, n: int) -> list[tuple[str, JobStatus]]:
    """The next ``n`` status events of the firehose, as (job id, status)."""
    out = []
    for _ in range(n):
        event = await asyncio.wait_for(firehose.get(), 5)
        out.append((event.job_id, event.status))
    return out


def settled(parts: Parts) -> None:
    """No claim in flight and no slot promised."""
    assert parts.dispatcher.pools.claiming == 0
    for w in parts.dispatcher.workers:
        assert w.slots.reserved == 0


async def test_submit_with_a_free_slot_writes_the_job_running_and_hands_it_over(
    parts: Parts,
) -> None:
    worker = parts.worker(capacity=1)
    firehose = parts.broker.subscribe_all(lambda _j: True)
    job = make_job()
    stored, created = await parts.commits.submit(job)
    assert created and stored.id == job.id
    assert await events(firehose, 2) == [(job.id, S.QUEUED), (job.id, S.RUNNING)]
    (taken,) = await worker.wait_taken(1)
    assert taken.id == job.id and taken.status is S.RUNNING and taken.attempt == 1
    row = await parts.store.get(job.id)
    assert row is not None and row.status is S.RUNNING and row.lease_owner == "w1"
    assert worker.slots.running == 1
    settled(parts)


async def test_submit_answers_before_the_claimed_job_is_handed_over(parts: Parts) -> None:
    worker = parts.worker(capacity=1)
    await parts.commits.submit(make_job())
    # The submit resumed first: the hand-over runs on the next turn of the loop.
    assert worker.taken == [] and worker.slots.reserved == 1
    await worker.wait_taken(1)
    settled(parts)


async def test_submit_without_a_free_slot_only_inserts(parts: Parts) -> None:
    worker = parts.worker(capacity=1)
    first, second = make_job(), make_job()
    await parts.commits.submit(first)
    await worker.wait_taken(1)
    stored, created = await parts.commits.submit(second)
    assert created and stored.status is S.QUEUED
    await asyncio.sleep(0)
    assert [j.id for j in worker.taken] == [first.id]
    settled(parts)


async def test_submit_of_a_type_no_worker_serves_only_inserts(parts: Parts) -> None:
    worker = parts.worker(types=frozenset({"a"}))
    stored, created = await parts.commits.submit(make_job(type="b"))
    assert created and stored.status is S.QUEUED
    await asyncio.sleep(0)
    assert worker.taken == []
    settled(parts)


async def test_scheduled_and_paused_submits_claim_nothing(parts: Parts) -> None:
    worker = parts.worker()
    for job in (make_job(schedule_time=time.time() + 60), make_job(status=S.PAUSED)):
        stored, created = await parts.commits.submit(job)
        assert created and stored.status is job.status
    await asyncio.sleep(0)
    assert worker.taken == []
    settled(parts)


async def test_a_duplicate_submit_claims_nothing_and_settles_its_slot(parts: Parts) -> None:
    worker = parts.worker(capacity=2)
    first = make_job(request_id="r", request_hash="h")
    await parts.commits.submit(first)
    again = make_job(request_id="r", request_hash="h")
    stored, created = await parts.commits.submit(again)
    assert not created and stored.id == first.id
    await asyncio.sleep(0)
    assert [j.id for j in worker.taken] == [first.id]
    settled(parts)


async def test_a_cancelled_submit_still_hands_over_what_its_write_started(parts: Parts) -> None:
    worker = parts.worker(capacity=1)
    job = make_job()
    call = asyncio.ensure_future(parts.commits.submit(job))
    await asyncio.sleep(0)  # the write is in flight
    call.cancel()
    with pytest.raises(asyncio.CancelledError):
        await call
    (taken,) = await worker.wait_taken(1)
    assert taken.id == job.id
    settled(parts)


async def test_a_failed_submit_write_releases_its_slot(parts: Parts) -> None:
    worker = parts.worker(capacity=1)
    unwritable = make_job(payload={"x": object()})  # the store cannot encode it
    with pytest.raises(TypeError):
        await parts.commits.submit(unwritable)
    await asyncio.sleep(0)
    assert worker.taken == [] and worker.slots.free() == 1
    settled(parts)


async def _one_running(parts: Parts) -> tuple[HeldWorker, Job, Job]:
    """A worker with one slot, holding one attempt, and one more job queued behind it."""
    worker = parts.worker(capacity=1)
    running, queued = make_job(max_attempts=3), make_job()
    await parts.commits.submit(running)
    await worker.wait_taken(1)
    await parts.commits.submit(queued)
    return worker, running, queued


async def test_finish_writes_the_outcome_and_claims_the_next_job_for_its_slot(
    parts: Parts,
) -> None:
    worker, running, queued = await _one_running(parts)
    firehose = parts.broker.subscribe_all(lambda _j: True)
    change = await worker.end(running.id, Outcome.ok({"n": 2}))
    assert change is not None and change.job.status is S.SUCCEEDED
    assert change.job.output == {"n": 2}
    # The finished job is announced before the one its write started, and the next
    # job was handed over before the finish returned (its slot never looked free).
    assert await events(firehose, 2) == [(running.id, S.SUCCEEDED), (queued.id, S.RUNNING)]
    assert [j.id for j in worker.taken] == [running.id, queued.id]
    assert worker.slots.running == 1
    settled(parts)


async def test_finish_of_a_failed_attempt_with_attempts_left_schedules_the_retry(
    parts: Parts,
) -> None:
    worker, running, _queued = await _one_running(parts)
    error = JobError(code="INTERNAL", reason="BOOM", message="boom")
    change = await worker.end(running.id, Outcome.failed(error))
    assert change is not None and change.job.status is S.RETRYING
    assert change.job.error == error and change.job.next_attempt_time is not None
    settled(parts)


async def test_finish_while_draining_writes_the_outcome_alone(parts: Parts) -> None:
    worker, running, queued = await _one_running(parts)
    await parts.dispatcher.stop_claiming()
    change = await worker.end(running.id, Outcome.ok(None))
    assert change is not None and change.job.status is S.SUCCEEDED
    assert [j.id for j in worker.taken] == [running.id]
    row = await parts.store.get(queued.id)
    assert row is not None and row.status is S.QUEUED
    settled(parts)


async def test_a_fenced_out_finish_writes_nothing_but_still_claims(parts: Parts) -> None:
    worker, running, queued = await _one_running(parts)
    canceled = await parts.store.update(
        running.id, lambda j: lifecycle.cancel(j, time.time(), "test")
    )
    assert canceled is not None and canceled.job.status is S.CANCELED
    change = await worker.end(running.id, Outcome.ok({"late": True}))
    assert change is not None and change.events == ()
    row = await parts.store.get(running.id)
    assert row is not None and row.status is S.CANCELED and row.output is None
    assert [j.id for j in worker.taken] == [running.id, queued.id]
    settled(parts)


async def test_a_cancelled_finish_still_hands_over_the_next_job(parts: Parts) -> None:
    worker, running, queued = await _one_running(parts)
    call = asyncio.ensure_future(worker.end(running.id, Outcome.ok(None)))
    await asyncio.sleep(0)  # the write is in flight
    call.cancel()
    with pytest.raises(asyncio.CancelledError):
        await call
    await worker.wait_taken(2)
    assert worker.taken[1].id == queued.id
    row = await parts.store.get(running.id)
    assert row is not None and row.status is S.SUCCEEDED
    settled(parts)


async def test_finish_claims_respect_the_pools(make_parts: Callable[..., Parts]) -> None:
    parts = make_parts(a=1)
    worker = parts.worker(capacity=3)
    first, second, other = make_job(type="a"), make_job(type="a"), make_job(type="b")
    for job in (first, second, other):
        await parts.commits.submit(job)
    taken = await worker.wait_taken(2)
    assert {j.id for j in taken} == {first.id, other.id}  # the pool of "a" is full
    await worker.end(other.id, Outcome.ok(None))
    await asyncio.sleep(0)
    assert len(worker.taken) == 2  # "b"'s slot cannot go to the second "a"
    await worker.end(first.id, Outcome.ok(None))
    assert [j.id for j in worker.taken[2:]] == [second.id]  # "a"'s slot can
    settled(parts)

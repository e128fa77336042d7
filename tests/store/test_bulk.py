"""Store.submit_many and Store.delete_terminal, on every store: a batch is one write,
all or nothing, with request-id idempotency across and within batches; deleting
touches terminal jobs only and takes their events with them."""

from __future__ import annotations

import time

import pytest
from jobplane.server.domain import errors, lifecycle
from jobplane.server.domain.model import Job, JobStatus
from jobplane.server.store.base import Claim, Page, Store

from .jobs import make_job


def conflict(i: int, new: Job, held: Job) -> None:
    if new.request_hash != held.request_hash:
        raise errors.AlreadyExistsError(f"requests[{i}] conflicts with {held.id}")


async def test_a_batch_is_written_in_order_with_its_first_events(store: Store) -> None:
    jobs = [make_job(payload={"i": i}) for i in range(300)]
    out = await store.submit_many(jobs)
    assert [(j.id, created) for j, created in out] == [(j.id, True) for j in jobs]
    assert await store.count() == 300
    for job in (jobs[0], jobs[150], jobs[-1]):
        assert await store.get(job.id) == job
        events = await store.events_after(job.id, 0)
        assert events is not None and [(e.sequence, e.status) for e in events] == [
            (1, JobStatus.QUEUED)
        ]
    # Inserted jobs are claimable like submitted ones, in claim order.
    started = await store.claim(Claim(limit=5, now=time.time(), worker="w", lease_s=30))
    assert [c.job.id for c in started] == [j.id for j in jobs[:5]]


async def test_request_ids_are_idempotent_across_and_within_batches(store: Store) -> None:
    a = make_job(tenant="t1", request_id="a", request_hash="h1")
    (first,) = await store.submit_many([a])
    again = make_job(tenant="t1", request_id="a", request_hash="h1")
    other_tenant = make_job(tenant="t2", request_id="a", request_hash="h1")
    twin1 = make_job(tenant="t1", request_id="b", request_hash="h2")
    twin2 = make_job(tenant="t1", request_id="b", request_hash="h2")
    out = await store.submit_many([again, other_tenant, twin1, twin2], conflict)
    assert [(j.id, c) for j, c in out] == [
        (a.id, False),
        (other_tenant.id, True),
        (twin1.id, True),
        (twin1.id, False),
    ]
    assert first == (a, True) and await store.count() == 3


async def test_one_refused_item_writes_nothing(store: Store) -> None:
    await store.submit_many([make_job(tenant="t", request_id="x", request_hash="h1")])
    fresh = [make_job() for _ in range(10)]
    clash = make_job(tenant="t", request_id="x", request_hash="other")
    keyed = make_job(tenant="t", request_id="y", request_hash="h3")
    with pytest.raises(errors.AlreadyExistsError, match=r"requests\[11\]"):
        await store.submit_many([*fresh, keyed, clash], conflict)
    assert await store.count() == 1
    assert await store.get(fresh[0].id) is None and await store.get(keyed.id) is None
    # The store still works, and the refused request id is free for a valid batch.
    out = await store.submit_many([make_job(tenant="t", request_id="y", request_hash="h3")])
    assert out[0][1] and await store.count() == 2


async def test_delete_terminal_leaves_live_and_missing_jobs(store: Store) -> None:
    done, live = make_job(), make_job()
    await store.submit_many([done, live])
    change = await store.update(done.id, lambda j: lifecycle.cancel(j, time.time(), "x"))
    assert change is not None
    gone = await store.delete_terminal([done.id, live.id, make_job().id])
    assert [(j.id, j.status) for j in gone] == [(done.id, JobStatus.CANCELED)]
    assert await store.get(done.id) is None and await store.get(live.id) == live
    assert not await store.events_after(done.id, 0)
    assert [j.id for j in await store.list_jobs(Page(None, None, 10))] == [live.id]
    assert await store.delete_terminal([done.id]) == []

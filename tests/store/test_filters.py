"""Claims for a worker that runs some types only, or one tenant's jobs only (a remote
worker), and the durable memory of the types workers asked for — on every backend."""

from __future__ import annotations

import time

from jobplane.server.domain.model import JobStatus
from jobplane.server.store.base import Claim, Store

from .jobs import make_job


def claim(limit: int, **kw: object) -> Claim:
    return Claim(limit=limit, now=time.time(), worker="w", lease_s=30.0, **kw)  # type: ignore[arg-type]


async def test_a_claim_takes_only_its_types_and_tenant(store: Store) -> None:
    jobs = [
        make_job(type="a", tenant="t1", priority=90),
        make_job(type="b", tenant="t1", priority=80),
        make_job(type="a", tenant="t2", priority=70),
        make_job(type="c", tenant="t1", priority=60),
    ]
    for job in jobs:
        await store.submit(job)
    got = await store.claim(claim(10, types=frozenset({"a", "c"}), tenant="t1"))
    assert [c.job.id for c in got] == [jobs[0].id, jobs[3].id]
    assert all(c.job.status is JobStatus.RUNNING for c in got)
    got = await store.claim(claim(10, types=frozenset({"b"})))
    assert [c.job.id for c in got] == [jobs[1].id]
    got = await store.claim(claim(10, tenant="t2"))
    assert [c.job.id for c in got] == [jobs[2].id]


async def test_a_filtered_claim_is_not_held_back_by_many_jobs_of_other_types(
    store: Store,
) -> None:
    for _ in range(150):  # more than a claim reads past its limit (fetch_limit)
        await store.submit(make_job(type="busy", priority=99))
    mine = make_job(type="mine", priority=1)
    await store.submit(mine)
    got = await store.claim(claim(1, types=frozenset({"mine"})))
    assert [c.job.id for c in got] == [mine.id]


async def test_a_submit_claims_only_for_its_workers_types(store: Store) -> None:
    other = make_job(type="x")
    _, created, started = await store.submit(other, claim(1, types=frozenset({"y"})))
    assert created and started == []
    job = make_job(type="y")
    _, _, started = await store.submit(job, claim(1, types=frozenset({"y"})))
    assert [c.job.id for c in started] == [job.id]


async def test_remembered_types_survive_and_repeat_harmlessly(store: Store) -> None:
    assert await store.known_types() == []
    await store.remember_types(["py.echo", "go.echo"], time.time())
    await store.remember_types(["py.echo"], time.time())
    assert await store.known_types() == ["go.echo", "py.echo"]

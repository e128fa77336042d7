"""Insert, get, list, update: the same behaviour on every store."""

from __future__ import annotations

import asyncio
import time

import pytest
from jobplane.server.domain import errors, filters, lifecycle
from jobplane.server.domain.ids import new_job_id
from jobplane.server.domain.model import EventKind, JobStatus, Progress
from jobplane.server.store.base import Page, Store

from ..support import count_decodes
from .conftest import Backend
from .jobs import make_job


async def test_insert_get_roundtrip(store: Store) -> None:
    job = make_job(labels={"a": "1", "b": "x y"}, payload={"nested": {"k": [1, 2]}}, priority=7)
    stored, created, started = await store.submit(job)
    assert created and stored == job and started == []
    assert await store.get(job.id) == job
    assert await store.get("missing") is None
    assert await store.count() == 1
    events = await store.events_after(job.id, 0)
    assert events is not None
    assert [(e.sequence, e.kind, e.status) for e in events] == [
        (1, EventKind.STATUS, JobStatus.QUEUED)
    ]


async def test_get_checks_the_tenant_before_decoding(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No existence oracle (issue 15, item 6): a job of another tenant is None, like a
    missing id, and its row is never decoded, so both take the same path and time."""
    job = make_job(tenant="acme")
    await store.submit(job)
    decoded = count_decodes(monkeypatch)
    assert await store.get(job.id, "globex") is None
    assert await store.get(new_job_id(), "globex") is None
    assert decoded == []
    assert await store.get(job.id, "acme") == job
    assert await store.get(job.id) == job  # None: any tenant (admins)
    assert decoded == [job.id, job.id]


async def test_request_id_is_idempotent_per_tenant(store: Store) -> None:
    first = make_job(request_id="r1", request_hash="h")
    assert (await store.submit(first))[1]
    again, created, _ = await store.submit(make_job(request_id="r1", request_hash="other"))
    assert not created and again.id == first.id and again.request_hash == "h"
    other_tenant, created, _ = await store.submit(make_job(request_id="r1", tenant="t2"))
    assert created and other_tenant.id != first.id


async def test_concurrent_same_request_id_makes_one_job(backend: Backend) -> None:
    stores = [await backend.open() for _ in range(2 if backend.shared else 1)]
    jobs = [make_job(request_id="same") for _ in range(10)]
    results = await asyncio.gather(*(stores[i % len(stores)].submit(j) for i, j in enumerate(jobs)))
    assert sum(created for _, created, _ in results) == 1
    assert len({job.id for job, _, _ in results}) == 1
    assert await stores[0].count() == 1


async def test_list_newest_first_with_paging_and_filters(store: Store) -> None:
    jobs = [make_job(type="a" if i % 2 else "b", labels={"i": str(i)}) for i in range(7)]
    for job in jobs:
        await store.submit(job)
    await store.submit(make_job(tenant="other"))
    page = await store.list_jobs(Page(tenant="", filter=None, limit=3))
    assert [j.id for j in page] == [j.id for j in reversed(jobs)][:3]
    last = page[-1]
    rest = await store.list_jobs(Page("", None, 10, after=(last.create_time, last.id)))
    assert [j.id for j in rest] == [j.id for j in reversed(jobs)][3:]
    assert len(await store.list_jobs(Page(None, None, 100))) == 8

    def ids(text: str) -> set[str]:
        return {j.id for j in found[text]}

    found = {}
    for text in ('type = "a"', "labels.i = 3", "labels:i AND NOT type = b", "status = QUEUED",
                 "dead_letter = true", f'create_time >= "{_rfc(jobs[5].create_time)}"'):  # fmt: skip
        found[text] = await store.list_jobs(Page("", filters.parse(text), 100))
    assert ids('type = "a"') == {j.id for j in jobs if j.type == "a"}
    assert ids("labels.i = 3") == {jobs[3].id}
    assert ids("labels:i AND NOT type = b") == {j.id for j in jobs if j.type == "a"}
    assert len(ids("status = QUEUED")) == 7
    assert ids("dead_letter = true") == set()
    assert jobs[6].id in ids(f'create_time >= "{_rfc(jobs[5].create_time)}"')


def _rfc(t: float) -> str:
    import datetime as dt

    return dt.datetime.fromtimestamp(t - 1, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


async def test_update_applies_rule_and_records_events(store: Store) -> None:
    job = make_job()
    await store.submit(job)
    change = await store.update(job.id, lambda j: lifecycle.pause(j, time.time()))
    assert change is not None and change.job.status is JobStatus.PAUSED
    assert (await store.get(job.id)) == change.job
    events = await store.events_after(job.id, 1)
    assert events is not None and [e.status for e in events] == [JobStatus.PAUSED]
    assert await store.update("missing", lambda j: lifecycle.pause(j, time.time())) is None


async def test_domain_error_writes_nothing_and_spares_neighbours(store: Store) -> None:
    a, b = make_job(), make_job()
    await store.submit(a)
    await store.submit(b)

    def bad(_j: object) -> lifecycle.Change:
        raise errors.FailedPreconditionError("no", reason="NOPE")

    results = await asyncio.gather(
        store.update(a.id, bad),
        store.update(b.id, lambda j: lifecycle.pause(j, time.time())),
        return_exceptions=True,
    )
    assert isinstance(results[0], errors.FailedPreconditionError)
    assert (await store.get(a.id)) == a
    got = await store.get(b.id)
    assert got is not None and got.status is JobStatus.PAUSED


async def test_unchanged_rule_writes_nothing(store: Store) -> None:
    job = make_job()
    await store.submit(job)
    change = await store.update(job.id, lifecycle.unchanged)
    assert change is not None and change.events == ()
    assert await store.get(job.id) == job


@pytest.mark.parametrize("n", [200])
async def test_many_concurrent_updates_all_land(store: Store, n: int) -> None:
    job = make_job()
    await store.submit(job)
    job = (await store.update(job.id, lambda j: lifecycle.start(j, time.time(), "w", 30))).job  # type: ignore[union-attr]
    writes = [
        store.progress(job.id, job.attempt, Progress(current=i, total=n, update_time=time.time()))
        for i in range(n)
    ]
    events = await asyncio.gather(*writes)
    assert all(e is not None for e in events)
    assert sorted(e.sequence for e in events if e) == list(range(3, 3 + n))
    final = await store.get(job.id)
    assert final is not None and final.sequence == 2 + n

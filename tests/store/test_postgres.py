"""PostgreSQL only: migrations, the migrate command, and notices between instances."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from click.testing import CliRunner
from jobplane.server.domain import lifecycle
from jobplane.server.domain.model import JobStatus
from jobplane.server.migrate import migrate
from jobplane.server.store.notice import Notice
from jobplane.server.store.postgres import PostgresStore
from jobplane.server.store.postgres.commit import Batch

from . import pg
from .jobs import make_job


@pytest.fixture
async def pg_url(postgres_url: str) -> AsyncIterator[str]:
    schema = pg.new_schema()
    yield pg.with_schema(postgres_url, schema)
    await pg.drop_schema(postgres_url, schema)


async def test_replicas_starting_together_migrate_once(pg_url: str) -> None:
    stores = [PostgresStore(pg_url) for _ in range(3)]
    await asyncio.gather(*(s.open() for s in stores))
    try:
        await stores[0].submit(make_job())
        assert await stores[2].count() == 1
    finally:
        for s in stores:
            await s.close()


def test_migrate_command(pg_url: str) -> None:
    runner = CliRunner()
    dry = runner.invoke(migrate, ["--db", pg_url, "--dry-run"])
    assert dry.exit_code == 0 and "pending 0001_init" in dry.output
    done = runner.invoke(migrate, ["--db", pg_url])
    assert done.exit_code == 0 and "applied 0001_init" in done.output
    again = runner.invoke(migrate, ["--db", pg_url])
    assert again.exit_code == 0 and "up to date" in again.output
    bad = runner.invoke(migrate, ["--db", "postgresql://127.0.0.1:1/x"])
    assert bad.exit_code == 1


async def test_notices_reach_other_instances_after_commit(pg_url: str) -> None:
    a, b = PostgresStore(pg_url), PostgresStore(pg_url)
    await a.open()
    await b.open()
    got: list[Notice] = []
    resynced = asyncio.Event()
    arrived = asyncio.Event()

    def on_notices(notices: list[Notice]) -> None:
        got.extend(notices)
        arrived.set()

    try:
        a.listen(on_notices, resynced.set)
        await asyncio.wait_for(resynced.wait(), 5)
        job = make_job()
        await b.submit(job)
        change = await b.update(job.id, lambda j: lifecycle.cancel(j, time.time(), "x"))
        assert change is not None
        await a.update(job.id, lifecycle.unchanged)  # writes nothing: no notice
        await a.submit(make_job())  # a's own write: marked local
        deadline = time.monotonic() + 5
        while len(got) < 3 and time.monotonic() < deadline:
            arrived.clear()
            await asyncio.wait_for(arrived.wait(), 5)
        remote = [(n.job_id, n.sequence, n.status) for n in got if not n.local]
        assert remote == [(job.id, 1, job.status), (job.id, 2, change.job.status)]
        assert [n.local for n in got] == [False, False, True]
    finally:
        await a.close()
        await b.close()


def test_batch_payloads_split_below_the_notify_limit() -> None:
    batch = Batch()
    for i in range(2000):
        batch.note_raw(f"job-{i:06d}-{'x' * 20}", i, JobStatus.RUNNING, 1)
    payloads = batch.payloads("me")
    assert len(payloads) > 1 and all(len(p) < 8000 for p in payloads)
    parsed = [n for p in payloads for n in Notice.parse_payload(p, "me")]
    assert len(parsed) == 2000 and all(n.local for n in parsed)
    assert not any(n.local for n in Notice.parse_payload(payloads[0], "other"))

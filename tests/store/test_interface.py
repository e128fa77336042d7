"""The Store interface's own promises, on every store: reads are coroutines and writes
the group commit's futures, a closed store refuses writes at once, ``shared`` says
whether replicas may share it, and durability is a stated level."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from jobplane.server import cli
from jobplane.server.config import ServerConfig
from jobplane.server.domain import lifecycle
from jobplane.server.store import open_store
from jobplane.server.store.base import Claim, Durability, Store
from jobplane.server.store.sqlite import SqliteStore

from .conftest import Backend
from .jobs import make_job


async def test_shared_only_for_postgres(backend: Backend, store: Store) -> None:
    assert store.shared is (backend.kind == "postgres")


async def test_a_write_is_queued_when_called_and_settles_without_an_awaiter(
    store: Store,
) -> None:
    """What submit and finish-and-claim rely on: a callback on the write's future sees
    what the claim started, with no coroutine awaiting the write."""
    job = make_job()
    write = store.submit(job, Claim(limit=1, now=time.time(), worker="w1", lease_s=30.0))
    assert asyncio.isfuture(write)
    settled = asyncio.Event()
    write.add_done_callback(lambda _f: settled.set())
    await asyncio.wait_for(settled.wait(), 10)
    stored, created, started = write.result()
    assert stored == job and created and [c.job.id for c in started] == [job.id]
    assert await store.get(job.id) == started[0].job


async def test_a_closed_store_fails_writes_at_once(backend: Backend) -> None:
    store = await backend.open()
    job = make_job()
    await store.submit(job)
    await backend.close()
    for write in (
        store.submit(make_job()),
        store.update(job.id, lifecycle.unchanged),
        store.claim(Claim(limit=1, now=time.time(), worker="w", lease_s=1.0)),
        store.renew([(job.id, 1)], "w", time.time()),
    ):
        with pytest.raises(RuntimeError, match="not open"):
            await asyncio.wait_for(write, 5)


@pytest.mark.parametrize(("level", "synchronous"), [(Durability.PROCESS, 1), (Durability.POWER, 2)])
async def test_sqlite_durability_levels(
    tmp_path: Path, level: Durability, synchronous: int
) -> None:
    """PROCESS: WAL with synchronous=NORMAL (1); POWER: FULL (2), an fsync per commit."""
    store = open_store(f"sqlite:///{tmp_path / 'jobs.db'}", durability=level)
    assert isinstance(store, SqliteStore)
    await store.open()
    try:
        conn = store._connect()  # the settings every connection of the store gets
        assert conn.execute("PRAGMA synchronous").fetchone() == (synchronous,)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        conn.close()
    finally:
        await store.close()


def test_the_durability_flag_gives_the_enum(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JOBPLANE_DURABILITY", raising=False)
    assert [d.value for d in Durability] == ["process", "power"]  # the flag's values

    def parse(*args: str) -> ServerConfig:
        return cli.config_from_options(dict(cli.serve.make_context("serve", list(args)).params))

    assert parse().store.durability is Durability.PROCESS
    power = parse("--durability", "power")
    assert power.store.durability is Durability.POWER

"""Schedules in SQLite: a ``schedules`` table in the jobs' database file.

One connection of its own, used from one thread, so every operation is atomic
against the others; the job store's writer is another connection to the same
file (WAL: they wait for each other with a busy timeout, never fail). With
``:memory:`` the schedules live in a separate in-memory database, which is fine:
they are tied to jobs only by request ids.
"""

from __future__ import annotations

import asyncio
import builtins
import contextlib
import sqlite3
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from jobplane.server.domain.schedule import Schedule
from jobplane.server.store import schedule_codec as codec
from jobplane.server.store.schedules import Edit, named_queries

T = TypeVar("T")
Q = named_queries("schedules_sqlite.sql", lambda _n: "?")
BUSY_TIMEOUT_MS = 10_000


class _Batch:
    def __init__(self, store: SqliteScheduleStore, schedules: builtins.list[Schedule]) -> None:
        self.schedules = schedules
        self._store = store

    async def save(self, schedules: Sequence[Schedule]) -> None:
        rows = [(*codec.values(s, codec.CURSOR), s.tenant, s.id, s.revision) for s in schedules]

        def op(conn: sqlite3.Connection) -> None:
            with conn:
                conn.executemany(Q["save_cursor"], rows)

        await self._store.run(op)


class SqliteScheduleStore:
    def __init__(self, path: str) -> None:
        self._path = path
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="jobplane-schedules")
        self._conn: sqlite3.Connection | None = None

    async def run(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        def call() -> T:
            assert self._conn is not None, "the schedule store is not open"
            return fn(self._conn)

        return await asyncio.get_running_loop().run_in_executor(self._thread, call)

    async def open(self) -> None:
        def connect() -> None:
            conn = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if self._path != ":memory:":
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
            conn.isolation_level = "DEFERRED"
            with conn:
                conn.executescript(Q["schema"])
            self._conn = conn

        await asyncio.get_running_loop().run_in_executor(self._thread, connect)

    async def close(self) -> None:
        if self._conn is not None:
            await self.run(lambda conn: conn.close())
            self._conn = None
        self._thread.shutdown(wait=True)

    async def create(self, schedule: Schedule) -> bool:
        row = codec.to_row(schedule)

        def op(conn: sqlite3.Connection) -> bool:
            with conn:
                return conn.execute(Q["insert"], row).rowcount == 1

        return await self.run(op)

    async def get(self, tenant: str | None, schedule_id: str) -> Schedule | None:
        return await self.run(lambda conn: _get(conn, tenant, schedule_id))

    async def list(
        self, tenant: str | None, after: tuple[str, str] | None, limit: int
    ) -> builtins.list[Schedule]:
        start = after or ("", "")
        args = (tenant, tenant, start[0], start[1], limit)
        rows = await self.run(lambda conn: conn.execute(Q["page"], args).fetchall())
        return [codec.from_row(r) for r in rows]

    async def update(self, tenant: str | None, schedule_id: str, edit: Edit) -> Schedule | None:
        def op(conn: sqlite3.Connection) -> Schedule | None:
            with conn:
                conn.execute("BEGIN IMMEDIATE")  # read-modify-write under the write lock
                current = _get(conn, tenant, schedule_id)
                if current is None:
                    return None
                new = edit(current)
                conn.execute(
                    Q["update_config"],
                    (*codec.values(new, codec.CONFIG), current.tenant, current.id),
                )
                return new

        return await self.run(op)

    async def delete(self, tenant: str | None, schedule_id: str) -> bool:
        def op(conn: sqlite3.Connection) -> bool:
            with conn:
                current = _get(conn, tenant, schedule_id)
                if current is None:
                    return False
                return conn.execute(Q["delete"], (current.tenant, current.id)).rowcount == 1

        return await self.run(op)

    @contextlib.asynccontextmanager
    async def due(self, now: float, limit: int) -> AsyncIterator[_Batch]:
        # One process per SQLite file: no other scheduler to keep out, so no lock is held.
        rows = await self.run(lambda conn: conn.execute(Q["due"], (now, limit)).fetchall())
        yield _Batch(self, [codec.from_row(r) for r in rows])

    async def next_wake(self) -> float | None:
        row = await self.run(lambda conn: conn.execute(Q["next_wake"]).fetchone())
        return None if row is None else row[0]


def _get(conn: sqlite3.Connection, tenant: str | None, schedule_id: str) -> Schedule | None:
    if tenant is None:
        row = conn.execute(Q["get_any"], (schedule_id,)).fetchone()
    else:
        row = conn.execute(Q["get"], (tenant, schedule_id)).fetchone()
    return None if row is None else codec.from_row(row)

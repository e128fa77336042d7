"""Schedules in SQLite: a ``schedules`` table in the jobs' database.

Every statement runs on the job store's own connections: writes through its one
writer thread (each in a savepoint of a group commit, next to the runs they
create), reads on its WAL readers. A second connection writing the same file
would make the two writers wait on each other's locks (SQLite's busy handler
sleeps for milliseconds at a time: that showed as a 0.5 s p99 fire lag) and
would reset the writer's decoded-row cache at every commit.
"""

from __future__ import annotations

import asyncio
import builtins
import contextlib
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any, TypeVar

from jobplane.server.domain.schedule import Schedule
from jobplane.server.store import schedule_codec as codec
from jobplane.server.store.schedules import Edit, named_queries

T = TypeVar("T")
SCHEDULE_SQL = named_queries(__package__, lambda _n: "?")
#: The job store's writer: queue an operation, its future resolves once committed.
Write = Callable[[Callable[[sqlite3.Connection], Any]], "asyncio.Future[Any]"]
#: The job store's reader: run an operation on a read connection.
Read = Callable[[Callable[[sqlite3.Connection], Any]], Awaitable[Any]]


class _Batch:
    def __init__(self, store: SqliteScheduleStore, schedules: builtins.list[Schedule]) -> None:
        self.schedules = schedules
        self._store = store

    async def save(self, schedules: Sequence[Schedule]) -> None:
        rows = [(*codec.values(s, codec.CURSOR), s.tenant, s.id, s.revision) for s in schedules]
        if rows:
            await self._store.write(
                lambda conn: conn.executemany(SCHEDULE_SQL["save_cursor"], rows)
            )


class SqliteScheduleStore:
    def __init__(self, write: Write, read: Read) -> None:
        self._write = write
        self._read = read

    async def write(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        result: T = await self._write(fn)
        return result

    async def read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        result: T = await self._read(fn)
        return result

    async def open(self) -> None:
        def schema(conn: sqlite3.Connection) -> None:
            for statement in SCHEDULE_SQL["schema"].split(";"):
                if statement.strip():
                    conn.execute(statement)

        await self.write(schema)

    async def close(self) -> None:
        """Nothing to release: the connections are the job store's."""

    async def create(self, schedule: Schedule) -> bool:
        row = codec.to_row(schedule)
        return await self.write(
            lambda conn: conn.execute(SCHEDULE_SQL["insert"], row).rowcount == 1
        )

    async def get(self, tenant: str | None, schedule_id: str) -> Schedule | None:
        return await self.read(lambda conn: _get(conn, tenant, schedule_id))

    async def list(
        self, tenant: str | None, after: tuple[str, str] | None, limit: int
    ) -> builtins.list[Schedule]:
        start = after or ("", "")
        args = (tenant, tenant, start[0], start[1], limit)
        rows = await self.read(lambda conn: conn.execute(SCHEDULE_SQL["page"], args).fetchall())
        return [codec.from_row(r) for r in rows]

    async def update(self, tenant: str | None, schedule_id: str, edit: Edit) -> Schedule | None:
        def op(conn: sqlite3.Connection) -> Schedule | None:
            # On the writer thread: nothing else writes between the read and the write.
            current = _get(conn, tenant, schedule_id)
            if current is None:
                return None
            new = edit(current)
            conn.execute(
                SCHEDULE_SQL["update_config"],
                (*codec.values(new, codec.CONFIG), current.tenant, current.id),
            )
            return new

        return await self.write(op)

    async def delete(self, tenant: str | None, schedule_id: str) -> bool:
        def op(conn: sqlite3.Connection) -> bool:
            current = _get(conn, tenant, schedule_id)
            if current is None:
                return False
            return conn.execute(SCHEDULE_SQL["delete"], (current.tenant, current.id)).rowcount == 1

        return await self.write(op)

    @contextlib.asynccontextmanager
    async def due(self, now: float, limit: int) -> AsyncIterator[_Batch]:
        # One process per SQLite file: no other scheduler to keep out, so no lock is held.
        rows = await self.read(
            lambda conn: conn.execute(SCHEDULE_SQL["due"], (now, limit)).fetchall()
        )
        yield _Batch(self, [codec.from_row(r) for r in rows])

    async def wakes(self, limit: int) -> builtins.list[tuple[tuple[str, str], float]]:
        rows = await self.read(
            lambda conn: conn.execute(SCHEDULE_SQL["wakes"], (limit,)).fetchall()
        )
        return [((tenant, sid), wake) for tenant, sid, wake in rows]


def _get(conn: sqlite3.Connection, tenant: str | None, schedule_id: str) -> Schedule | None:
    if tenant is None:
        row = conn.execute(SCHEDULE_SQL["get_any"], (schedule_id,)).fetchone()
    else:
        row = conn.execute(SCHEDULE_SQL["get"], (tenant, schedule_id)).fetchone()
    return None if row is None else codec.from_row(row)

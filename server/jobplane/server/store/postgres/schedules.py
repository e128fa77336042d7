"""Schedules in PostgreSQL: a ``schedules`` table beside ``jobs`` (migration 0003).

Replicas share the schedules. Each takes its due ones with ``FOR UPDATE SKIP
LOCKED`` and keeps them locked while it creates their runs and moves their
cursors, so two replicas never handle the same schedule at once; a replica that
dies mid-batch loses its locks with its connection and its transaction rolls back,
and the next replica asks again for the same runs, which exist already (request
ids), so nothing is created twice.
"""

from __future__ import annotations

import builtins
import contextlib
from collections.abc import AsyncIterator, Sequence

import asyncpg
from jobplane.server.domain.schedule import Schedule
from jobplane.server.store import schedule_codec as codec
from jobplane.server.store.postgres import migrations
from jobplane.server.store.schedules import Edit, named_queries

SCHEDULE_SQL = named_queries(__package__, lambda n: f"${n}")


class _Batch:
    def __init__(self, conn: asyncpg.Connection, schedules: builtins.list[Schedule]) -> None:
        self.schedules = schedules
        self._conn = conn

    async def save(self, schedules: Sequence[Schedule]) -> None:
        rows = [(*codec.values(s, codec.CURSOR), s.tenant, s.id, s.revision) for s in schedules]
        if rows:
            await self._conn.executemany(SCHEDULE_SQL["save_cursor"], rows)


class PostgresScheduleStore:
    """``url`` as for the job store; the job store applies the migrations."""

    def __init__(self, url: str, *, pool_size: int = 5) -> None:
        self._target = migrations.Target.parse(url)
        self._pool_size = pool_size
        self._pool: asyncpg.Pool | None = None

    @property
    def pool(self) -> asyncpg.Pool:
        assert self._pool is not None, "the schedule store is not open"
        return self._pool

    async def open(self) -> None:
        self._pool = await asyncpg.create_pool(
            self._target.dsn,
            min_size=1,
            max_size=self._pool_size,
            server_settings={
                "search_path": f'"{self._target.schema}"',
                "application_name": "jobplane-schedules",
                # A replica frozen mid-batch must not hold its schedules' locks forever.
                "idle_in_transaction_session_timeout": "10000",
            },
        )

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None

    async def create(self, schedule: Schedule) -> bool:
        status = await self.pool.execute(SCHEDULE_SQL["insert"], *codec.to_row(schedule))
        return bool(status.endswith(" 1"))

    async def get(self, tenant: str | None, schedule_id: str) -> Schedule | None:
        async with self.pool.acquire() as conn:
            return await _get(conn, tenant, schedule_id, lock=False)

    async def list(
        self, tenant: str | None, after: tuple[str, str] | None, limit: int
    ) -> builtins.list[Schedule]:
        start = after or ("", "")
        rows = await self.pool.fetch(SCHEDULE_SQL["page"], tenant, start[0], start[1], limit)
        return [codec.from_row(r) for r in rows]

    async def update(self, tenant: str | None, schedule_id: str, edit: Edit) -> Schedule | None:
        async with self.pool.acquire() as conn, conn.transaction():
            current = await _get(conn, tenant, schedule_id, lock=True)
            if current is None:
                return None
            new = edit(current)
            await conn.execute(
                SCHEDULE_SQL["update_config"],
                *codec.values(new, codec.CONFIG),
                current.tenant,
                current.id,
            )
            return new

    async def delete(self, tenant: str | None, schedule_id: str) -> bool:
        async with self.pool.acquire() as conn, conn.transaction():
            current = await _get(conn, tenant, schedule_id, lock=True)
            if current is None:
                return False
            status = await conn.execute(SCHEDULE_SQL["delete"], current.tenant, current.id)
            return bool(status.endswith(" 1"))

    @contextlib.asynccontextmanager
    async def due(self, now: float, limit: int) -> AsyncIterator[_Batch]:
        async with self.pool.acquire() as conn, conn.transaction():
            rows = await conn.fetch(SCHEDULE_SQL["due"], now, limit)
            yield _Batch(conn, [codec.from_row(r) for r in rows])

    async def wakes(self, limit: int) -> builtins.list[tuple[tuple[str, str], float]]:
        rows = await self.pool.fetch(SCHEDULE_SQL["wakes"], limit)
        return [((r["tenant"], r["id"]), float(r["wake_time"])) for r in rows]


async def _get(
    conn: asyncpg.Connection, tenant: str | None, schedule_id: str, *, lock: bool
) -> Schedule | None:
    if tenant is None:
        row = await conn.fetchrow(SCHEDULE_SQL["get_any"], schedule_id)
        if row is None or not lock:
            return None if row is None else codec.from_row(row)
        tenant = row["tenant"]
    row = await conn.fetchrow(
        SCHEDULE_SQL["get_for_update" if lock else "get"], tenant, schedule_id
    )
    return None if row is None else codec.from_row(row)

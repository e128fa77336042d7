"""The schedule store interface; SQLite and PostgreSQL implement it beside their job stores.

Schedules live in their own table. Nothing here is in the same transaction as a
job: exactly-once per nominal time comes from the run's request_id (unique per
tenant in ``jobs``), so a crash between creating a run and moving the cursor only
means the run is asked for again and found.
"""

from __future__ import annotations

import builtins
import contextlib
from collections.abc import Callable, Sequence
from typing import Protocol

from jobplane.server.domain.schedule import Schedule
from jobplane.server.store import queries, schedule_codec
from jobplane.server.store.base import Store

#: A caller's change: the schedule as it is → as it should be.
Edit = Callable[[Schedule], Schedule]


class DueBatch(Protocol):
    """Due schedules taken by one scheduler (on PostgreSQL: row-locked until the
    batch ends, so another replica skips them)."""

    schedules: builtins.list[Schedule]

    async def save(self, schedules: Sequence[Schedule]) -> None:
        """Write each schedule's cursor, unless a caller changed its revision meanwhile."""
        ...


class ScheduleStore(Protocol):
    async def open(self) -> None: ...
    async def close(self) -> None: ...

    async def create(self, schedule: Schedule) -> bool:
        """Insert; False when (tenant, id) is taken."""
        ...

    async def get(self, tenant: str | None, schedule_id: str) -> Schedule | None:
        """The schedule; ``tenant`` None: in any tenant."""
        ...

    async def list(
        self, tenant: str | None, after: tuple[str, str] | None, limit: int
    ) -> builtins.list[Schedule]:
        """Up to ``limit`` schedules ordered by (tenant, id), strictly after ``after``."""
        ...

    async def update(self, tenant: str | None, schedule_id: str, edit: Edit) -> Schedule | None:
        """Apply ``edit`` atomically and write its configuration; None if there is no such
        schedule. Domain errors raised by ``edit`` propagate and nothing is written."""
        ...

    async def delete(self, tenant: str | None, schedule_id: str) -> bool: ...

    def due(self, now: float, limit: int) -> contextlib.AbstractAsyncContextManager[DueBatch]:
        """Up to ``limit`` unpaused schedules whose wake time has come."""
        ...

    async def wakes(self, limit: int) -> builtins.list[tuple[tuple[str, str], float]]:
        """The earliest ``limit`` wake times of unpaused schedules: ((tenant, id), time)."""
        ...


def named_queries(package: str, style: Callable[[int], str]) -> dict[str, str]:
    """The named queries of ``package``'s ``schedules.sql``; ``style(n)`` is the n-th
    bind placeholder. Filled in: ``{schedule_cols}`` (the table's columns), ``{marks}``
    (one placeholder each), ``{config}`` / ``{cursor}`` (the SET lists of a caller's and
    of the scheduler's write) and the placeholders of the WHERE clauses after them."""
    cols, config, cursor = schedule_codec.COLUMNS, schedule_codec.CONFIG, schedule_codec.CURSOR
    return queries.named(
        package,
        "schedules.sql",
        {
            "schedule_cols": ", ".join(cols),
            "marks": ", ".join(style(i + 1) for i in range(len(cols))),
            "config": ", ".join(f"{c} = {style(i + 1)}" for i, c in enumerate(config)),
            "config_tenant": style(len(config) + 1),
            "config_id": style(len(config) + 2),
            "cursor": ", ".join(f"{c} = {style(i + 1)}" for i, c in enumerate(cursor)),
            "cursor_tenant": style(len(cursor) + 1),
            "cursor_id": style(len(cursor) + 2),
            "cursor_revision": style(len(cursor) + 3),
        },
    )


def open_schedule_store(url: str, jobs: Store) -> ScheduleStore:
    """The schedule store beside ``jobs``, the (open) job store of ``url``."""
    if url.startswith("sqlite://"):
        from jobplane.server.store.sqlite import SqliteStore
        from jobplane.server.store.sqlite.schedules import SqliteScheduleStore

        assert isinstance(jobs, SqliteStore)
        # The job store's own writer and readers (see sqlite/schedules.py for why).
        return SqliteScheduleStore(jobs._writer.write, jobs._read)
    from jobplane.server.store.postgres.schedules import PostgresScheduleStore

    return PostgresScheduleStore(url)

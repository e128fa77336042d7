"""The schedule store interface; SQLite and PostgreSQL implement it beside their job stores.

Schedules live in their own table. Nothing here is in the same transaction as a
job: exactly-once per nominal time comes from the run's request_id (unique per
tenant in ``jobs``), so a crash between creating a run and moving the cursor only
means the run is asked for again and found.
"""

from __future__ import annotations

import builtins
import contextlib
import re
from collections.abc import Callable, Sequence
from importlib import resources
from typing import Protocol

from jobplane.server.domain.schedule import Schedule
from jobplane.server.store import schedule_codec
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

    async def next_wake(self) -> float | None:
        """The earliest wake time of an unpaused schedule."""
        ...


def named_queries(resource: str, style: Callable[[int], str]) -> dict[str, str]:
    """The ``-- name: x`` blocks of ``sql/<resource>``, with ``{cols}``, ``{marks}``,
    ``{config}`` and ``{cursor}`` filled in (``style(n)``: the n-th placeholder)."""
    text = resources.files(__package__).joinpath(f"sql/{resource}").read_text()
    cols = schedule_codec.COLUMNS
    n_config, n_cursor = len(schedule_codec.CONFIG), len(schedule_codec.CURSOR)
    fill = {
        "cols": ", ".join(cols),
        "marks": ", ".join(style(i + 1) for i in range(len(cols))),
        "config": ", ".join(f"{c} = {style(i + 1)}" for i, c in enumerate(schedule_codec.CONFIG)),
        "cursor": ", ".join(f"{c} = {style(i + 1)}" for i, c in enumerate(schedule_codec.CURSOR)),
    }
    out: dict[str, str] = {}
    for block in re.split(r"^-- name: *", text, flags=re.M)[1:]:
        name, _, body = block.partition("\n")
        sql = "\n".join(x for x in body.splitlines() if not x.startswith("--")).strip()
        for key, value in fill.items():
            sql = sql.replace("{" + key + "}", value)
        # PostgreSQL's numbered parameters after the SET list: ${n1} → $14 and so on.
        size = n_config if name == "update_config" else n_cursor
        for k in (1, 2, 3):
            sql = sql.replace(f"${{n{k}}}", f"${size + k}")
        out[name.strip()] = sql
    return out


def open_schedule_store(url: str, jobs: Store) -> ScheduleStore:
    """The schedule store beside ``jobs``, the job store of ``url``."""
    if url.startswith("sqlite://"):
        from jobplane.server.store.schedules_sqlite import SqliteScheduleStore
        from jobplane.server.store.sqlite import SqliteStore

        assert isinstance(jobs, SqliteStore)
        # The job store's own writer and readers (see schedules_sqlite for why).
        return SqliteScheduleStore(jobs._write, jobs._read)
    from jobplane.server.store.schedules_postgres import PostgresScheduleStore

    return PostgresScheduleStore(url)

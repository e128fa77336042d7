"""PostgreSQL store: several replicas, one database, PostgreSQL as the coordinator.

* Writes are group-committed (:mod:`.commit`): rules run after ``SELECT … FOR
  UPDATE`` inside a shared transaction; claims, rescues and timers take rows with
  ``FOR UPDATE SKIP LOCKED`` so replicas never wait on (or double-take) each other.
* Fencing: progress, checkpoints and lease renewals match (status RUNNING,
  attempt[, lease owner]); the executor's outcome rules check the same, so a
  replica paused past its lease cannot write over the replica that took over.
* Every committed change is announced with ``NOTIFY`` (job id, sequence, status,
  attempt) on a channel named after the schema; :meth:`listen` feeds those notices
  to :mod:`jobplane.server.events.replicas`. The rows stay the truth; notices only say
  "look again".
* The URL may name a schema: ``postgresql://…/db?schema=NAME`` (default ``public``);
  it is set as ``search_path`` on every connection. Migrations (:mod:`.migrations`)
  run at open unless ``migrate=False``. The SQL lives in ``queries.sql`` and the
  migrations ``NNNN_name.sql``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

import asyncpg
from jobplane.server.domain import lifecycle
from jobplane.server.domain.model import (
    Change,
    Event,
    Job,
    JobStatus,
    JsonDict,
    Progress,
    deleted_event,
)
from jobplane.server.store import codec
from jobplane.server.store.base import EVICT_BATCH, Claim, Durability, Existing, Page, Rule
from jobplane.server.store.futures import failed
from jobplane.server.store.postgres import migrations, ops
from jobplane.server.store.postgres.commit import Batch, GroupCommit, Op
from jobplane.server.store.postgres.listen import OnNotices, listen_loop
from jobplane.server.store.postgres.sql import Q, label_expr
from jobplane.server.store.sqlfilter import Params, page_query

log = logging.getLogger("jobplane.store.postgres")
T = TypeVar("T")


class PostgresStore:
    """The store for several replicas. ``url`` is ``postgresql://…[?schema=NAME]``."""

    def __init__(
        self,
        url: str,
        *,
        durability: Durability = Durability.PROCESS,
        migrate: bool = True,
        pool_size: int = 6,
    ) -> None:
        self._target = migrations.Target.parse(url)
        self._migrate = migrate
        self._pool_size = pool_size
        #: "power" needs the WAL flushed (and replicated if so configured) before a
        #: commit returns; "process" is PostgreSQL's default too — a jobplane crash never
        #: loses an acknowledged write, which lives in the database server.
        self._settings = {
            "search_path": f'"{self._target.schema}"',
            "application_name": "jobplane",
            # A replica frozen (SIGSTOP) inside a transaction must not hold row locks forever.
            "idle_in_transaction_session_timeout": "10000",
            "synchronous_commit": "on",
        }
        del durability  # both levels are met by synchronous_commit=on
        self.channel = f"jobplane_{self._target.schema}"
        #: Heads this process's NOTIFY payloads, so its listener can skip its own.
        self.origin = secrets.token_hex(6)
        self._pool: asyncpg.Pool | None = None
        self._writer: GroupCommit | None = None
        self._on_commit: Callable[[float], None] | None = None
        self._listener: asyncio.Task[None] | None = None

    @property
    def shared(self) -> bool:
        """True: replicas share the database, coordinated by leases and notices."""
        return True

    @property
    def schema(self) -> str:
        return self._target.schema

    # -- lifecycle ---------------------------------------------------------

    async def connect(self) -> asyncpg.Connection:
        """A new connection outside the pool (migrations, LISTEN)."""
        return await asyncpg.connect(self._target.dsn, server_settings=self._settings)

    async def open(self) -> None:
        if self._migrate:
            conn = await self.connect()
            try:
                applied = await migrations.apply(conn, self._target.schema)
            finally:
                await conn.close()
            for mig in applied:
                log.info("applied migration %04d_%s", mig.version, mig.name)
        self._pool = await asyncpg.create_pool(
            self._target.dsn,
            min_size=1,
            max_size=self._pool_size,
            server_settings=self._settings,
        )
        self._writer = GroupCommit(self._pool, self.channel, self.origin)
        self._writer.on_commit = self._on_commit
        self._writer.start()

    def observe_commits(self, fn: Callable[[float], None]) -> None:
        self._on_commit = fn
        if self._writer is not None:
            self._writer.on_commit = fn

    async def close(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
            self._listener = None
        if self._writer is not None:
            await self._writer.close()
            self._writer = None
        if self._pool is not None:
            await self._pool.close()
            self._pool = None

    def _write(self, op: Op[T]) -> asyncio.Future[T]:
        if self._writer is None:
            return failed(RuntimeError("store is not open"))
        return self._writer.run(op)

    def _p(self) -> asyncpg.Pool:
        if self._pool is None:
            raise RuntimeError("store is not open")
        return self._pool

    # -- reads ---------------------------------------------------------------

    async def get(self, job_id: str, tenant: str | None = None) -> Job | None:
        if tenant is None:
            row = await self._p().fetchrow(Q["get"], job_id)
        else:
            row = await self._p().fetchrow(Q["get_in_tenant"], job_id, tenant)
        return None if row is None else codec.from_row(row)

    async def list_jobs(self, page: Page) -> list[Job]:
        text, values = page_query(page, lambda n: f"${n}", label_expr, _after)
        return [codec.from_row(r) for r in await self._p().fetch(text, *values)]

    async def events_after(self, job_id: str, sequence: int) -> list[Event] | None:
        rows = await self._p().fetch(Q["events_after"], job_id, sequence)
        return [codec.event_from_json(job_id, s, d) for s, d in rows]

    async def next_due_time(self) -> float | None:
        value = await self._p().fetchval(Q["next_due"])
        return None if value is None else float(value)

    async def count(self) -> int:
        return int(await self._p().fetchval(Q["count"]))

    async def watch_log_after(self, position: int, limit: int) -> list[tuple[int, Event]]:
        rows = await self._p().fetch(Q["log_after"], position, limit)
        return [codec.log_entry(*r) for r in rows]

    async def watch_log_bounds(self) -> tuple[int, int]:
        floor, head = await self._p().fetchrow(Q["log_bounds"])
        return int(floor), max(int(floor), int(head))

    def prune_watch_log(self, before: float) -> asyncio.Future[int]:
        async def op(conn: asyncpg.Connection, batch: Batch) -> int:
            return int(await conn.fetchval(Q["log_prune"], before))

        return self._write(op)

    async def count_live(self) -> dict[tuple[str, JobStatus], int]:
        rows = await self._p().fetch(Q["count_live"])
        return {(r[0], JobStatus(r[1])): int(r[2]) for r in rows}

    async def count_queued(self, tenant: str) -> int:
        return int(await self._p().fetchval(Q["count_queued"], tenant))

    async def known_types(self) -> list[str]:
        return [r["name"] for r in await self._p().fetch(Q["known_types"])]

    # -- writes (see base.Store: each returns the group commit's future) --------

    def remember_types(self, names: Sequence[str], now: float) -> asyncio.Future[None]:
        async def op(conn: asyncpg.Connection, batch: Batch) -> None:
            await conn.execute(Q["remember_types"], list(names), now)

        return self._write(op)

    def submit(
        self, job: Job, claim: Claim | None = None
    ) -> asyncio.Future[tuple[Job, bool, list[Change]]]:
        async def op(conn: asyncpg.Connection, batch: Batch) -> tuple[Job, bool, list[Change]]:
            stored, created = await ops.insert(conn, batch, job)
            return stored, created, await ops.take(conn, batch, claim)

        return self._write(op)

    def submit_many(
        self, jobs: Sequence[Job], existing: Existing | None = None
    ) -> asyncio.Future[list[tuple[Job, bool]]]:
        return self._write(lambda conn, batch: ops.insert_many(conn, batch, jobs, existing))

    def delete_terminal(self, job_ids: Sequence[str]) -> asyncio.Future[list[Job]]:
        ids = list(job_ids)

        async def op(conn: asyncpg.Connection, batch: Batch) -> list[Job]:
            gone = [codec.from_row(r) for r in await conn.fetch(Q["delete_terminal"], ids)]
            now = time.time()
            for job in gone:  # WatchJobs hears of the delete, in the same commit
                batch.log(codec.to_row(job), [deleted_event(job, now)])
            return gone

        return self._write(op)

    def update(self, job_id: str, rule: Rule) -> asyncio.Future[Change | None]:
        return self._write(lambda conn, batch: ops.update(conn, batch, job_id, rule))

    def update_and_claim(
        self, job_id: str, rule: Rule, claim: Claim
    ) -> asyncio.Future[tuple[Change | None, list[Change]]]:
        async def op(conn: asyncpg.Connection, batch: Batch) -> tuple[Change | None, list[Change]]:
            change = await ops.update(conn, batch, job_id, rule)
            return change, await ops.take(conn, batch, claim)

        return self._write(op)

    def claim(self, claim: Claim) -> asyncio.Future[list[Change]]:
        return self._write(lambda conn, batch: ops.take(conn, batch, claim))

    def progress(
        self, job_id: str, attempt: int, progress: Progress
    ) -> asyncio.Future[Event | None]:
        return self._write(lambda conn, batch: ops.progress(conn, batch, job_id, attempt, progress))

    def checkpoint(self, job_id: str, attempt: int, data: JsonDict) -> asyncio.Future[bool]:
        text = codec.dumps(data)

        async def op(conn: asyncpg.Connection, batch: Batch) -> bool:
            return await conn.fetchval(Q["checkpoint"], text, job_id, attempt) is not None

        return self._write(op)

    def renew(
        self, job_ids: Sequence[tuple[str, int]], owner: str, until: float
    ) -> asyncio.Future[None]:
        ids = [i for i, _ in job_ids]
        attempts = [a for _, a in job_ids]

        async def op(conn: asyncpg.Connection, batch: Batch) -> None:
            await conn.execute(Q["renew"], until, ids, attempts, owner)

        return self._write(op)

    def due(self, now: float) -> asyncio.Future[list[Change]]:
        async def op(conn: asyncpg.Connection, batch: Batch) -> list[Change]:
            retry = await conn.fetch(Q["due_retry"], now)
            out = [lifecycle.requeue(codec.from_row(r), now) for r in retry]
            expire = await conn.fetch(Q["due_expire"], now)
            out += [lifecycle.expire(codec.from_row(r), now) for r in expire]
            await ops.save(conn, batch, out)
            return out

        return self._write(op)

    def rescue(self, now: float, owner: str | None, rule: Rule) -> asyncio.Future[list[Change]]:
        async def op(conn: asyncpg.Connection, batch: Batch) -> list[Change]:
            if owner is None:
                rows = await conn.fetch(Q["rescue_all"])
            else:
                rows = await conn.fetch(Q["rescue"], owner, now)
            changes = [rule(codec.from_row(r)) for r in rows]
            out = [c for c in changes if c.events]
            await ops.save(conn, batch, out)
            return out

        return self._write(op)

    def evict(
        self, now: float, retention_s: float | None, max_terminal: int | None
    ) -> asyncio.Future[int]:
        async def op(conn: asyncpg.Connection, batch: Batch) -> int:
            removed = 0
            if retention_s is not None:
                removed += await conn.fetchval(Q["evict_old"], now - retention_s, EVICT_BATCH)
            if max_terminal is not None:
                n = await conn.fetchval(Q["count_terminal"])
                if n > max_terminal:
                    extra = min(n - max_terminal, EVICT_BATCH)
                    removed += await conn.fetchval(Q["evict_oldest"], extra)
            return removed

        return self._write(op)

    def age(self, now: float, aging_s: float) -> asyncio.Future[None]:
        async def op(conn: asyncpg.Connection, batch: Batch) -> None:
            await conn.execute(Q["age"], now, aging_s)

        return self._write(op)

    # -- replicas ------------------------------------------------------------

    async def running_state(self, job_ids: Sequence[str]) -> dict[str, tuple[JobStatus, int, str]]:
        """(status, attempt, lease owner) of each job still stored, for reconciling."""
        rows = await self._p().fetch(Q["running_state"], list(job_ids))
        return {r[0]: (JobStatus(r[1]), r[2], r[3]) for r in rows}

    def listen(self, on_notices: OnNotices, on_resync: Callable[[], None]) -> None:
        """LISTEN for other replicas' changes until :meth:`close`; after every
        (re)connection ``on_resync`` is called, since notices may have been missed."""
        self._listener = asyncio.create_task(
            listen_loop(self.connect, self.channel, self.origin, on_notices, on_resync),
            name="jobplane-pg-listen",
        )

    # -- benchmarks -----------------------------------------------------------

    @property
    def commit_stats(self) -> tuple[int, int]:
        """(batches, operations) committed so far: operations per batch is the group size."""
        w = self._writer
        return (0, 0) if w is None else (w.batches, w.ops)


def _after(params: Params, t: float, i: str) -> str:
    """Strictly after (create_time, id) in newest-first order: a row comparison."""
    return f"(create_time, id) < ({params.add(t)}::float8, {params.add(i)}::text)"

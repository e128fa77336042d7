"""PostgreSQL store: several replicas, one database, PostgreSQL as the coordinator.

* Writes are group-committed (:mod:`.pgcommit`): rules run after ``SELECT … FOR
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
  it is set as ``search_path`` on every connection. Migrations run at open unless
  ``migrate=False``.
"""

from __future__ import annotations

import asyncio
import builtins
import contextlib
import logging
import secrets
from collections.abc import Callable, Sequence
from importlib import resources
from typing import Any

import asyncpg
from jobplane.server.domain import lifecycle
from jobplane.server.domain.model import (
    Change,
    Event,
    Job,
    JobStatus,
    JsonDict,
    Progress,
    progress_event,
    status_event,
)
from jobplane.server.store import codec, pgmigrations
from jobplane.server.store.base import Claim, Page, Rule
from jobplane.server.store.notice import Notice
from jobplane.server.store.pgcommit import Batch, GroupCommit
from jobplane.server.store.sqlfilter import Params, compile_filter

log = logging.getLogger("jobplane.store.postgres")
_COLS = ", ".join(codec.COLUMNS)
_SELECT = f"SELECT {_COLS} FROM jobs"


def _queries() -> dict[str, str]:
    """Named queries from ``sql/postgres/queries.sql`` (``-- name: x`` headers)."""
    text = resources.files(__package__).joinpath("sql/postgres/queries.sql").read_text()
    out: dict[str, str] = {}
    name = ""
    for line in text.splitlines():
        if line.startswith("-- name:"):
            name = line.split(":", 1)[1].strip()
            out[name] = ""
        elif name and not line.startswith("--"):
            out[name] += line + "\n"
    return {k: v.strip().replace("{cols}", _COLS) for k, v in out.items()}


Q = _queries()


class PostgresStore:
    """The store for several replicas. ``url`` is ``postgresql://…[?schema=NAME]``."""

    def __init__(
        self,
        url: str,
        *,
        durability: str = "process",
        migrate: bool = True,
        pool_size: int = 6,
    ) -> None:
        self._target = pgmigrations.Target.parse(url)
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
        self._listener: asyncio.Task[None] | None = None

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
                applied = await pgmigrations.apply(conn, self._target.schema)
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
        self._writer.start()

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

    def _w(self) -> GroupCommit:
        assert self._writer is not None, "store not open"
        return self._writer

    def _p(self) -> asyncpg.Pool:
        assert self._pool is not None, "store not open"
        return self._pool

    # -- operations ----------------------------------------------------------

    async def insert(self, job: Job) -> tuple[Job, bool]:
        return await self._w().run(lambda conn, batch: _insert(conn, batch, job))

    def submit(
        self, job: Job, claim: Claim
    ) -> asyncio.Future[tuple[Job, bool, builtins.list[Change]]]:
        async def op(
            conn: asyncpg.Connection, batch: Batch
        ) -> tuple[Job, bool, builtins.list[Change]]:
            stored, created = await _insert(conn, batch, job)
            return stored, created, await _claim(conn, batch, claim)

        return asyncio.ensure_future(self._w().run(op))

    async def get(self, job_id: str) -> Job | None:
        row = await self._p().fetchrow(_SELECT + " WHERE id = $1", job_id)
        return None if row is None else codec.from_row(row)

    async def list(self, page: Page) -> list[Job]:
        params = Params(lambda n: f"${n}")
        where: builtins.list[str] = []
        if page.tenant is not None:
            where.append(f"tenant = {params.add(page.tenant)}")
        if page.filter is not None:
            where.append(compile_filter(page.filter, params, lambda p: f"(labels ->> {p})"))
        if page.after is not None:
            t, i = page.after
            where.append(f"(create_time, id) < ({params.add(t)}::float8, {params.add(i)}::text)")
        sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "")
        sql += f" ORDER BY create_time DESC, id DESC LIMIT {int(page.limit)}"
        rows = await self._p().fetch(sql, *params.values)
        return [codec.from_row(r) for r in rows]

    async def update(self, job_id: str, rule: Rule) -> Change | None:
        return await self._w().run(lambda conn, batch: _update(conn, batch, job_id, rule))

    def update_and_claim(
        self, job_id: str, rule: Rule, claim: Claim
    ) -> asyncio.Future[tuple[Change | None, builtins.list[Change]]]:
        async def op(
            conn: asyncpg.Connection, batch: Batch
        ) -> tuple[Change | None, builtins.list[Change]]:
            change = await _update(conn, batch, job_id, rule)
            return change, await _claim(conn, batch, claim)

        return asyncio.ensure_future(self._w().run(op))

    async def claim(self, claim: Claim) -> builtins.list[Change]:
        return await self._w().run(lambda conn, batch: _claim(conn, batch, claim))

    async def progress(self, job_id: str, attempt: int, progress: Progress) -> Event | None:
        text = codec.dumps(codec.progress_to_json(progress))

        async def op(conn: asyncpg.Connection, batch: Batch) -> Event | None:
            seq = await conn.fetchval(
                Q["progress"], text, progress.update_time or 0.0, job_id, attempt
            )
            if seq is None:
                return None
            batch.note_raw(job_id, seq, int(JobStatus.RUNNING), attempt)
            return progress_event(job_id, seq, attempt, progress)

        return await self._w().run(op)

    async def checkpoint(self, job_id: str, attempt: int, data: JsonDict) -> bool:
        text = codec.dumps(data)

        async def op(conn: asyncpg.Connection, batch: Batch) -> bool:
            return await conn.fetchval(Q["checkpoint"], text, job_id, attempt) is not None

        return await self._w().run(op)

    async def due(self, now: float) -> builtins.list[Change]:
        async def op(conn: asyncpg.Connection, batch: Batch) -> builtins.list[Change]:
            out = [
                lifecycle.requeue(codec.from_row(r), now)
                for r in await conn.fetch(Q["due_retry"], now)
            ]
            out += [
                lifecycle.expire(codec.from_row(r), now)
                for r in await conn.fetch(Q["due_expire"], now)
            ]
            await _save(conn, batch, out)
            return out

        return await self._w().run(op)

    async def rescue(self, now: float, owner: str | None, rule: Rule) -> builtins.list[Change]:
        async def op(conn: asyncpg.Connection, batch: Batch) -> builtins.list[Change]:
            if owner is None:
                rows = await conn.fetch(Q["rescue_all"])
            else:
                rows = await conn.fetch(Q["rescue"], owner, now)
            changes = [rule(codec.from_row(r)) for r in rows]
            out = [c for c in changes if c.events]
            await _save(conn, batch, out)
            return out

        return await self._w().run(op)

    async def renew(self, job_ids: Sequence[tuple[str, int]], owner: str, until: float) -> None:
        ids = [i for i, _ in job_ids]
        attempts = [a for _, a in job_ids]

        async def op(conn: asyncpg.Connection, batch: Batch) -> None:
            await conn.execute(Q["renew"], until, ids, attempts, owner)

        await self._w().run(op)

    async def events_after(self, job_id: str, sequence: int) -> builtins.list[Event] | None:
        rows = await self._p().fetch(
            "SELECT seq, data FROM events WHERE job_id = $1 AND seq > $2 ORDER BY seq",
            job_id,
            sequence,
        )
        return [codec.event_from_json(job_id, s, d) for s, d in rows]

    async def next_due_time(self) -> float | None:
        value = await self._p().fetchval(Q["next_due"])
        return None if value is None else float(value)

    async def evict(self, now: float, retention_s: float | None, max_terminal: int | None) -> int:
        async def op(conn: asyncpg.Connection, batch: Batch) -> int:
            removed = 0
            if retention_s is not None:
                removed += await conn.fetchval(Q["evict_old"], now - retention_s)
            if max_terminal is not None:
                n = await conn.fetchval(Q["count_terminal"])
                if n > max_terminal:
                    removed += await conn.fetchval(Q["evict_oldest"], min(n - max_terminal, 10000))
            return removed

        return await self._w().run(op)

    async def age(self, now: float, aging_s: float) -> None:
        async def op(conn: asyncpg.Connection, batch: Batch) -> None:
            await conn.execute(Q["age"], now, aging_s)

        await self._w().run(op)

    async def count(self) -> int:
        return int(await self._p().fetchval("SELECT count(*) FROM jobs"))

    async def count_queued(self, tenant: str) -> int:
        sql = "SELECT count(*) FROM jobs WHERE tenant = $1 AND status IN (1, 8, 9)"
        return int(await self._p().fetchval(sql, tenant))

    # -- replicas ------------------------------------------------------------

    async def running_state(self, job_ids: Sequence[str]) -> dict[str, tuple[JobStatus, int, str]]:
        """(status, attempt, lease owner) of each job still stored, for reconciling."""
        rows = await self._p().fetch(
            "SELECT id, status, attempt, lease_owner FROM jobs WHERE id = ANY($1::text[])",
            list(job_ids),
        )
        return {r[0]: (JobStatus(r[1]), r[2], r[3]) for r in rows}

    def listen(
        self, on_notices: Callable[[builtins.list[Notice]], None], on_resync: Callable[[], None]
    ) -> None:
        """LISTEN for other replicas' changes until :meth:`close`; after every
        (re)connection ``on_resync`` is called, since notices may have been missed."""
        self._listener = asyncio.create_task(
            self._listen_loop(on_notices, on_resync), name="jobplane-pg-listen"
        )

    async def _listen_loop(
        self, on_notices: Callable[[builtins.list[Notice]], None], on_resync: Callable[[], None]
    ) -> None:
        def callback(_conn: Any, _pid: int, _channel: str, payload: str) -> None:
            try:
                on_notices(Notice.parse_payload(payload, self.origin))
            except Exception:
                log.exception("handling a notice failed")

        delay = 0.1
        while True:
            conn: asyncpg.Connection | None = None
            lost = asyncio.Event()
            try:
                conn = await self.connect()
                conn.add_termination_listener(lambda _c, lost=lost: lost.set())
                await conn.add_listener(self.channel, callback)
                delay = 0.1
                on_resync()
                await lost.wait()
                log.warning("LISTEN connection lost; reconnecting")
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                log.warning("LISTEN failed (%s); retrying in %.1fs", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
            finally:
                if conn is not None and not conn.is_closed():
                    with contextlib.suppress(Exception):
                        await asyncio.shield(conn.close(timeout=2))

    # -- benchmarks -----------------------------------------------------------

    @property
    def commit_stats(self) -> tuple[int, int]:
        """(batches, operations) committed so far: operations per batch is the group size."""
        w = self._writer
        return (0, 0) if w is None else (w.batches, w.ops)


async def _insert(conn: asyncpg.Connection, batch: Batch, job: Job) -> tuple[Job, bool]:
    event = status_event(job)
    row = codec.to_row(job)
    created = await conn.fetchval(Q["insert"], *row, event.sequence, codec.event_to_json(event))
    if created is not None:
        batch.note(job)
        return job, True
    if job.request_id:
        found = await conn.fetchrow(
            _SELECT + " WHERE tenant = $1 AND request_id = $2", job.tenant, job.request_id
        )
    else:  # our own insert, committed before a retry of this batch
        found = await conn.fetchrow(_SELECT + " WHERE id = $1", job.id)
    if found is None:
        raise RuntimeError(f"insert of job {job.id} conflicted with a row that vanished")
    stored = codec.from_row(found)
    return stored, not job.request_id


async def _update(conn: asyncpg.Connection, batch: Batch, job_id: str, rule: Rule) -> Change | None:
    row = await conn.fetchrow(_SELECT + " WHERE id = $1 FOR UPDATE", job_id)
    if row is None:
        return None
    change = rule(codec.from_row(row))
    if change.events:
        await _save(conn, batch, [change])
    return change


async def _claim(conn: asyncpg.Connection, batch: Batch, claim: Claim) -> builtins.list[Change]:
    rows = await conn.fetch(Q["claim"], claim.now, claim.fetch_limit)
    out = claim.take(codec.from_row(row) for row in rows)
    await _save(conn, batch, out)
    return out


async def _save(conn: asyncpg.Connection, batch: Batch, changes: Sequence[Change]) -> None:
    """Write each change's row and its status events in one statement per job."""
    if not changes:
        return
    args = []
    for change in changes:
        row = codec.to_row(change.job)
        seqs = [e.sequence for e in change.events]
        data = [codec.event_to_json(e) for e in change.events]
        args.append((*row, seqs, data))
        batch.note(change.job)
    if len(args) == 1:
        await conn.execute(Q["save"], *args[0])
    else:
        await conn.executemany(Q["save"], args)

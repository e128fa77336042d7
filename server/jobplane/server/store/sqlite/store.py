"""SQLite store: one file in WAL mode (or ``:memory:``), group-committed writes.

All writes go through one writer thread (:mod:`.writer`) that commits them in
batches; its operations (:mod:`.ops`) reuse the rows it keeps decoded
(:mod:`.known`). Reads of a file database use their own connections (WAL readers
never block the writer); ``:memory:`` has one connection, so its reads queue with
the writes. The SQL lives in ``queries.sql`` and ``schema.sql``.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from jobplane.server.domain.model import Change, Event, Job, JobStatus, JsonDict, Progress
from jobplane.server.store import codec
from jobplane.server.store.base import Claim, Durability, Existing, Page, Rule
from jobplane.server.store.sqlfilter import Params, page_query
from jobplane.server.store.sqlite import ops, sql
from jobplane.server.store.sqlite.known import Known
from jobplane.server.store.sqlite.sql import Q
from jobplane.server.store.sqlite.writer import Writer

T = TypeVar("T")
READERS = 2


class SqliteStore:
    """The embedded store. ``path`` is a file path or ``:memory:``."""

    def __init__(self, path: str, *, durability: Durability = Durability.PROCESS) -> None:
        self._path = path
        self._memory = path == ":memory:"
        # NORMAL in WAL mode: a commit survives a crash of the process; FULL also
        # fsyncs the WAL at every (group) commit, so it survives power loss.
        # Durability(...) also takes the plain string and refuses an unknown one, so a
        # caller passing "power" never falls back to the weaker setting unnoticed.
        self._sync = "FULL" if Durability(durability) is Durability.POWER else "NORMAL"
        #: Touched by the writer thread only.
        self._known = Known()
        self._writer = Writer(self._connect, sql.schema(), self._known)
        self._readers: ThreadPoolExecutor | None = None
        self._local = threading.local()
        #: A WAL reader on the event loop's thread, for primary-key lookups.
        self._point_conn: sqlite3.Connection | None = None

    @property
    def shared(self) -> bool:
        """False: one server process owns a SQLite database (no leases across replicas,
        no notices)."""
        return False

    # -- lifecycle -------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self._path, isolation_level=None, check_same_thread=False, timeout=30.0
        )
        conn.execute("PRAGMA busy_timeout = 30000")
        if not self._memory:
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute(f"PRAGMA synchronous = {self._sync}")
        conn.execute("PRAGMA cache_size = -65536")
        conn.execute("PRAGMA temp_store = MEMORY")
        return conn

    def observe_commits(self, fn: Callable[[float], None]) -> None:
        self._writer.on_commit = fn

    async def open(self) -> None:
        await self._writer.start()
        if not self._memory:
            self._readers = ThreadPoolExecutor(READERS, thread_name_prefix="jobplane-sqlite-reader")
            self._point_conn = self._connect()

    async def close(self) -> None:
        await self._writer.stop()
        if self._readers is not None:
            self._readers.shutdown(wait=True)
            self._readers = None
        if self._point_conn is not None:
            self._point_conn.close()
            self._point_conn = None

    async def _read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        if self._readers is None:
            return await self._writer.write(fn)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._readers, self._read_in_thread, fn)

    def _read_in_thread(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._connect()
        return fn(conn)

    # -- reads ------------------------------------------------------------

    async def get(self, job_id: str, tenant: str | None = None) -> Job | None:
        def op(conn: sqlite3.Connection) -> Job | None:
            if tenant is None:
                row = conn.execute(Q["get"], (job_id,)).fetchone()
            else:
                row = conn.execute(Q["get_in_tenant"], (job_id, tenant)).fetchone()
            return None if row is None else codec.from_row(row)

        if self._point_conn is not None:
            # A primary-key lookup (tens of µs) is cheaper done here than the hop to a
            # reader thread and back, and its tail latency is far shorter.
            return op(self._point_conn)
        return await self._read(op)

    async def list_jobs(self, page: Page) -> list[Job]:
        text, values = page_query(page, lambda _n: "?", sql.label_expr, _after)
        return await self._read(
            lambda conn: [codec.from_row(r) for r in conn.execute(text, values)]
        )

    async def events_after(self, job_id: str, sequence: int) -> list[Event] | None:
        def op(conn: sqlite3.Connection) -> list[Event]:
            rows = conn.execute(Q["events_after"], (job_id, sequence)).fetchall()
            return [codec.event_from_json(job_id, s, d) for s, d in rows]

        return await self._read(op)

    async def next_due_time(self) -> float | None:
        def op(conn: sqlite3.Connection) -> float | None:
            row = conn.execute(Q["next_due"]).fetchone()
            return None if row is None else row[0]

        return await self._read(op)

    async def count(self) -> int:
        return await self._read(lambda conn: int(conn.execute(Q["count"]).fetchone()[0]))

    async def watch_log_after(self, position: int, limit: int) -> list[tuple[int, Event]]:
        def op(conn: sqlite3.Connection) -> list[tuple[int, Event]]:
            rows = conn.execute(Q["log_after"], (position, limit)).fetchall()
            return [codec.log_entry(*r) for r in rows]

        return await self._read(op)

    async def watch_log_bounds(self) -> tuple[int, int]:
        def op(conn: sqlite3.Connection) -> tuple[int, int]:
            floor, head = conn.execute(Q["log_bounds"]).fetchone()
            return int(floor), max(int(floor), int(head))

        return await self._read(op)

    def prune_watch_log(self, before: float) -> asyncio.Future[int]:
        def op(conn: sqlite3.Connection) -> int:
            (upto,) = conn.execute(Q["log_prune_upto"], (before,)).fetchone()
            if upto is None:
                return 0
            conn.execute(Q["log_floor"], (upto,))
            return conn.execute(Q["log_prune"], (upto,)).rowcount

        return self._writer.write(op)

    async def count_live(self) -> dict[tuple[str, JobStatus], int]:
        def op(conn: sqlite3.Connection) -> dict[tuple[str, JobStatus], int]:
            rows = conn.execute(Q["count_live"]).fetchall()
            return {(t, JobStatus(s)): int(n) for t, s, n in rows}

        return await self._read(op)

    async def count_queued(self, tenant: str) -> int:
        def op(conn: sqlite3.Connection) -> int:
            return int(conn.execute(Q["count_queued"], (tenant,)).fetchone()[0])

        return await self._read(op)

    async def known_types(self) -> list[str]:
        return await self._read(lambda conn: [r[0] for r in conn.execute(Q["known_types"])])

    # -- writes (see base.Store: each returns the group commit's future) ----

    def remember_types(self, names: Sequence[str], now: float) -> asyncio.Future[None]:
        def op(conn: sqlite3.Connection) -> None:
            conn.executemany(Q["remember_types"], [(n, now) for n in names])

        return self._writer.write(op)

    def submit(
        self, job: Job, claim: Claim | None = None
    ) -> asyncio.Future[tuple[Job, bool, list[Change]]]:
        known = self._known
        return self._writer.write(lambda conn: ops.submit(conn, known, job, claim))

    def submit_many(
        self, jobs: Sequence[Job], existing: Existing | None = None
    ) -> asyncio.Future[list[tuple[Job, bool]]]:
        known = self._known
        return self._writer.write(lambda conn: ops.submit_many(conn, known, jobs, existing))

    def delete_terminal(self, job_ids: Sequence[str]) -> asyncio.Future[list[Job]]:
        known = self._known
        return self._writer.write(lambda conn: ops.delete_terminal(conn, known, job_ids))

    def update(self, job_id: str, rule: Rule) -> asyncio.Future[Change | None]:
        known = self._known
        return self._writer.write(lambda conn: ops.update(conn, known, job_id, rule))

    def update_and_claim(
        self, job_id: str, rule: Rule, claim: Claim
    ) -> asyncio.Future[tuple[Change | None, list[Change]]]:
        known = self._known

        def op(conn: sqlite3.Connection) -> tuple[Change | None, list[Change]]:
            return ops.update(conn, known, job_id, rule), ops.take(conn, known, claim)

        return self._writer.write(op)

    def claim(self, claim: Claim) -> asyncio.Future[list[Change]]:
        known = self._known
        return self._writer.write(lambda conn: ops.take(conn, known, claim))

    def progress(
        self, job_id: str, attempt: int, progress: Progress
    ) -> asyncio.Future[Event | None]:
        known = self._known
        return self._writer.write(lambda conn: ops.progress(conn, known, job_id, attempt, progress))

    def checkpoint(self, job_id: str, attempt: int, data: JsonDict) -> asyncio.Future[bool]:
        known = self._known
        return self._writer.write(lambda conn: ops.checkpoint(conn, known, job_id, attempt, data))

    def due(self, now: float) -> asyncio.Future[list[Change]]:
        known = self._known
        return self._writer.write(lambda conn: ops.due(conn, known, now))

    def rescue(self, now: float, owner: str | None, rule: Rule) -> asyncio.Future[list[Change]]:
        known = self._known
        return self._writer.write(lambda conn: ops.rescue(conn, known, now, owner, rule))

    def renew(
        self, job_ids: Sequence[tuple[str, int]], owner: str, until: float
    ) -> asyncio.Future[None]:
        known = self._known
        return self._writer.write(lambda conn: ops.renew(conn, known, job_ids, owner, until))

    def evict(
        self, now: float, retention_s: float | None, max_terminal: int | None
    ) -> asyncio.Future[int]:
        known = self._known
        return self._writer.write(
            lambda conn: ops.evict(conn, known, now, retention_s, max_terminal)
        )

    def age(self, now: float, aging_s: float) -> asyncio.Future[None]:
        return self._writer.write(lambda conn: ops.age(conn, now, aging_s))


def _after(params: Params, t: float, i: str) -> str:
    """Strictly after (create_time, id) in newest-first order. Spelled out rather than
    as a row value, so SQLite walks the jobs_list indexes; ``?`` binds once, so ``t``
    is bound twice."""
    return f"(create_time < {params.add(t)} OR (create_time = {params.add(t)} AND id < {params.add(i)}))"

"""SQLite store: one file in WAL mode (or ``:memory:``), group-committed writes.

All writes go through one writer thread that drains its queue into a single
transaction per batch (group commit): a burst of submits, claims and
completions costs one commit, not one each. Each operation runs inside a
SAVEPOINT, so one failing operation does not undo its neighbours. Reads of a
file database use their own connections (WAL readers never block the writer).
"""

from __future__ import annotations

import asyncio
import builtins
import logging
import queue
import sqlite3
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from typing import Any, TypeVar

from jobplane.server.domain import lifecycle
from jobplane.server.domain.model import (
    TERMINAL,
    Change,
    Event,
    Job,
    JobStatus,
    JsonDict,
    Progress,
    progress_event,
    status_event,
)
from jobplane.server.store import codec
from jobplane.server.store.base import Claim, Page, Rule
from jobplane.server.store.sqlfilter import Params, compile_filter

log = logging.getLogger("jobplane.store.sqlite")
T = TypeVar("T")
_Op = tuple[Callable[[sqlite3.Connection], Any], "asyncio.Future[Any]"]
_SELECT = "SELECT " + ", ".join(codec.COLUMNS) + " FROM jobs"
_INSERT = (
    f"INSERT INTO jobs ({', '.join(codec.COLUMNS)}) VALUES ({', '.join('?' * len(codec.COLUMNS))})"
)
# A job's id, tenant, type, create time and request id never change: leaving them out
# of the SET list spares SQLite the indexes built on them (3 of 9) on every update.
_MUTABLE = tuple(
    i
    for i, c in enumerate(codec.COLUMNS)
    if c not in ("id", "tenant", "type", "create_time", "request_id")
)
_UPDATE = (
    "UPDATE jobs SET " + ", ".join(f"{codec.COLUMNS[i]} = ?" for i in _MUTABLE) + " WHERE id = ?"
)
#: Ready jobs a new job would queue behind: claim order is (eff_priority DESC,
#: create_time, id). The range on eff_priority lets the scan stop at the new job.
_AHEAD = (
    "SELECT id FROM jobs WHERE status = 1 AND ready_time <= ? AND eff_priority >= ? AND NOT "
    "(eff_priority = ? AND (create_time > ? OR (create_time = ? AND id >= ?))) "
    "ORDER BY eff_priority DESC, create_time, id LIMIT ?"
)
_READY = (
    "SELECT id FROM jobs WHERE status = 1 AND ready_time <= ? "
    "ORDER BY eff_priority DESC, create_time, id LIMIT ?"
)
#: Rows the writer keeps decoded (see ``Known``): at most this many, each of at most
#: KNOWN_ROW_CHARS characters of JSON (a few MB in all).
MAX_KNOWN = 4096
KNOWN_ROW_CHARS = 2048
_DATA = codec.COLUMNS.index("data")
MAX_BATCH = 1000


def _label_expr(placeholder: str) -> str:
    return f"json_extract(labels, '$.\"' || {placeholder} || '\"')"


class Known:
    """The writer thread's decoded copy of the live rows it wrote (id -> Job exactly as
    stored), so a claim or an update of a job it wrote skips reading and decoding the
    row. Every write of a row goes through :meth:`put`; a statement that changes a row
    otherwise (progress, checkpoint, renew, delete) drops it; a rolled-back operation,
    or a commit by another connection, clears everything."""

    def __init__(self) -> None:
        self.jobs: dict[str, Job] = {}

    def put(self, job: Job, row: tuple[Any, ...]) -> None:
        """``job`` was written as ``row``."""
        if job.status in TERMINAL or len(row[_DATA]) > KNOWN_ROW_CHARS:
            self.jobs.pop(job.id, None)  # (a finished job is rarely written again)
        elif len(self.jobs) < MAX_KNOWN or job.id in self.jobs:
            self.jobs[job.id] = job

    def drop(self, job_id: str) -> None:
        self.jobs.pop(job_id, None)

    def clear(self) -> None:
        self.jobs.clear()

    def get(self, conn: sqlite3.Connection, job_id: str) -> Job | None:
        """The current row of ``job_id`` (None if there is none)."""
        job = self.jobs.get(job_id)
        if job is not None:
            return job
        row = conn.execute(_SELECT + " WHERE id = ?", (job_id,)).fetchone()
        return None if row is None else codec.from_row(row)

    def many(self, conn: sqlite3.Connection, ids: builtins.list[Any]) -> builtins.list[Job]:
        """The current rows of ``ids`` (rows of one column, the id), in that order."""
        out: builtins.list[Job] = []
        for (job_id,) in ids:
            job = self.get(conn, job_id)
            if job is not None:
                out.append(job)
        return out


class SqliteStore:
    """The embedded store. ``path`` is a file path or ``:memory:``."""

    def __init__(self, path: str, *, durability: str = "process") -> None:
        self._path = path
        self._memory = path == ":memory:"
        self._sync = "FULL" if durability == "power" else "NORMAL"
        self._queue: queue.SimpleQueue[_Op | None] = queue.SimpleQueue()
        self._writer: threading.Thread | None = None
        self._readers: ThreadPoolExecutor | None = None
        self._local = threading.local()
        self._loop: asyncio.AbstractEventLoop | None = None
        #: A WAL reader on the event loop's thread, for primary-key lookups.
        self._point_conn: sqlite3.Connection | None = None
        #: Touched by the writer thread only.
        self._known = Known()
        self._data_version = -1

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

    async def open(self) -> None:
        self._loop = asyncio.get_running_loop()
        ready: asyncio.Future[None] = self._loop.create_future()
        self._writer = threading.Thread(
            target=self._run_writer, args=(ready,), name="jobplane-sqlite-writer", daemon=True
        )
        self._writer.start()
        await ready
        if not self._memory:
            self._readers = ThreadPoolExecutor(2, thread_name_prefix="jobplane-sqlite-reader")
            self._point_conn = self._connect()

    async def close(self) -> None:
        if self._writer is None:
            return
        self._queue.put(None)
        await asyncio.to_thread(self._writer.join)
        self._writer = None
        if self._readers is not None:
            self._readers.shutdown(wait=True)
            self._readers = None
        if self._point_conn is not None:
            self._point_conn.close()
            self._point_conn = None

    # -- the writer thread -----------------------------------------------

    def _run_writer(self, ready: asyncio.Future[None]) -> None:
        assert self._loop is not None
        loop = self._loop
        try:
            conn = self._connect()
            schema = resources.files(__package__).joinpath("sql/sqlite_schema.sql").read_text()
            conn.executescript(schema)
        except Exception as exc:  # report start-up failure to open()
            loop.call_soon_threadsafe(ready.set_exception, exc)
            return
        loop.call_soon_threadsafe(ready.set_result, None)
        stop = False
        while not stop:
            first = self._queue.get()
            if first is None:
                break
            batch = [first]
            while len(batch) < MAX_BATCH:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    stop = True
                    break
                batch.append(item)
            results = self._run_batch(conn, batch)
            loop.call_soon_threadsafe(_resolve, results)
        conn.close()

    def _run_batch(
        self, conn: sqlite3.Connection, batch: builtins.list[_Op]
    ) -> builtins.list[tuple[Any, ...]]:
        results: list[tuple[Any, ...]] = []
        try:
            conn.execute("BEGIN IMMEDIATE")
            # Another connection (another process) committed since: what Known holds
            # may be stale.
            (version,) = conn.execute("PRAGMA data_version").fetchone()
            if version != self._data_version:
                self._data_version = version
                self._known.clear()
            for fn, fut in batch:
                conn.execute("SAVEPOINT op")
                try:
                    value = fn(conn)
                except BaseException as exc:
                    conn.execute("ROLLBACK TO op")
                    conn.execute("RELEASE op")
                    self._known.clear()  # it may have put rows now rolled back
                    results.append((fut, None, exc))
                else:
                    conn.execute("RELEASE op")
                    results.append((fut, value, None))
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            log.exception("sqlite batch failed; rolled back %d operations", len(batch))
            self._known.clear()
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            return [(fut, None, exc) for _, fut in batch]
        return results

    def _write(self, fn: Callable[[sqlite3.Connection], T]) -> asyncio.Future[T]:
        assert self._loop is not None, "store not open"
        fut: asyncio.Future[T] = self._loop.create_future()
        self._queue.put((fn, fut))
        return fut

    async def _read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        if self._readers is None:
            return await self._write(fn)
        assert self._loop is not None
        return await self._loop.run_in_executor(self._readers, self._read_in_thread, fn)

    def _read_in_thread(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._connect()
        return fn(conn)

    # -- operations -------------------------------------------------------

    async def insert(self, job: Job) -> tuple[Job, bool]:
        known = self._known

        def op(conn: sqlite3.Connection) -> tuple[Job, bool]:
            if job.request_id:
                existing = _find_request(conn, job)
                if existing is not None:
                    return existing, False
            _insert(conn, known, job, (status_event(job),))
            return job, True

        return await self._write(op)

    def submit(
        self, job: Job, claim: Claim
    ) -> asyncio.Future[tuple[Job, bool, builtins.list[Change]]]:
        known = self._known

        def op(conn: sqlite3.Connection) -> tuple[Job, bool, builtins.list[Change]]:
            if job.request_id:
                existing = _find_request(conn, job)
                if existing is not None:
                    return existing, False, _claim(conn, known, claim)
            if claim.limit != 1 or job.status is not JobStatus.QUEUED or job.ready_time > claim.now:
                _insert(conn, known, job, (status_event(job),))
                return job, True, _claim(conn, known, claim)
            # A claim of one right after the insert takes the first ready job in claim
            # order whose pool has room: one queued ahead of ``job``, else ``job``.
            p, t = job.priority, job.create_time
            args = (claim.now, p, p, t, t, job.id, claim.fetch_limit)
            ahead = known.many(conn, conn.execute(_AHEAD, args).fetchall())
            if len(ahead) < claim.fetch_limit:
                ahead.append(job)
            out = claim.take(ahead)
            if out and out[0].job.id == job.id:
                # ``job`` itself starts: one row, written RUNNING, with both events.
                _insert(conn, known, out[0].job, (status_event(job), *out[0].events))
                return job, True, out
            _insert(conn, known, job, (status_event(job),))
            for change in out:
                _save(conn, known, change)
            return job, True, out

        return self._write(op)

    async def get(self, job_id: str) -> Job | None:
        def op(conn: sqlite3.Connection) -> Job | None:
            row = conn.execute(_SELECT + " WHERE id = ?", (job_id,)).fetchone()
            return None if row is None else codec.from_row(row)

        if self._point_conn is not None:
            # A primary-key lookup (tens of µs) is cheaper done here than the hop to a
            # reader thread and back, and its tail latency is far shorter.
            return op(self._point_conn)
        return await self._read(op)

    async def list(self, page: Page) -> builtins.list[Job]:
        params = Params(lambda _n: "?")
        where: list[str] = []
        if page.tenant is not None:
            where.append(f"tenant = {params.add(page.tenant)}")
        if page.filter is not None:
            where.append(compile_filter(page.filter, params, _label_expr))
        if page.after is not None:
            t, i = page.after
            where.append(
                f"(create_time < {params.add(t)} OR (create_time = {params.add(t)} "
                f"AND id < {params.add(i)}))"
            )
        sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "")
        sql += f" ORDER BY create_time DESC, id DESC LIMIT {int(page.limit)}"
        values = params.values

        def op(conn: sqlite3.Connection) -> builtins.list[Job]:
            return [codec.from_row(r) for r in conn.execute(sql, values)]

        return await self._read(op)

    async def update(self, job_id: str, rule: Rule) -> Change | None:
        known = self._known
        return await self._write(lambda conn: _update(conn, known, job_id, rule))

    def update_and_claim(
        self, job_id: str, rule: Rule, claim: Claim
    ) -> asyncio.Future[tuple[Change | None, builtins.list[Change]]]:
        known = self._known

        def op(conn: sqlite3.Connection) -> tuple[Change | None, builtins.list[Change]]:
            change = _update(conn, known, job_id, rule)
            return change, _claim(conn, known, claim)

        return self._write(op)

    async def claim(self, claim: Claim) -> builtins.list[Change]:
        known = self._known
        return await self._write(lambda conn: _claim(conn, known, claim))

    async def progress(self, job_id: str, attempt: int, progress: Progress) -> Event | None:
        known = self._known

        def op(conn: sqlite3.Connection) -> Event | None:
            known.drop(job_id)
            row = conn.execute(
                "UPDATE jobs SET progress = ?, sequence = sequence + 1, update_time = ? "
                "WHERE id = ? AND status = 2 AND attempt = ? RETURNING sequence",
                (
                    codec.dumps(codec.progress_to_json(progress)),
                    progress.update_time,
                    job_id,
                    attempt,
                ),
            ).fetchone()
            return None if row is None else progress_event(job_id, row[0], attempt, progress)

        return await self._write(op)

    async def checkpoint(self, job_id: str, attempt: int, data: JsonDict) -> bool:
        known = self._known

        def op(conn: sqlite3.Connection) -> bool:
            known.drop(job_id)
            cur = conn.execute(
                "UPDATE jobs SET data = json_set(data, '$.checkpoint', json(?)) "
                "WHERE id = ? AND status = 2 AND attempt = ?",
                (codec.dumps(data), job_id, attempt),
            )
            return cur.rowcount == 1

        return await self._write(op)

    async def due(self, now: float) -> builtins.list[Change]:
        known = self._known

        def op(conn: sqlite3.Connection) -> builtins.list[Change]:
            out: list[Change] = []
            for row in conn.execute(
                _SELECT + " WHERE status = 8 AND ready_time <= ?", (now,)
            ).fetchall():
                out.append(lifecycle.requeue(codec.from_row(row), now))
            for row in conn.execute(
                _SELECT + " WHERE expire_time IS NOT NULL AND expire_time <= ? "
                "AND status IN (1, 9)",
                (now,),
            ).fetchall():
                out.append(lifecycle.expire(codec.from_row(row), now))
            for change in out:
                _save(conn, known, change)
            return out

        return await self._write(op)

    async def rescue(self, now: float, owner: str | None, rule: Rule) -> builtins.list[Change]:
        known = self._known

        def op(conn: sqlite3.Connection) -> builtins.list[Change]:
            sql = _SELECT + " WHERE status IN (2, 7)"
            args: tuple[Any, ...] = ()
            if owner is not None:
                sql += " AND (lease_owner = ? OR lease_expire < ?)"
                args = (owner, now)
            out: list[Change] = []
            for row in conn.execute(sql, args).fetchall():
                change = rule(codec.from_row(row))
                if change.events:
                    _save(conn, known, change)
                    out.append(change)
            return out

        return await self._write(op)

    async def renew(self, job_ids: Sequence[tuple[str, int]], owner: str, until: float) -> None:
        known = self._known

        def op(conn: sqlite3.Connection) -> None:
            for job_id, _ in job_ids:
                known.drop(job_id)
            conn.executemany(
                "UPDATE jobs SET lease_expire = ? WHERE id = ? AND attempt = ? "
                "AND status = 2 AND lease_owner = ?",
                [(until, i, a, owner) for i, a in job_ids],
            )

        await self._write(op)

    async def events_after(self, job_id: str, sequence: int) -> builtins.list[Event] | None:
        def op(conn: sqlite3.Connection) -> builtins.list[Event] | None:
            rows = conn.execute(
                "SELECT seq, data FROM events WHERE job_id = ? AND seq > ? ORDER BY seq",
                (job_id, sequence),
            ).fetchall()
            return [codec.event_from_json(job_id, s, d) for s, d in rows]

        return await self._read(op)

    async def next_due_time(self) -> float | None:
        def op(conn: sqlite3.Connection) -> float | None:
            row = conn.execute(
                "SELECT MIN(t) FROM (SELECT MIN(ready_time) AS t FROM jobs WHERE status IN (1, 8) "
                "AND ready_time > 0 UNION ALL SELECT MIN(expire_time) FROM jobs "
                "WHERE expire_time IS NOT NULL AND status IN (1, 9))"
            ).fetchone()
            return None if row is None else row[0]

        return await self._read(op)

    async def evict(self, now: float, retention_s: float | None, max_terminal: int | None) -> int:
        known = self._known

        def op(conn: sqlite3.Connection) -> int:
            cut = now - retention_s if retention_s is not None else None
            removed = 0
            if cut is not None:
                ids = [r[0] for r in conn.execute(
                    "SELECT id FROM jobs WHERE end_time IS NOT NULL AND end_time < ? "
                    "AND status IN (3, 4, 5, 6) LIMIT 10000", (cut,))]  # fmt: skip
                removed += _delete(conn, known, ids)
            if max_terminal is not None:
                (n,) = conn.execute(
                    "SELECT COUNT(*) FROM jobs WHERE end_time IS NOT NULL AND status IN (3, 4, 5, 6)"
                ).fetchone()
                if n > max_terminal:
                    ids = [r[0] for r in conn.execute(
                        "SELECT id FROM jobs WHERE end_time IS NOT NULL AND status IN (3, 4, 5, 6) "
                        "ORDER BY end_time LIMIT ?", (min(n - max_terminal, 10000),))]  # fmt: skip
                    removed += _delete(conn, known, ids)
            return removed

        return await self._write(op)

    async def age(self, now: float, aging_s: float) -> None:
        def op(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE jobs SET eff_priority = MIN(100, priority + CAST((? - create_time) / ? "
                "AS INTEGER)) WHERE status = 1 AND eff_priority < 100 AND create_time < ?",
                (now, aging_s, now - aging_s),
            )

        await self._write(op)

    async def count(self) -> int:
        def op(conn: sqlite3.Connection) -> int:
            return int(conn.execute("SELECT COUNT(*) FROM jobs").fetchone()[0])

        return await self._read(op)

    async def count_queued(self, tenant: str) -> int:
        def op(conn: sqlite3.Connection) -> int:
            row = conn.execute(
                "SELECT COUNT(*) FROM jobs WHERE tenant = ? AND status IN (1, 8, 9)", (tenant,)
            ).fetchone()
            return int(row[0])

        return await self._read(op)


def _find_request(conn: sqlite3.Connection, job: Job) -> Job | None:
    """The job already holding ``job``'s (tenant, request_id), if any."""
    row = conn.execute(
        _SELECT + " WHERE tenant = ? AND request_id = ?", (job.tenant, job.request_id)
    ).fetchone()
    return None if row is None else codec.from_row(row)


def _insert(conn: sqlite3.Connection, known: Known, job: Job, events: Sequence[Event]) -> None:
    row = codec.to_row(job)
    conn.execute(_INSERT, row)
    _insert_events(conn, events)
    known.put(job, row)


def _update(conn: sqlite3.Connection, known: Known, job_id: str, rule: Rule) -> Change | None:
    job = known.get(conn, job_id)
    if job is None:
        return None
    change = rule(job)
    if change.events:
        _save(conn, known, change)
    return change


def _claim(conn: sqlite3.Connection, known: Known, claim: Claim) -> builtins.list[Change]:
    ready = known.many(conn, conn.execute(_READY, (claim.now, claim.fetch_limit)).fetchall())
    out = claim.take(ready)
    for change in out:
        _save(conn, known, change)
    return out


def _save(conn: sqlite3.Connection, known: Known, change: Change) -> None:
    row = codec.to_row(change.job)
    conn.execute(_UPDATE, (*[row[i] for i in _MUTABLE], row[0]))
    _insert_events(conn, change.events)
    known.put(change.job, row)


def _insert_events(conn: sqlite3.Connection, events: Sequence[Event]) -> None:
    conn.executemany(
        "INSERT OR REPLACE INTO events (job_id, seq, data) VALUES (?, ?, ?)",
        [(e.job_id, e.sequence, codec.event_to_json(e)) for e in events],
    )


def _delete(conn: sqlite3.Connection, known: Known, ids: list[str]) -> int:
    if not ids:
        return 0
    for job_id in ids:
        known.drop(job_id)
    conn.executemany("DELETE FROM events WHERE job_id = ?", [(i,) for i in ids])
    conn.executemany("DELETE FROM jobs WHERE id = ?", [(i,) for i in ids])
    return len(ids)


def _resolve(results: list[tuple[Any, ...]]) -> None:
    for fut, value, exc in results:
        if fut.done():
            continue
        if exc is not None:
            fut.set_exception(exc)
        else:
            fut.set_result(value)

"""Group commit for the PostgreSQL store: concurrent writes share one transaction.

Coroutines queue operations; one writer task drains the queue into a single
transaction per batch, so a burst of submits, claims, progress and completions
costs one BEGIN/COMMIT (and one WAL flush) instead of one each. Operations read
(with row locks) and decide before they write, so a domain error raised by a
rule leaves nothing behind and its neighbours commit. A database error aborts
the batch; its operations are then retried one transaction each, so only the
culprit fails. Notices (job id, sequence, status, attempt) collected by the
batch are sent with ``pg_notify`` inside the transaction: PostgreSQL delivers
them on commit, never before.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

import asyncpg
from jobplane.server.domain.model import Event, Job, JobStatus
from jobplane.server.store import codec
from jobplane.server.store.futures import Outcome, failed, settle, settle_all
from jobplane.server.store.notice import Notice
from jobplane.server.store.postgres.sql import Q

log = logging.getLogger("jobplane.store.postgres")
T = TypeVar("T")
Op = Callable[[asyncpg.Connection, "Batch"], Awaitable[T]]
MAX_BATCH = 500
#: NOTIFY payloads are limited to 8000 bytes; stay well below.
MAX_PAYLOAD = 7000
#: Errors that are worth running a lone operation again for.
_TRANSIENT = (
    asyncpg.DeadlockDetectedError,
    asyncpg.SerializationError,
    asyncpg.ConnectionDoesNotExistError,
    asyncpg.InterfaceError,
    ConnectionError,
)
_DB_ERRORS = (asyncpg.PostgresError, asyncpg.InterfaceError, OSError)


#: The advisory lock ordering WatchJobs log positions (any fixed number, one per database).
LOG_LOCK = 0x6A6F62706C616E65  # "jobplane"


async def write_log(conn: asyncpg.Connection, rows: list[codec.LogRow]) -> None:
    """Append ``rows`` to the WatchJobs log as the transaction's last statement.

    A ``bigserial`` alone would hand out positions in insert order, not commit order:
    a transaction could take 10, another 11 and commit first, and a reader that saw
    11 would never look back for 10. Taking the positions under a transaction-level
    advisory lock, held until COMMIT, makes every position visible only after all
    smaller ones (PostgreSQL makes a transaction visible before it releases its
    locks). The lock is held for one insert and the commit, so replicas' group commits
    queue behind each other only for that long."""
    if not rows:
        return
    await conn.execute("SELECT pg_advisory_xact_lock($1)", LOG_LOCK)
    await conn.execute(
        Q["log_insert"],
        time.time(),
        [r[0] for r in rows],
        [r[1] for r in rows],
        [r[2] for r in rows],
        [r[3] for r in rows],
    )


class Batch:
    """What one transaction tells the other replicas once it commits."""

    def __init__(self) -> None:
        self.notices: dict[str, str] = {}
        #: WatchJobs log rows, written last, under the log lock (:func:`write_log`).
        self.log_rows: list[codec.LogRow] = []

    def log(self, row: tuple[Any, ...], events: Sequence[Event]) -> None:
        self.log_rows.extend(codec.log_rows(row, events))

    def note(self, job: Job) -> None:
        """Announce ``job``'s state as written (the latest write per job wins)."""
        self.note_raw(job.id, job.sequence, job.status, job.attempt)

    def note_raw(self, job_id: str, sequence: int, status: JobStatus, attempt: int) -> None:
        self.notices[job_id] = Notice(job_id, sequence, status, attempt).line()

    def payloads(self, origin: str) -> list[str]:
        """The notices packed into as few NOTIFY payloads as fit, each headed by
        ``@origin`` so the sending process can recognise its own."""
        out: list[str] = []
        head = f"@{origin}"
        chunk: list[str] = [head]
        size = len(head)
        for line in self.notices.values():
            if len(chunk) > 1 and size + len(line) + 1 > MAX_PAYLOAD:
                out.append("\n".join(chunk))
                chunk, size = [head], len(head)
            chunk.append(line)
            size += len(line) + 1
        if len(chunk) > 1:
            out.append("\n".join(chunk))
        return out


_Item = tuple[Op[Any], "asyncio.Future[Any]"]


class GroupCommit:
    """The writer: ``run(op)`` queues ``op`` and returns its future, settled once the
    transaction holding it committed."""

    def __init__(self, pool: asyncpg.Pool, channel: str, origin: str) -> None:
        self._pool = pool
        self._channel = channel
        self._origin = origin
        self._queue: collections.deque[_Item] = collections.deque()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._closing = False
        self.batches = 0
        #: Called with each transaction's seconds from acquiring a connection to COMMIT.
        self.on_commit: Callable[[float], None] | None = None
        self.ops = 0

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="jobplane-pg-writer")

    async def close(self) -> None:
        """Finish what is queued, then stop."""
        self._closing = True
        self._wake.set()
        if self._task is not None:
            await self._task
            self._task = None

    def run(self, op: Op[T]) -> asyncio.Future[T]:
        """Queue ``op``; its future resolves once the transaction holding it committed."""
        if self._closing or self._task is None:
            return failed(RuntimeError("store is not open"))
        fut: asyncio.Future[T] = self._task.get_loop().create_future()
        self._queue.append((op, fut))
        self._wake.set()
        return fut

    async def _run(self) -> None:
        while True:
            if not self._queue:
                if self._closing:
                    return
                self._wake.clear()
                await self._wake.wait()
                continue
            n = min(len(self._queue), MAX_BATCH)
            batch = [self._queue.popleft() for _ in range(n)]
            try:
                await self._commit(batch)
            except BaseException as exc:  # never leave a caller waiting forever
                error = (
                    exc
                    if isinstance(exc, Exception)
                    else RuntimeError("the store's writer stopped")
                )
                settle_all((fut, None, error) for _, fut in batch)
                if not isinstance(exc, Exception):
                    raise
                log.exception("writer batch failed")

    async def _commit(self, batch: list[_Item]) -> None:
        try:
            results = await self._transaction(batch)
        except _DB_ERRORS as exc:
            if len(batch) > 1:
                log.warning("batch of %d aborted (%s); retrying one by one", len(batch), exc)
                for item in batch:
                    await self._commit_alone(item)
                return
            await self._commit_alone(batch[0], first_error=exc)
            return
        settle_all(results)

    async def _commit_alone(self, item: _Item, first_error: BaseException | None = None) -> None:
        error = first_error
        for attempt in range(3):
            if error is not None and not isinstance(error, _TRANSIENT):
                break
            if error is not None:
                await asyncio.sleep(0.01 * (attempt + 1))
            try:
                settle_all(await self._transaction([item]))
                return
            except _DB_ERRORS as exc:
                error = exc
        assert error is not None
        settle(item[1], None, error)

    async def _transaction(self, batch: list[_Item]) -> list[Outcome]:
        notes = Batch()
        results: list[Outcome] = []
        began = time.perf_counter()
        async with self._pool.acquire() as conn, conn.transaction():
            for op, fut in batch:
                try:
                    value = await op(conn, notes)
                except _DB_ERRORS:
                    raise
                except Exception as exc:  # a rule's domain error: nothing was written
                    results.append((fut, None, exc))
                else:
                    results.append((fut, value, None))
            await write_log(conn, notes.log_rows)
            payloads = notes.payloads(self._origin)
            if payloads:
                await conn.execute(
                    "SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p", self._channel, payloads
                )
        if self.on_commit is not None:
            self.on_commit(time.perf_counter() - began)
        self.batches += 1
        self.ops += len(batch)
        return results

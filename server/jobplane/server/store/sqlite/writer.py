"""The SQLite store's writer: one thread, one connection, group commit.

Writes are queued from the event loop; the thread drains the queue into a single
transaction per batch, so a burst of submits, claims and completions costs one
commit, not one each. Each operation runs inside a SAVEPOINT, so one failing
operation does not undo its neighbours. Once the batch committed, the thread hands
every operation's outcome back to the loop in one call, which settles their futures.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from jobplane.server.store.futures import Outcome, failed, settle_all
from jobplane.server.store.sqlite.known import Known

log = logging.getLogger("jobplane.store.sqlite")
T = TypeVar("T")
Op = Callable[[sqlite3.Connection], Any]
MAX_BATCH = 1000


class Writer:
    """Runs every write of one store. ``known`` is the decoded-row cache its
    operations keep; it is cleared whenever it may be stale."""

    def __init__(
        self, connect: Callable[[], sqlite3.Connection], schema: str, known: Known
    ) -> None:
        self._connect = connect
        self._schema = schema
        self._known = known
        self._queue: queue.SimpleQueue[tuple[Op, asyncio.Future[Any]] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._data_version = -1
        #: Called with each batch's seconds from BEGIN to COMMIT (the writer's thread).
        self.on_commit: Callable[[float], None] | None = None

    async def start(self) -> None:
        """Start the thread; returns once the schema is in place (or raises why not)."""
        self._loop = asyncio.get_running_loop()
        ready: asyncio.Future[None] = self._loop.create_future()
        self._thread = threading.Thread(
            target=self._run, args=(ready,), name="jobplane-sqlite-writer", daemon=True
        )
        self._thread.start()
        await ready

    async def stop(self) -> None:
        """Finish what is queued, then stop; later writes fail at once."""
        thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            await asyncio.to_thread(thread.join)

    def write(self, fn: Callable[[sqlite3.Connection], T]) -> asyncio.Future[T]:
        """Queue ``fn``; its future resolves once the batch holding it committed."""
        if self._thread is None or self._loop is None:
            return failed(RuntimeError("store is not open"))
        fut: asyncio.Future[T] = self._loop.create_future()
        self._queue.put((fn, fut))
        return fut

    def _run(self, ready: asyncio.Future[None]) -> None:
        assert self._loop is not None
        loop = self._loop
        try:
            conn = self._connect()
            conn.executescript(self._schema)
        except Exception as exc:  # report start-up failure to start()
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
            loop.call_soon_threadsafe(settle_all, self._commit(conn, batch))
        conn.close()

    def _commit(
        self, conn: sqlite3.Connection, batch: list[tuple[Op, asyncio.Future[Any]]]
    ) -> list[Outcome]:
        results: list[Outcome] = []
        began = time.perf_counter()
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
            if self.on_commit is not None:
                self.on_commit(time.perf_counter() - began)
        except sqlite3.Error as exc:
            log.exception("sqlite batch failed; rolled back %d operations", len(batch))
            self._known.clear()
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            return [(fut, None, exc) for _, fut in batch]
        return results

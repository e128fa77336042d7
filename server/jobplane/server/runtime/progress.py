"""Writing one attempt's progress: durable first, then published; bursts coalesced."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from jobplane.server.domain.model import Job, Progress
from jobplane.server.events.broker import Broker
from jobplane.server.store.base import Store

log = logging.getLogger("jobplane.progress")


class ProgressWriter:
    """At most one progress write in flight per attempt: a handler reporting faster
    than the store commits is coalesced to the latest report. Writes are fenced by the
    attempt, so a late report of an attempt that is over changes nothing."""

    __slots__ = ("_broker", "_job", "_pending", "_store", "_writer")

    def __init__(self, store: Store, broker: Broker, job: Job) -> None:
        self._store = store
        self._broker = broker
        self._job = job
        self._pending: Progress | None = None
        self._writer: asyncio.Task[None] | None = None

    def report(self, progress: Progress) -> None:
        """Write ``progress`` soon (on the event loop); never blocks."""
        self._pending = progress
        if self._writer is None:
            self._writer = asyncio.create_task(self._drain())

    async def flush(self) -> None:
        """Wait until what was reported so far is written (or its write failed)."""
        if self._writer is not None:
            with contextlib.suppress(Exception):
                await self._writer

    async def _drain(self) -> None:
        job = self._job
        try:
            while self._pending is not None:
                progress, self._pending = self._pending, None
                event = await self._store.progress(job.id, job.attempt, progress)
                if event is not None:
                    self._broker.publish((event,))
        except Exception:
            log.exception("job %s: progress write failed", job.id)
        finally:
            self._writer = None

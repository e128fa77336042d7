"""What a handler sees in the server: its payload, attempt, progress, cancellation,
heartbeat, checkpoints (the :class:`jobplane.handlers.HandlerContext` API). The
exceptions live in :mod:`jobplane.handlers`, shared with the remote worker."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import orjson
from jobplane.handlers.cancel import Cancellable, on_loop
from jobplane.server.domain.errors import HandlerError, JobCancelled, NonRetryableError
from jobplane.server.domain.model import Job, JsonDict, Progress

# The handler errors live with every other exception (domain/errors.py, which takes
# them from the shared kit, jobplane.handlers); re-exported here for the runtime
# modules that raise and catch them.
__all__ = ["HandlerError", "JobCancelled", "JobContext", "NonRetryableError"]


class JobContext(Cancellable):
    """Passed to every handler. Safe to use from the event loop and from a handler thread."""

    def __init__(
        self,
        job: Job,
        *,
        loop: asyncio.AbstractEventLoop,
        on_progress: Callable[[Progress], None],
        on_checkpoint: Callable[[JsonDict], Any],
    ) -> None:
        super().__init__()
        self.job_id = job.id
        self.type = job.type
        # Copies of their own (a JSON round trip, deep and fast): the job's objects
        # may be the store's (see store.sqlite.Known), which a handler must not change.
        self.payload: JsonDict = orjson.loads(orjson.dumps(job.payload))
        self.attempt = job.attempt
        self.max_attempts = job.max_attempts
        self.labels = dict(job.labels)
        #: The data of the last ``checkpoint()`` of an earlier attempt (or None).
        self.checkpoint_data: JsonDict | None = (
            None if job.checkpoint is None else orjson.loads(orjson.dumps(job.checkpoint))
        )
        self._loop = loop
        self._on_progress = on_progress
        self._on_checkpoint = on_checkpoint
        self.last_heartbeat = time.monotonic()

    # -- reporting -------------------------------------------------------

    def report_progress(
        self,
        current: float,
        total: float = 0.0,
        message: str = "",
        details: JsonDict | None = None,
    ) -> None:
        """Record progress (also a heartbeat). Never blocks; bursts are coalesced."""
        self.last_heartbeat = time.monotonic()
        p = Progress(
            current=float(current),
            total=float(total),
            message=message,
            details=details,
            update_time=time.time(),
        )
        if on_loop(self._loop):
            self._on_progress(p)
        else:
            self._loop.call_soon_threadsafe(self._on_progress, p)

    def heartbeat(self) -> None:
        """Tell the server this attempt is alive (see the job's heartbeat_timeout)."""
        self.last_heartbeat = time.monotonic()

    def checkpoint(self, data: JsonDict) -> Any:
        """Persist ``data`` for the next attempt. On the loop: returns an awaitable;
        in a thread: blocks until it is durable."""
        self.last_heartbeat = time.monotonic()
        self.checkpoint_data = dict(data)
        if on_loop(self._loop):
            return asyncio.ensure_future(self._on_checkpoint(dict(data)))
        fut = asyncio.run_coroutine_threadsafe(self._on_checkpoint(dict(data)), self._loop)
        return fut.result(timeout=30)

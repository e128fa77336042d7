"""What a handler sees: its payload, attempt, progress, cancellation, heartbeat, checkpoints."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import Any

import orjson
from jobplane.server.domain.errors import HandlerError, JobCancelled, NonRetryableError
from jobplane.server.domain.model import Job, JsonDict, Progress

# The handler errors live with every other exception (domain/errors.py); they are
# re-exported here for the runtime modules that raise and catch them.
__all__ = ["HandlerError", "JobCancelled", "JobContext", "NonRetryableError"]


class JobContext:
    """Passed to every handler. Safe to use from the event loop and from a handler thread."""

    def __init__(
        self,
        job: Job,
        *,
        loop: asyncio.AbstractEventLoop,
        on_progress: Callable[[Progress], None],
        on_checkpoint: Callable[[JsonDict], Any],
    ) -> None:
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
        self._cancelled = threading.Event()
        self.cancel_reason = ""
        self.last_heartbeat = time.monotonic()

    # -- cancellation ----------------------------------------------------

    @property
    def cancelled(self) -> bool:
        """True once the job was canceled, timed out, stalled or the server is draining."""
        return self._cancelled.is_set()

    def raise_if_cancelled(self) -> None:
        if self._cancelled.is_set():
            raise JobCancelled(self.cancel_reason or "cancelled")

    def wait_cancelled(self, timeout_s: float | None = None) -> bool:
        """Block (in a thread handler) until cancelled or ``timeout_s`` passes."""
        return self._cancelled.wait(timeout_s)

    def request_cancel(self, reason: str) -> None:
        if not self._cancelled.is_set():
            self.cancel_reason = reason
            self._cancelled.set()

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
        if _on_loop(self._loop):
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
        if _on_loop(self._loop):
            return asyncio.ensure_future(self._on_checkpoint(dict(data)))
        fut = asyncio.run_coroutine_threadsafe(self._on_checkpoint(dict(data)), self._loop)
        return fut.result(timeout=30)


def _on_loop(loop: asyncio.AbstractEventLoop) -> bool:
    try:
        return asyncio.get_running_loop() is loop
    except RuntimeError:
        return False

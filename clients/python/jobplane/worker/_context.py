"""The ``ctx`` of a handler run by a remote worker (the :class:`HandlerContext` API)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from typing import Any

from google.protobuf import json_format
from jobplane.handlers import JsonDict
from jobplane.handlers.cancel import Cancellable, on_loop
from jobplane.v1 import job_pb2


class TaskContext(Cancellable):
    """Passed to every handler. Safe to use from the event loop and from a handler thread."""

    def __init__(
        self,
        job: job_pb2.Job,
        *,
        loop: asyncio.AbstractEventLoop,
        on_progress: Callable[[job_pb2.Progress | None], None],
        on_checkpoint: Callable[[JsonDict], Coroutine[Any, Any, None]],
    ) -> None:
        super().__init__()
        self.job_id = job.id
        self.type = job.type
        self.payload: JsonDict = json_format.MessageToDict(job.payload)
        self.attempt = job.attempt
        self.max_attempts = job.max_attempts
        self.labels = dict(job.labels)
        #: The data of the last ``checkpoint()`` of an earlier attempt (or None).
        self.checkpoint_data: JsonDict | None = (
            json_format.MessageToDict(job.checkpoint) if job.HasField("checkpoint") else None
        )
        self.last_heartbeat = time.monotonic()
        self._loop = loop
        self._on_progress = on_progress
        self._on_checkpoint = on_checkpoint

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
        progress = job_pb2.Progress(
            current=float(current),
            total=float(total),
            percent=100.0 * current / total if total > 0 else 0.0,
            message=message,
        )
        if details is not None:
            progress.details.update(details)
        progress.update_time.GetCurrentTime()
        self._callon_loop(self._on_progress, progress)

    def heartbeat(self) -> None:
        """Renew the lease now rather than at the reporter's next tick."""
        self.last_heartbeat = time.monotonic()
        self._callon_loop(self._on_progress, None)

    def checkpoint(self, data: JsonDict) -> Any:
        """Persist ``data`` for the next attempt. On the loop: returns an awaitable;
        in a thread: blocks until it is durable."""
        self.last_heartbeat = time.monotonic()
        self.checkpoint_data = dict(data)
        if on_loop(self._loop):
            return asyncio.ensure_future(self._on_checkpoint(dict(data)))
        future = asyncio.run_coroutine_threadsafe(self._on_checkpoint(dict(data)), self._loop)
        return future.result(timeout=30)

    def _callon_loop(
        self, fn: Callable[[job_pb2.Progress | None], None], arg: job_pb2.Progress | None
    ) -> None:
        if on_loop(self._loop):
            fn(arg)
        else:
            self._loop.call_soon_threadsafe(fn, arg)

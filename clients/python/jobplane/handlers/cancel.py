"""The cancellation half of the ``ctx`` API, shared by the server's in-process
context and the remote worker's, and the "am I on this loop?" test both need."""

from __future__ import annotations

import asyncio
import threading

from jobplane.handlers._errors import JobCancelled


class Cancellable:
    """``cancelled`` / ``raise_if_cancelled`` / ``wait_cancelled`` over a thread-safe flag."""

    def __init__(self) -> None:
        self.cancel_reason = ""
        self._cancelled = threading.Event()

    @property
    def cancelled(self) -> bool:
        """True once the job was canceled, timed out, stalled or its runner is draining."""
        return self._cancelled.is_set()

    def raise_if_cancelled(self) -> None:
        """Raise :class:`~jobplane.handlers.JobCancelled` once cancelled."""
        if self._cancelled.is_set():
            raise JobCancelled(self.cancel_reason or "cancelled")

    def wait_cancelled(self, timeout_s: float | None = None) -> bool:
        """Block (in a thread handler) until cancelled or ``timeout_s`` passes."""
        return self._cancelled.wait(timeout_s)

    def request_cancel(self, reason: str) -> None:
        """Mark the attempt cancelled; the first reason is kept."""
        if not self._cancelled.is_set():
            self.cancel_reason = reason
            self._cancelled.set()


def on_loop(loop: asyncio.AbstractEventLoop) -> bool:
    """True when called from ``loop``'s own thread (not from a handler thread)."""
    try:
        return asyncio.get_running_loop() is loop
    except RuntimeError:
        return False

"""The ``ctx`` API every handler may rely on, wherever it runs."""

from __future__ import annotations

from typing import Any, Protocol

JsonDict = dict[str, Any]


class HandlerContext(Protocol):
    """What a handler sees. The server's in-process context and the remote worker's
    both provide it; each is safe to use from the event loop and from a handler thread."""

    job_id: str
    type: str
    payload: JsonDict
    attempt: int
    max_attempts: int
    labels: dict[str, str]
    #: The data of the last ``checkpoint()`` of an earlier attempt (or None).
    checkpoint_data: JsonDict | None
    cancel_reason: str

    @property
    def cancelled(self) -> bool:
        """True once the job was canceled, timed out, stalled or its runner is draining."""
        ...

    def raise_if_cancelled(self) -> None:
        """Raise :class:`~jobplane.handlers.JobCancelled` once cancelled."""
        ...

    def wait_cancelled(self, timeout_s: float | None = None) -> bool:
        """Block (in a thread handler) until cancelled or ``timeout_s`` passes."""
        ...

    def report_progress(
        self, current: float, total: float = 0.0, message: str = "", details: JsonDict | None = None
    ) -> None:
        """Record progress (also a heartbeat). Never blocks; bursts are coalesced."""
        ...

    def heartbeat(self) -> None:
        """Tell the server this attempt is alive."""
        ...

    def checkpoint(self, data: JsonDict) -> Any:
        """Persist ``data`` for the next attempt. On the loop: returns an awaitable;
        in a thread: blocks until it is durable."""
        ...

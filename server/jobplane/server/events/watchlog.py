"""WatchJobs from the store's log: resumable by cursor, one order on every replica.

Every status change is appended to the store's WatchJobs log in the commit that
makes it (store/base.py, ``watch_log_after``). A WatchJobs stream *reads* that log
from its own position — it is not pushed events — so:

* resuming after a cursor is the same loop as following live: read what is after
  the position, page by page, then wait for a wake-up and read again;
* a slow reader only reads later (it is never dropped, never coalesced, and costs
  no memory while it waits);
* every replica reads the same rows in the same order, so a cursor from one replica
  resumes on another.

Wake-ups: this process's own commits (a broker tap, the instant they are durable);
other replicas' commits by polling every ``poll_s`` (a shared store only). A
follower checks the wake-up generation before it reads, so a commit landing between
its read and its wait is never slept through.

Cursors are opaque text (``encode_cursor``): a position, versioned so it can change.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
import time
from collections.abc import AsyncGenerator, Callable

from jobplane.server.domain import errors
from jobplane.server.domain.errors import SubscriberClosed
from jobplane.server.domain.model import Change, Event, Job
from jobplane.server.store.base import Store
from jobplane.server.store.queries import PRUNE_BATCH

log = logging.getLogger("jobplane.watchlog")
#: Log rows read per store round trip.
PAGE = 500
#: Prune batches per pass at most (the rest waits for the next pass).
MAX_PRUNE_BATCHES = 100
_PREFIX = b"jw1:"


def encode_cursor(position: int) -> str:
    return base64.urlsafe_b64encode(_PREFIX + str(position).encode()).decode().rstrip("=")


def decode_cursor(text: str) -> int:
    """The position in a cursor; INVALID_ARGUMENT (reason INVALID_CURSOR) if it is not one."""
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        if raw.startswith(_PREFIX) and raw[len(_PREFIX) :].isdigit():
            return int(raw[len(_PREFIX) :])
    except ValueError:
        pass
    raise errors.InvalidArgumentError(
        "after_cursor is not a cursor this server gave out",
        reason="INVALID_CURSOR",
        field="after_cursor",
    )


class WatchLog:
    """Follows the store's WatchJobs log for this process's WatchJobs streams, and
    prunes it to ``retention_s``."""

    def __init__(
        self, store: Store, *, retention_s: float, poll_s: float | None, prune_every_s: float = 60.0
    ) -> None:
        self._store = store
        self._retention_s = retention_s
        self._poll_s = poll_s
        self._prune_every_s = prune_every_s
        self._generation = 0
        self._waiters: list[asyncio.Future[None]] = []
        self._closed = False
        self._pruner: asyncio.Task[None] | None = None
        #: Open WatchJobs streams here (the ``jobplane_watch_subscribers`` gauge).
        self.followers = 0

    def start(self) -> None:
        self._pruner = asyncio.create_task(self._prune_loop(), name="jobplane-watchlog-prune")

    async def stop(self) -> None:
        self.close()
        if self._pruner is not None:
            self._pruner.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pruner
            self._pruner = None

    def close(self) -> None:
        """End every stream (the server is draining)."""
        self._closed = True
        self.wake()

    def on_change(self, _change: Change) -> None:
        """A broker tap: a local commit may have appended to the log."""
        self.wake()

    def wake(self) -> None:
        self._generation += 1
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def head(self) -> int:
        """The last position written: where a watch started now would begin."""
        return (await self._store.watch_log_bounds())[1]

    async def follow(
        self, after: int | None, accepts: Callable[[Job], bool]
    ) -> AsyncGenerator[tuple[int, Event], None]:
        """(position, event) after ``after`` (None: after the head, i.e. from now on)
        for the jobs ``accepts`` takes, forever. OUT_OF_RANGE (CURSOR_EXPIRED) if
        events after ``after`` were pruned; SubscriberClosed at shutdown."""
        floor, head = await self._store.watch_log_bounds()
        if after is None:
            after = head
        elif after < floor:
            raise errors.OutOfRangeError(
                f"events after this cursor were deleted (kept for {self._retention_s:g}s); "
                "ListJobs, then watch from its watch_cursor",
                reason="CURSOR_EXPIRED",
            )
        elif after > head:
            raise errors.InvalidArgumentError(
                "after_cursor is ahead of this server's log (a cursor from another database?)",
                reason="INVALID_CURSOR",
                field="after_cursor",
            )
        self.followers += 1
        try:
            while True:
                seen = self._generation
                rows = await self._store.watch_log_after(after, PAGE)
                for position, event in rows:
                    after = position
                    if event.job is not None and accepts(event.job):
                        yield position, event
                if len(rows) < PAGE:
                    await self._wait(seen)
        finally:
            self.followers -= 1

    async def _wait(self, seen: int) -> None:
        if self._closed:
            raise SubscriberClosed()
        if self._generation != seen:
            return  # something committed while we read: read again at once
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiter, self._poll_s)
        finally:
            if not waiter.done() or waiter.cancelled():  # timed out: not woken
                with contextlib.suppress(ValueError):
                    self._waiters.remove(waiter)
        if self._closed:
            raise SubscriberClosed()

    async def _prune_loop(self) -> None:
        while True:
            try:
                cutoff = time.time() - self._retention_s
                for _ in range(MAX_PRUNE_BATCHES):  # a batch per write: others go between
                    if await self._store.prune_watch_log(cutoff) < PRUNE_BATCH:
                        break
            except Exception as exc:
                log.warning("pruning the WatchJobs log failed: %s", exc)
            await asyncio.sleep(self._prune_every_s)

"""The one owner of "write and claim in one commit", the hot path of every job.

A job is written at least twice: when it is submitted and when its attempt ends.
Each of those writes also claims the next ready job for a worker's slot, in the same
store commit, so a busy server starts the next job without a claim write of its own:

* :meth:`Commits.submit` inserts a job and, when a worker serving its type has a
  free slot, claims one job for it (usually the new job itself, then written once,
  already RUNNING).
* :meth:`Commits.finish` writes an attempt's outcome and claims the next job for
  the slot it frees.

The contract, for both:

1. Nothing is published before the write is durable; the written job is published
   before anything the claim started.
2. What the claim started is handed to the worker that owns the slot even if the
   caller is cancelled while the write is in flight (a callback on the store's own
   future settles it, never the awaiting coroutine).
3. The reserved slot is settled exactly once on every path (committed, failed, or
   the store closed before the write), so slots are never lost or counted twice.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from jobplane.server.domain import lifecycle
from jobplane.server.domain.model import Change, Job, JobStatus, status_event
from jobplane.server.events.broker import Broker
from jobplane.server.runtime.workers import Reservation, Worker
from jobplane.server.store.base import Store

W = TypeVar("W")
R = TypeVar("R")


class Slots(Protocol):
    """What the commit owner asks of the dispatcher."""

    def reserve(self, job_type: str, tenant: str = "") -> Reservation | None: ...
    def reuse(self, worker: Worker, job_type: str) -> Reservation | None: ...
    def settle(self, reservation: Reservation, started: Sequence[Change]) -> None: ...
    def wake(self, due_time: float | None = None) -> None: ...


class Commits:
    """Writes that claim the next job for a slot in the same commit."""

    def __init__(self, store: Store, broker: Broker, slots: Slots) -> None:
        self._store = store
        self._broker = broker
        self._slots = slots

    async def submit(self, job: Job) -> tuple[Job, bool]:
        """Insert ``job`` (or find the job already holding its request id: then
        ``created`` is False and nothing is claimed). Returns (stored job, created)."""
        res = None
        if job.status is JobStatus.QUEUED and job.schedule_time is None:
            res = self._slots.reserve(job.type, job.tenant)
        if job.expire_time is not None:
            self._slots.wake(job.expire_time)  # its TTL is a timer of the dispatcher's
        if res is None:
            stored, created, _ = await self._store.submit(job)
            if created:
                self._broker.publish_change(Change(stored, (status_event(stored),)))
                # The claim loop starts it (now, at its schedule time, or when a slot
                # frees). A submit that claimed in its write needs no wake.
                self._slots.wake(stored.schedule_time)
            return stored, created

        def written(
            result: tuple[Job, bool, list[Change]],
        ) -> tuple[tuple[Job, bool], list[Change]]:
            stored, created, started = result
            if created:
                self._broker.publish_change(Change(job, (status_event(job),)))
            return (stored, created), started

        # What the claim started runs once the submit has resumed (its answer first).
        write = self._store.submit(job, res.claim)
        return await self._settled(write, res, written, defer=True)

    async def finish(self, worker: Worker, job: Job, rule: lifecycle.Rule) -> Change | None:
        """Write the outcome of ``worker``'s attempt of ``job`` (``rule``, fenced) and
        claim the next job for its slot; None if the job is gone. The change is
        published (and a RETRYING job's backoff scheduled) before this returns."""
        res = self._slots.reuse(worker, job.type)
        if res is None:  # draining: write the outcome alone
            change = await self._store.update(job.id, rule)
            self._announce(change)
            return change

        def written(
            result: tuple[Change | None, list[Change]],
        ) -> tuple[Change | None, list[Change]]:
            change, started = result
            self._announce(change)
            return change, started

        # The next job is handed over at once: its slot is still counted as the
        # finishing attempt's, so no other claim can take it meanwhile.
        write = self._store.update_and_claim(job.id, rule, res.claim)
        return await self._settled(write, res, written, defer=False)

    def _announce(self, change: Change | None) -> None:
        if change is None or not change.events:
            return
        self._broker.publish_change(change)
        if change.job.status is JobStatus.RETRYING:
            self._slots.wake(change.job.next_attempt_time)

    def _settled(
        self,
        write: asyncio.Future[W],
        res: Reservation,
        written: Callable[[W], tuple[R, list[Change]]],
        *,
        defer: bool,
    ) -> asyncio.Future[R]:
        """A future of ``written(result of write)``, settled by a callback on
        ``write`` that also settles ``res`` with what the claim started (``defer``:
        on the next turn of the loop, after the caller resumed)."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[R] = loop.create_future()

        def settle(w: asyncio.Future[W]) -> None:
            started: list[Change] = []
            try:
                if w.cancelled():
                    raise RuntimeError("the store closed before the write")
                value, started = written(w.result())
            except Exception as exc:
                if not done.done():
                    done.set_exception(exc)
            else:
                if not done.done():
                    done.set_result(value)
            if defer:
                loop.call_soon(self._slots.settle, res, started)
            else:
                self._slots.settle(res, started)

        write.add_done_callback(settle)
        return done

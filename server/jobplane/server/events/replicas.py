"""Across replicas: other replicas' committed changes become local events and stops.

A store shared by several replicas announces every commit (job id, sequence,
status, attempt). For each notice this replica

* wakes its dispatcher when a job became QUEUED (claimable here too);
* stops its own handler when the job it runs was canceled, rescued or taken over
  (``Dispatcher.on_store_change``);
* for jobs with local subscribers, reads what it has not seen from the store —
  the durable status events, then the row's latest progress — and publishes it to
  the local broker in sequence order. Status events are never skipped; progress
  in between may be coalesced to the latest.

Notices only say "look again"; the store stays the truth. Because a notice can be
lost (the LISTEN connection drops), every reconnection re-reads all watched jobs,
and a reconciler compares the jobs running here with their rows once a second.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

from jobplane.server.domain.model import Event, JobStatus, progress_event, status_event
from jobplane.server.events.broker import Broker
from jobplane.server.runtime.dispatcher import Dispatcher
from jobplane.server.store.base import Store
from jobplane.server.store.notice import Notice

log = logging.getLogger("jobplane.notify")
#: Jobs caught up concurrently; bounded so a burst cannot exhaust the pool.
CATCH_UP_BATCH = 32


@runtime_checkable
class SharedStore(Protocol):
    """A store several replicas share: it announces commits and reports leases."""

    def listen(
        self, on_notices: Callable[[list[Notice]], None], on_resync: Callable[[], None]
    ) -> None: ...

    async def running_state(
        self, job_ids: Sequence[str]
    ) -> dict[str, tuple[JobStatus, int, str]]: ...


class ReplicaSync:
    """Feeds one replica's broker and dispatcher from the other replicas' commits."""

    def __init__(
        self, store: Store, broker: Broker, dispatcher: Dispatcher, *, reconcile_s: float = 1.0
    ) -> None:
        assert isinstance(store, SharedStore)
        self._store = store
        self._shared: SharedStore = store
        self._broker = broker
        self._dispatcher = dispatcher
        self._reconcile_s = reconcile_s
        self._dirty: set[str] = set()
        self._kick = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self._pump(), name="jobplane-replica-pump"),
            asyncio.create_task(self._reconcile_loop(), name="jobplane-replica-reconcile"),
        ]
        self._shared.listen(self._on_notices, self._on_resync)

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []

    # -- notices -------------------------------------------------------------

    def _on_notices(self, notices: list[Notice]) -> None:
        wake = False
        for n in notices:
            if n.local:  # our own writes: published and acted on where they were made
                continue
            wake = wake or n.status is JobStatus.QUEUED
            self._dispatcher.on_store_change(n.job_id, n.status, n.attempt, sequence=n.sequence)
            last = self._broker.watched(n.job_id)
            if last is not None and n.sequence > last:
                self._dirty.add(n.job_id)
                self._kick.set()
        if wake:
            self._dispatcher.wake()

    def _on_resync(self) -> None:
        """(Re)connected: anything may have been missed, so look at everything again."""
        self._dirty.update(self._broker.watched_jobs())
        self._kick.set()
        self._dispatcher.wake()

    async def _pump(self) -> None:
        while True:
            await self._kick.wait()
            self._kick.clear()
            while self._dirty:
                ids = [self._dirty.pop() for _ in range(min(CATCH_UP_BATCH, len(self._dirty)))]
                results = await asyncio.gather(
                    *(self._catch_up(i) for i in ids), return_exceptions=True
                )
                for job_id, result in zip(ids, results, strict=True):
                    if isinstance(result, Exception):
                        log.warning("catching up job %s failed: %s; retrying", job_id, result)
                        self._dirty.add(job_id)
                        await asyncio.sleep(0.2)

    async def _catch_up(self, job_id: str) -> None:
        last = self._broker.watched(job_id)
        if last is None:
            return
        # The row first: every status event up to its sequence committed with it.
        job = await self._store.get(job_id)
        if job is None or job.sequence <= last:
            return
        stored: list[Event] = await self._store.events_after(job_id, last) or []
        events: list[Event] = [e for e in stored if e.sequence <= job.sequence]
        if not events or events[-1].sequence < job.sequence:
            if job.status is JobStatus.RUNNING:  # the latest change was progress
                events.append(progress_event(job.id, job.sequence, job.attempt, job.progress))
            else:
                events.append(status_event(job))
        elif events[-1].terminal:
            events[-1] = status_event(job)  # carries the final job
        self._broker.publish(events)

    # -- leases ---------------------------------------------------------------

    async def _reconcile_loop(self) -> None:
        """Once a second: is every job running here still RUNNING-by-us in the store?"""
        while True:
            await asyncio.sleep(self._reconcile_s)
            running = self._dispatcher.running_attempts()
            if not running:
                continue
            try:
                rows = await self._shared.running_state([j for j, _ in running])
            except Exception as exc:
                log.warning("reconciling running jobs failed: %s", exc)
                continue
            for job_id, _attempt in running:
                status, attempt, owner = rows.get(job_id, (JobStatus.CANCELED, 0, ""))
                self._dispatcher.on_store_change(job_id, status, attempt, owner=owner)


def attach_replicas(store: Store, broker: Broker, dispatcher: Dispatcher) -> ReplicaSync | None:
    """Start following other replicas if ``store`` is shared; None for a private store."""
    if not isinstance(store, SharedStore):
        return None
    sync = ReplicaSync(store, broker, dispatcher)
    sync.start()
    return sync

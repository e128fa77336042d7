"""The dispatcher: which ready jobs start, and on which worker.

* Claims take the highest (effective) priority first, then FIFO, up to the free slots
  of a worker and the room of each per-type pool (:mod:`.slots`).
* It claims in a loop woken by :meth:`Dispatcher.wake` (a job became ready now or at a
  known time) and at least once a second; a submit or a finishing attempt claims in
  its own write through :class:`.Commits`, with a slot reserved here.
* Every attempt it starts is published, then handed to the worker whose lease it
  holds (:mod:`.workers`); stops (cancel, takeover) go to the worker holding it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Sequence

from jobplane.server.domain.model import Change, Job, JobStatus
from jobplane.server.domain.outcomes import StopReason
from jobplane.server.events.broker import Broker
from jobplane.server.runtime.slots import Pools
from jobplane.server.runtime.workers import Reservation, Worker
from jobplane.server.store.base import Claim, Store

log = logging.getLogger("jobplane.dispatcher")
#: The claim loop looks at the store at least this often, woken or not.
POLL_S = 1.0
#: How long stopping waits for a claim in flight before cancelling the loop.
STOP_WAIT_S = 5.0


class Dispatcher:
    """Claims jobs for its workers and hands each attempt to the one that holds it."""

    def __init__(
        self, store: Store, broker: Broker, *, lease_s: float, pools: Sequence[tuple[str, int]]
    ) -> None:
        self._store = store
        self._broker = broker
        self._lease_s = lease_s
        self.pools = Pools(dict(pools))
        self.workers: list[Worker] = []
        self._wake = asyncio.Event()
        #: Workers a claim just left with free slots: nothing more is ready for them
        #: until something wakes the dispatcher.
        self._idle: set[Worker] = set()
        #: The earliest time a RETRYING job's backoff or a TTL ends (None: ask the store).
        self._next_due: float | None = 0.0
        self._polled = 0.0
        self._stopping = False
        self._loop_task: asyncio.Task[None] | None = None

    # -- workers --------------------------------------------------------------

    def add(self, worker: Worker) -> None:
        self.workers.append(worker)
        self.wake()

    def remove(self, worker: Worker) -> None:
        """``worker`` takes nothing more (what it holds stays its own until it ends)."""
        if worker in self.workers:
            self.workers.remove(worker)
        self._idle.discard(worker)

    # -- lifecycle ------------------------------------------------------------

    def start(self) -> None:
        self._loop_task = asyncio.create_task(self._dispatch_loop(), name="jobplane-dispatch")

    async def stop_claiming(self) -> None:
        """Claim nothing more (a finishing attempt then writes its outcome alone)."""
        self._stopping = True
        self._wake.set()
        task, self._loop_task = self._loop_task, None
        if task is None:
            return
        # Let a claim in flight land and be handed over (cancelling the wait would
        # leave its jobs RUNNING with nobody to run them); cancel only a stuck loop.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(task), STOP_WAIT_S)
        if not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def drain(self, grace_s: float) -> None:
        """Let every worker finish for ``grace_s``, then hand back what it holds."""
        await asyncio.gather(*(w.drain(grace_s) for w in list(self.workers)))

    @property
    def stopping(self) -> bool:
        return self._stopping

    # -- signals in -------------------------------------------------------------

    def wake(self, due_time: float | None = None) -> None:
        """Something may be runnable now (or at ``due_time``)."""
        if due_time is not None and due_time > time.time():
            if self._next_due is None or due_time < self._next_due:
                self._next_due = due_time
        else:
            self._idle.clear()
        self._wake.set()

    def stop_running(self, job_id: str, reason: StopReason, *, force: bool = False) -> bool:
        """Tell the attempt of ``job_id`` running here to stop."""
        return any(w.stop(job_id, reason, force=force) for w in self.workers)

    def on_store_change(
        self,
        job_id: str,
        status: JobStatus,
        attempt: int,
        *,
        sequence: int | None = None,
        owner: str | None = None,
    ) -> None:
        """The stored job changed elsewhere (another replica, a rescuer): stop its
        attempt here unless the row still runs it. ``sequence`` (of a notice) older
        than our claim is stale and ignored; ``owner`` is the row's lease owner."""
        for worker in self.workers:
            job = worker.holding(job_id)
            if job is None:
                continue
            if sequence is not None and sequence <= job.sequence:
                return
            ours = owner is None or owner == job.lease_owner
            if status is JobStatus.RUNNING and attempt == job.attempt and ours:
                return
            reason = StopReason.CANCELED if status is JobStatus.CANCELED else StopReason.STALLED
            log.info("job %s is %s in the store; stopping its attempt here", job_id, status.name)
            worker.stop(job_id, reason)
            return

    def ended(self, worker: Worker, job: Job) -> None:
        """An attempt left ``worker`` (its slot counted free again by the worker)."""
        self.pools.ended(job.type)
        if self.pools.limits:  # a job its pool held back may be claimable now
            self._idle.clear()
            self._wake.set()
        elif worker.slots.free() > 0 and worker not in self._idle:
            # (No free slot: it went to the job its write claimed. Idle: that claim
            # found nothing ready for it.)
            self._wake.set()

    # -- reading out ------------------------------------------------------------

    def running_attempts(self) -> list[tuple[str, int]]:
        """(job id, attempt) of every attempt running on a worker of this server."""
        return [(job.id, job.attempt) for w in self.workers for job in w.attempts()]

    def stats(self) -> dict[str, int]:
        return {"running": sum(w.slots.running for w in self.workers)}

    # -- claims in a write (for Commits) ----------------------------------------

    def reserve(self, job_type: str, tenant: str = "") -> Reservation | None:
        """A claim of one job to run with a submit's insert, its slot promised until
        :meth:`settle`; None when no worker serving ``job_type`` (and ``tenant``) has
        a free slot."""
        if self._stopping:
            return None
        for worker in self.workers:
            mine = worker.tenant is None or worker.tenant == tenant
            if mine and worker.serves(job_type) and worker.slots.free() > 0:
                claim = self._claim(worker, 1, time.time())
                worker.slots.reserve()
                self.pools.claiming += 1
                return Reservation(worker, claim, held=True)
        return None

    def reuse(self, worker: Worker, job_type: str) -> Reservation | None:
        """A claim of one job for the slot of ``worker``'s finishing attempt of
        ``job_type``; None while draining (a finishing attempt then claims nothing)."""
        if self._stopping or worker not in self.workers or worker.slots.capacity <= 0:
            return None
        claim = self._claim(worker, 1, time.time(), freed=job_type)
        self.pools.claiming += 1
        return Reservation(worker, claim, held=False)

    def settle(self, reservation: Reservation, started: Sequence[Change]) -> None:
        """A reserved claim is done (``started``: what it started, maybe nothing)."""
        self.pools.claiming -= 1
        if reservation.held:
            reservation.worker.slots.unreserve()
        elif not started:  # a finishing attempt's claim: nothing is ready for its worker
            self._idle.add(reservation.worker)
        self._hand(reservation.worker, started)
        if self.pools.limits and not started:  # a pool it held back may have room now
            self.wake()

    def _claim(self, worker: Worker, limit: int, now: float, freed: str = "") -> Claim:
        return Claim(
            limit=limit,
            now=now,
            worker=worker.lease_owner,
            lease_s=self._lease_s,
            type_room=self.pools.room(freed),
            types=worker.types,
            tenant=worker.tenant,
        )

    def _hand(self, worker: Worker, started: Sequence[Change]) -> None:
        for change in started:
            self._broker.publish_change(change)
            self.pools.started(change.job.type)
            worker.take(change.job)

    # -- the claim loop ---------------------------------------------------------

    async def _dispatch_loop(self) -> None:
        while not self._stopping:
            self._wake.clear()
            try:
                await self._dispatch_once()
            except Exception:
                log.exception("dispatch failed; retrying")
                await asyncio.sleep(0.2)
            if self._claimable():
                continue
            timeout = POLL_S
            if self._next_due is not None:
                timeout = max(0.0, min(timeout, self._next_due - time.time()))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout)

    def _claimable(self) -> list[Worker]:
        return [w for w in self.workers if w not in self._idle and w.slots.free() > 0]

    async def _dispatch_once(self) -> None:
        now = time.time()
        if now - self._polled >= POLL_S:  # look again even if nothing woke us
            self._polled = now
            self._idle.clear()
            if self._next_due is None:
                self._next_due = await self._store.next_due_time()
        if self._next_due is not None and self._next_due <= now:
            await self._requeue_due(now)
        for worker in self._claimable():
            if worker not in self.workers:  # removed while an earlier claim ran
                continue
            free = worker.slots.free()
            claim = self._claim(worker, free, now)
            # A strict worker's slots are promised to this claim while it is in flight,
            # so a submit's claim meanwhile cannot count on them too (see Worker.strict).
            held = free if worker.strict else 0
            worker.slots.reserved += held
            self.pools.claiming += held
            try:
                changes = await self._store.claim(claim)
            finally:
                worker.slots.reserved -= held
                self.pools.claiming -= held
            if len(changes) < free:
                self._idle.add(worker)
            self._hand(worker, changes)

    async def _requeue_due(self, now: float) -> None:
        """RETRYING jobs whose backoff passed become QUEUED; TTLs expire."""
        self._next_due = None
        changes = await self._store.due(now)
        for change in changes:
            self._broker.publish_change(change)
        if changes:
            self._idle.clear()
        self._next_due = await self._store.next_due_time()

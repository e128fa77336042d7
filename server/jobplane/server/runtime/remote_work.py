"""What WorkerService asks of the runtime: sessions, polls, reports and completions
of remote attempts, every one checked against the store's row (the truth).

A report or completion carries a task token (job, attempt, lease owner). It is
accepted only while the row still holds that attempt, RUNNING, leased to that owner,
in the caller's tenant; otherwise FAILED_PRECONDITION (TASK_LEASE_LOST), and the
stale worker's progress, checkpoint or outcome changes nothing (each write is fenced
in the store as well, so a race with a rescue or a cancel loses cleanly).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time

from jobplane.server.domain import errors, lifecycle
from jobplane.server.domain.model import Job, JobStatus, JsonDict, Progress
from jobplane.server.domain.outcomes import Outcome, StopReason
from jobplane.server.events.broker import Broker
from jobplane.server.runtime.commits import Commits
from jobplane.server.runtime.dispatcher import Dispatcher
from jobplane.server.runtime.remote import (
    Held,
    PollPool,
    PollWaiter,
    RemoteHolder,
    RemoteSession,
)
from jobplane.server.runtime.tokens import TaskToken
from jobplane.server.runtime.types import KnownTypes
from jobplane.server.store.base import Store

#: A PollTask waits at most this long, whatever it asks.
MAX_POLL_WAIT_S = 60.0
#: Slots of one ListenTasks stream, at most.
MAX_SLOTS = 10_000
#: A TaskFailure with this reason hands the task back: queued again, not counted.
RELEASED = "JOB_RELEASED"


def lease_lost(token: TaskToken) -> errors.FailedPreconditionError:
    return errors.FailedPreconditionError(
        f"the lease of job {token.job_id} attempt {token.attempt} is no longer this "
        "task's (it was rescued, retried, canceled or leased elsewhere); drop the task",
        reason="TASK_LEASE_LOST",
        metadata={"job_id": token.job_id, "attempt": str(token.attempt)},
    )


class RemoteWork:
    def __init__(
        self,
        store: Store,
        broker: Broker,
        dispatcher: Dispatcher,
        commits: Commits,
        types: KnownTypes,
        *,
        lease_s: float,
        cancel_grace_s: float,
    ) -> None:
        self._store = store
        self._broker = broker
        self._dispatcher = dispatcher
        self._commits = commits
        self._types = types
        self._lease_s = lease_s
        self.cancel_grace_s = cancel_grace_s
        #: job id -> the holder of its remote attempt here.
        self._holders: dict[str, RemoteHolder] = {}
        #: lease owner -> the open session it names.
        self._sessions: dict[str, RemoteSession] = {}
        self.pool = PollPool(self)
        dispatcher.add(self.pool)

    # -- sessions and polls ------------------------------------------------------------

    async def listen(
        self, worker_id: str, types: list[str], slots: int, tenant: str | None
    ) -> RemoteSession:
        wanted = await self._types.remember(types)
        if slots < 0 or slots > MAX_SLOTS:
            raise errors.InvalidArgumentError(
                f"slots must be between 0 and {MAX_SLOTS}", field="slots"
            )
        session = RemoteSession(
            self, worker_id=worker_id, slots=slots or 1, types=wanted, tenant=tenant
        )
        self._sessions[session.lease_owner] = session
        self._dispatcher.add(session)
        return session

    def close(self, session: RemoteSession) -> None:
        """The stream ended: it takes nothing more; what it holds stays leased to its
        worker (completed later, or rescued when the leases expire)."""
        session.close()
        self._sessions.pop(session.lease_owner, None)
        self._dispatcher.remove(session)

    async def poll(
        self, worker_id: str, types: list[str], wait_s: float, tenant: str | None
    ) -> Held | None:
        """One task of ``types`` leased to the caller, waiting up to ``wait_s``."""
        wanted = await self._types.remember(types)
        waiter = PollWaiter(self, worker_id=worker_id, types=wanted, tenant=tenant)
        self._dispatcher.add(waiter)
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiter.arrived.wait(), min(wait_s, MAX_POLL_WAIT_S))
        except asyncio.CancelledError:
            # The caller is gone: what reached the waiter, or reaches it later, goes
            # back to the queue.
            waiter.close()
            if waiter.job is not None:
                asyncio.get_running_loop().create_task(self.hand_back(waiter, waiter.job))
            raise
        finally:
            self._dispatcher.remove(waiter)
        for _ in range(500):  # a claim for it in flight lands first (bounded: 5 s)
            if not waiter.slots.reserved:
                break
            await asyncio.sleep(0.01)
        if waiter.job is None:
            return None
        return self.pool.adopt(waiter.job)

    # -- reports and completions -------------------------------------------------------

    async def report(
        self,
        token: TaskToken,
        progress: Progress | None,
        checkpoint: JsonDict | None,
        tenant: str | None,
    ) -> tuple[bool, float]:
        """Renew the lease, record progress / a checkpoint. Returns (cancel requested,
        the lease's new end)."""
        row, held = await self._current(token, tenant)
        until = time.time() + self._lease_s
        # All three join the same group commit: issued together, awaited in turn.
        job_id, attempt = token.job_id, token.attempt
        renewed = self._store.renew([(job_id, attempt)], token.owner, until)
        wrote = None if progress is None else self._store.progress(job_id, attempt, progress)
        saved = None if checkpoint is None else self._store.checkpoint(job_id, attempt, checkpoint)
        await renewed
        if wrote is not None:
            event = await wrote
            if event is None:
                raise lease_lost(token)
            self._broker.publish((event,))
        if saved is not None and not await saved:
            raise lease_lost(token)
        if held is not None:
            held.last_report = time.monotonic()
            return held.stop is not None, until
        return _timed_out(row, time.time()), until

    async def complete(self, token: TaskToken, outcome: Outcome, tenant: str | None) -> Job:
        """Record the attempt's outcome; returns the job after it."""
        row, held = await self._current(token, tenant)
        holder = self._holders.get(token.job_id) if held is not None else None
        stop = held.stop if held is not None else None
        if stop is None and _timed_out(row, time.time()):
            stop = StopReason.TIMEOUT
        if outcome.error is not None and outcome.error.reason == RELEASED:
            stop, outcome = StopReason.SHUTDOWN, Outcome.stopped()  # handed back
        rule = lifecycle.outcome(row, time.time(), stop, outcome, token.owner, random.random())
        if rule is None:
            raise lease_lost(token)
        fenced = lifecycle.fenced(token.attempt, token.owner, rule)
        try:
            change = await self._commits.finish(holder or self.pool, row, fenced)
        finally:
            if holder is not None:
                holder.end(token.job_id)
        if change is None or not change.events:
            raise lease_lost(token)
        return change.job

    async def _current(self, token: TaskToken, tenant: str | None) -> tuple[Job, Held | None]:
        """The row while it still holds the token's lease (and the attempt's holder
        here, if any); TASK_LEASE_LOST otherwise."""
        session = self._sessions.get(token.owner)
        if session is not None and session.heard_from():  # alive again (even if late)
            self._dispatcher.wake()
        row = await self._store.get(token.job_id)
        holder = self._holders.get(token.job_id)
        held = holder.held.get(token.job_id) if holder is not None else None
        if held is not None and held.job.attempt != token.attempt:
            held = None
        live = (
            row is not None
            and (tenant is None or row.tenant == tenant)
            and row.status is JobStatus.RUNNING
            and row.attempt == token.attempt
            and row.lease_owner == token.owner
        )
        if not live or row is None:
            if held is not None and holder is not None:
                holder.end(token.job_id)  # out of flight: its lease is lost
            raise lease_lost(token)
        return row, held

    # -- Host (for the holders) ----------------------------------------------------------

    def held(self, holder: RemoteHolder, held: Held) -> None:
        self._holders[held.job.id] = holder

    def released(self, holder: RemoteHolder, job: Job) -> None:
        if self._holders.get(job.id) is holder:
            del self._holders[job.id]
        self._dispatcher.ended(holder, job)

    async def finish(self, holder: RemoteHolder, job: Job, rule: lifecycle.Rule) -> None:
        await self._commits.finish(holder, job, rule)

    async def hand_back(self, holder: RemoteHolder, job: Job) -> None:
        """A claim landed for a worker that is gone: queue the job again (the attempt
        does not count)."""
        owner = job.lease_owner
        rule = lifecycle.fenced(
            job.attempt, owner, lambda j: lifecycle.release(j, time.time(), owner)
        )
        try:
            change = await self._store.update(job.id, rule)
            if change is not None and change.events:
                self._broker.publish_change(change)
        finally:
            holder.slots.running -= 1
            self._dispatcher.ended(holder, job)
            self._dispatcher.wake()


def _timed_out(job: Job, now: float) -> bool:
    """Past its timeout (a job whose attempt no holder here watches)."""
    timeout, started = job.timeout_s, job.start_time
    return bool(timeout and started and now > started + timeout)

"""Remote workers behind the dispatcher: attempts held for workers in other processes.

* :class:`RemoteSession` is one ``ListenTasks`` stream: a :class:`.Worker` with the
  stream's slots, types and tenant; each attempt it is handed is pushed as a task,
  each stop as a task cancel.
* :class:`PollWaiter` is one ``PollTask`` call waiting for a job (one slot); what it
  gets is adopted by the :class:`PollPool`, which holds polled attempts (it has no
  slots, so nothing is ever claimed for it).

Both hold attempts the same way (:class:`RemoteHolder`): the job's timeout, its
heartbeat timeout (measured between the worker's reports), and stops. A stopped
attempt is out of flight when its worker completes it, or after the cancel grace
(at once with ``force``); a timed-out one that the worker never completes is then
failed by the server (JOB_TIMEOUT), as a local handler's would be. The leases are
the worker's to renew (by reporting): one that vanishes loses them, and the rescuer
takes its attempts back like a crashed server's.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import secrets
import time
from collections.abc import AsyncIterator, Sequence
from typing import Protocol

from jobplane.server.domain import lifecycle
from jobplane.server.domain.model import Job
from jobplane.server.domain.outcomes import Outcome, StopReason
from jobplane.server.runtime.tokens import TaskToken
from jobplane.server.runtime.workers import Seat

log = logging.getLogger("jobplane.remote")

#: What a pushed TaskCancel says, by stop reason.
CANCEL_REASONS = {
    StopReason.CANCELED: "JOB_CANCELED",
    StopReason.TIMEOUT: "JOB_TIMEOUT",
    StopReason.STALLED: "TASK_LEASE_LOST",
    StopReason.SHUTDOWN: "SERVER_DRAINING",
}


def lease_owner(worker_id: str) -> str:
    """A remote attempt's lease owner: the worker's name and a random part (so a
    token cannot be guessed, and a restarted worker's tokens are not its old ones)."""
    return f"@{worker_id}#{secrets.token_hex(6)}"


def is_remote(owner: str) -> bool:
    return owner.startswith("@")


@dataclasses.dataclass(slots=True)
class Held:
    """One remote attempt held here."""

    job: Job
    token: str
    #: Why the server told it to stop (None: it was not).
    stop: StopReason | None = None
    #: When its worker last reported (monotonic): its heartbeat.
    last_report: float = dataclasses.field(default_factory=time.monotonic)
    timers: list[asyncio.TimerHandle] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(frozen=True, slots=True)
class Command:
    """What a listening worker is sent: a task to run, or a cancel of one."""

    held: Held
    cancel: bool = False
    reason: str = ""
    force: bool = False


class Host(Protocol):
    """What holders need from the remote-work owner (:mod:`.remote_work`)."""

    cancel_grace_s: float

    def held(self, holder: RemoteHolder, held: Held) -> None: ...
    def released(self, holder: RemoteHolder, job: Job) -> None: ...
    async def finish(self, holder: RemoteHolder, job: Job, rule: lifecycle.Rule) -> None: ...
    async def hand_back(self, holder: RemoteHolder, job: Job) -> None: ...


class RemoteHolder(Seat):
    """The shared part of a :class:`.Worker` whose attempts run in another process."""

    def __init__(
        self,
        host: Host,
        *,
        owner: str,
        capacity: int,
        types: frozenset[str] | None,
        tenant: str | None,
    ) -> None:
        super().__init__(owner, capacity)
        self._host = host
        self._types = types
        self._tenant = tenant
        self.held: dict[str, Held] = {}
        self.closed = False

    # -- Worker -------------------------------------------------------------------

    @property
    def types(self) -> frozenset[str] | None:
        return self._types

    @property
    def tenant(self) -> str | None:
        return self._tenant

    def serves(self, job_type: str) -> bool:
        return self._types is None or job_type in self._types

    def take(self, job: Job) -> None:
        self._slots.running += 1
        if self.closed:  # its worker is gone: hand the attempt back to the queue
            asyncio.get_running_loop().create_task(self._host.hand_back(self, job))
            return
        self._hold(job)

    def stop(self, job_id: str, reason: StopReason, *, force: bool = False) -> bool:
        held = self.held.get(job_id)
        if held is None:
            return False
        if held.stop is None:
            held.stop = reason
        self._told_to_stop(held, CANCEL_REASONS[reason], force)
        if reason is StopReason.STALLED:
            self._went_silent()
        lost = reason in (StopReason.CANCELED, StopReason.STALLED)
        grace = 0.0 if force or reason is StopReason.STALLED else self._host.cancel_grace_s
        if lost and grace == 0.0:
            self.end(job_id)
        else:
            loop = asyncio.get_running_loop()
            held.timers.append(loop.call_later(grace, self._overdue, job_id, held))
        return True

    def holding(self, job_id: str) -> Job | None:
        held = self.held.get(job_id)
        return None if held is None or held.stop is not None else held.job

    def attempts(self) -> Sequence[Job]:
        return [h.job for h in self.held.values()]

    def silent(self) -> Sequence[Job]:
        mono = time.monotonic()
        out = []
        for held in self.held.values():
            limit = held.job.heartbeat_timeout_s
            if limit is None or held.stop is not None or mono - held.last_report <= limit:
                continue
            held.stop = StopReason.STALLED
            out.append(held.job)
        return out

    def leases_to_renew(self) -> Sequence[tuple[str, int]]:
        return ()  # renewed by the worker's own reports only

    async def drain(self, grace_s: float) -> None:
        """The server stops: its remote attempts run on, their workers complete them
        after the restart (or lose them when their leases expire)."""
        self.close()

    def close(self) -> None:
        self.closed = True

    # -- holding ----------------------------------------------------------------------

    def _hold(self, job: Job) -> Held:
        token = TaskToken(job.id, job.attempt, job.lease_owner).encode()
        held = Held(job, token)
        self.held[job.id] = held
        timeout = job.timeout_s
        if timeout is not None and timeout > 0:
            loop = asyncio.get_running_loop()
            held.timers.append(loop.call_later(timeout, self._timed_out, job.id, held))
        self._host.held(self, held)
        return held

    def end(self, job_id: str) -> Held | None:
        """The attempt is out of flight: its slot is free again."""
        held = self.held.pop(job_id, None)
        if held is None:
            return None
        for timer in held.timers:
            timer.cancel()
        self._slots.running -= 1
        self._host.released(self, held.job)
        return held

    def _went_silent(self) -> None:
        """One of its attempts stalled (its worker stopped reporting)."""

    def _told_to_stop(self, held: Held, reason: str, force: bool) -> None:
        """Tell the worker (a session pushes a cancel; a poller learns it from its
        next ReportProgress: ``cancel_requested``)."""

    def _timed_out(self, job_id: str, held: Held) -> None:
        if self.held.get(job_id) is held and held.stop is None:
            log.info("job %s timed out on remote worker %s", job_id, held.job.lease_owner)
            self.stop(job_id, StopReason.TIMEOUT)

    def _overdue(self, job_id: str, held: Held) -> None:
        """The grace after a stop passed and the worker did not complete the attempt."""
        if self.held.get(job_id) is not held:
            return
        if held.stop is StopReason.TIMEOUT:
            job = held.job
            rule = lifecycle.outcome(
                job, time.time(), held.stop, Outcome.stopped(), job.lease_owner, 0.5
            )
            if rule is not None:
                fenced = lifecycle.fenced(job.attempt, job.lease_owner, rule)
                asyncio.get_running_loop().create_task(self._finish_overdue(job_id, fenced))
                return
        self.end(job_id)

    async def _finish_overdue(self, job_id: str, rule: lifecycle.Rule) -> None:
        held = self.held.get(job_id)
        if held is None:
            return
        try:
            await self._host.finish(self, held.job, rule)
        finally:
            self.end(job_id)


class RemoteSession(RemoteHolder):
    """One ``ListenTasks`` stream."""

    def __init__(
        self,
        host: Host,
        *,
        worker_id: str,
        slots: int,
        types: frozenset[str],
        tenant: str | None,
    ) -> None:
        super().__init__(host, owner=lease_owner(worker_id), capacity=slots, types=types,
                         tenant=tenant)  # fmt: skip
        self.worker_id = worker_id
        self._queue: asyncio.Queue[Command | None] = asyncio.Queue()
        self._capacity = slots
        #: Its worker went silent (an attempt's lease expired): it takes no new task
        #: until the worker is heard from again, even though its stream is open (a
        #: frozen process keeps its connection).
        self.paused = False

    def _went_silent(self) -> None:
        if not self.paused:
            log.warning("worker %s went silent; no new tasks until it reports", self.worker_id)
            self.paused = True
            self.slots.capacity = 0

    def heard_from(self) -> bool:
        """Its worker reported: it takes tasks again. True if it was paused."""
        if not self.paused:
            return False
        self.paused = False
        self.slots.capacity = self._capacity
        return True

    def _hold(self, job: Job) -> Held:
        held = super()._hold(job)
        self._queue.put_nowait(Command(held))
        return held

    def _told_to_stop(self, held: Held, reason: str, force: bool) -> None:
        if not self.closed:
            self._queue.put_nowait(Command(held, cancel=True, reason=reason, force=force))

    def close(self) -> None:
        if not self.closed:
            super().close()
            self._queue.put_nowait(None)

    async def commands(self) -> AsyncIterator[Command]:
        """What to send the worker, in order, until the session closes."""
        while True:
            command = await self._queue.get()
            if command is None:
                return
            yield command


class PollWaiter(RemoteHolder):
    """One ``PollTask`` call: a worker of one slot until it gets a job."""

    def __init__(
        self, host: Host, *, worker_id: str, types: frozenset[str], tenant: str | None
    ) -> None:
        super().__init__(host, owner=lease_owner(worker_id), capacity=1, types=types,
                         tenant=tenant)  # fmt: skip
        self.job: Job | None = None
        self.arrived = asyncio.Event()

    def _hold(self, job: Job) -> Held:
        self.job = job  # adopted by the PollPool, which holds it from here on
        self.arrived.set()
        return Held(job, "")


class PollPool(RemoteHolder):
    """The attempts PollTask calls handed out: never claimed for (no slots)."""

    def __init__(self, host: Host) -> None:
        super().__init__(host, owner="", capacity=0, types=frozenset(), tenant=None)

    def adopt(self, job: Job) -> Held:
        self._slots.running += 1
        return self._hold(job)

"""The scheduler: one periodic service that turns due nominal times into runs.

Each look takes the due schedules from the store (on PostgreSQL: row-locked, so
replicas share the work without waiting on each other), plans each one
(:mod:`.planner`), creates the runs through the normal submit path (:mod:`.runs`),
and writes the cursors back. It sleeps until the earliest wake time, at most
``poll_s`` (another replica's new schedule is seen within that), and is woken at
once when a schedule changes here.

The clock is a parameter: tests drive :meth:`Scheduler.look` with the times they
choose (DST change days), production uses ``time.time``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable

from jobplane.server.domain.model import Job
from jobplane.server.domain.schedule import Overlap, Schedule
from jobplane.server.schedules.config import SchedulerConfig
from jobplane.server.schedules.planner import Plan, plan
from jobplane.server.schedules.runs import Runs
from jobplane.server.schedules.spec import Times
from jobplane.server.store.schedules import ScheduleStore

log = logging.getLogger("jobplane.schedules")
Clock = Callable[[], float]
#: Looks in flight at once (each waits for its runs' commits).
MAX_LOOKS = 4


class Scheduler:
    def __init__(
        self,
        store: ScheduleStore,
        runs: Runs,
        config: SchedulerConfig | None = None,
        clock: Clock = time.time,
    ) -> None:
        self._store = store
        self._runs = runs
        self._config = config = config or SchedulerConfig()
        self.clock = clock
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._looks: set[asyncio.Task[bool]] = set()
        #: (tenant, id) of the schedules a running look holds.
        self._inflight: set[tuple[str, str]] = set()
        self._gate = asyncio.Semaphore(config.parallel)
        #: Fire lag of each created run (creation time - nominal time), for the bench.
        self.lags: list[float] = []
        self.record_lags = False

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="jobplane-scheduler")

    async def stop(self) -> None:
        tasks = [t for t in (self._task, *self._looks) if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._task = None

    def wake(self) -> None:
        """A schedule changed here: look again now."""
        self._wake.set()

    async def _loop(self) -> None:
        while True:
            try:
                delay = await self._step()
            except asyncio.CancelledError:
                raise
            except Exception:  # a database hiccup must not end scheduling: log, retry
                log.exception("scheduler look failed; retrying")
                delay = self._config.poll_s
            if delay > 0:
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), delay)

    async def _step(self) -> float:
        """Start a look (unless MAX_LOOKS are running); the delay until the next one.

        Looks overlap: one waiting for its runs' commits (a slow group commit, a WAL
        checkpoint) does not hold back runs that fall due meanwhile."""
        if len(self._looks) < MAX_LOOKS:
            taken = asyncio.Event()
            task = asyncio.create_task(self.look(self.clock(), taken))
            self._looks.add(task)
            task.add_done_callback(self._looked)
            await taken.wait()  # its schedules are marked in flight
        wakes = await self._store.wakes(len(self._inflight) + 1)
        wake = next((w for key, w in wakes if key not in self._inflight), None)
        if wake is None:
            return self._config.poll_s
        return max(0.0, min(self._config.poll_s, wake - self.clock()))

    def _looked(self, task: asyncio.Task[bool]) -> None:
        self._looks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("scheduler look failed: %r", task.exception(), exc_info=task.exception())
        self._wake.set()  # a slot is free, and a full batch means more are due

    async def look(self, now: float, taken: asyncio.Event | None = None) -> bool:
        """Handle the schedules due at ``now`` that no other look holds; True when the
        batch was full. ``taken`` is set once this look's schedules are marked."""
        keys: set[tuple[str, str]] = set()
        try:
            async with self._store.due(now, self._config.batch + len(self._inflight)) as batch:
                todo = [s for s in batch.schedules if (s.tenant, s.id) not in self._inflight]
                todo = todo[: self._config.batch]
                keys = {(s.tenant, s.id) for s in todo}
                self._inflight |= keys
                if taken is not None:
                    taken.set()
                if not todo:
                    return False
                done = await asyncio.gather(*(self._one(s, now) for s in todo))
                await batch.save(done)
                return len(todo) >= self._config.batch
        finally:
            self._inflight -= keys
            if taken is not None:
                taken.set()

    async def _one(self, s: Schedule, now: float) -> Schedule:
        async with self._gate:
            try:
                times = Times(s.spec)
            except Exception:  # stored before a rule tightened: park it, say why
                log.exception("schedule %s/%s has an unusable spec; parked", s.tenant, s.id)
                return s.evolve(next_time=None, wake_time=None)
            try:
                active = False
                if s.overlap.effective is not Overlap.ALLOW_ALL:
                    active = await self._runs.active(s.last_job_id, s.tenant)
                return await self._fire(s, plan(s, times, now, active), now)
            except Exception:
                # E.g. its job type is not registered on this server: the others go
                # on, this one is looked at again later (its cursor has not moved,
                # so the catch-up window decides what is still created then).
                log.exception("schedule %s/%s: creating its run failed", s.tenant, s.id)
                return s.evolve(wake_time=now + self._config.poll_s)

    async def _fire(self, s: Schedule, decision: Plan, now: float) -> Schedule:
        if decision.cancel_previous:
            await self._runs.cancel(s.last_job_id, s.tenant, s.id)
        last: Job | None = None
        last_time = s.last_run_time
        for nominal in decision.fire:  # in order: the last one is the latest run
            last = await self._runs.create(s, nominal)
            last_time = nominal
            if self.record_lags:
                self.lags.append(last.create_time - nominal)
        return s.evolve(
            next_time=decision.next_time,
            wake_time=decision.wake_time(now),
            buffered_time=decision.buffered_time,
            last_run_time=last_time,
            last_job_id=last.id if last is not None else s.last_job_id,
            run_count=s.run_count + len(decision.fire),
            missed_count=s.missed_count + decision.missed,
            overlap_skip_count=s.overlap_skip_count + decision.overlap_skipped,
        )

"""The built-in worker: runs in-process handlers (the registry) in this server.

One :class:`.Runner` per attempt; the dispatcher decides what it runs, the runner
how, and the :class:`.Commits` owner writes each outcome together with the claim of
the next job for the freed slot.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from typing import Protocol

from jobplane.server.domain import lifecycle
from jobplane.server.domain.model import Change, Job, JsonDict
from jobplane.server.domain.outcomes import StopReason
from jobplane.server.events.broker import Broker
from jobplane.server.runtime.progress import ProgressWriter
from jobplane.server.runtime.registry import Registry
from jobplane.server.runtime.runner import Runner
from jobplane.server.runtime.workers import Ended, Seat, Worker
from jobplane.server.store.base import Store


class Finisher(Protocol):
    """The owner of outcome writes (:class:`jobplane.server.runtime.commits.Commits`)."""

    async def finish(self, worker: Worker, job: Job, rule: lifecycle.Rule) -> Change | None: ...


class LocalWorker(Seat):
    """A :class:`.Worker` running the registry's handlers on this event loop."""

    strict = False

    def __init__(
        self,
        registry: Registry,
        store: Store,
        broker: Broker,
        *,
        commits: Finisher,
        dispatcher: Ended,
        lease_owner: str,
        capacity: int,
        cancel_grace_s: float,
        remote_types: Callable[[], frozenset[str]] = frozenset,
    ) -> None:
        """``remote_types``: the types only remote workers run, which this worker's
        claims must leave alone."""
        super().__init__(lease_owner, capacity)
        self._registry = registry
        self._store = store
        self._broker = broker
        self._commits = commits
        self._dispatcher = dispatcher
        self._grace_s = cancel_grace_s
        self._runners: dict[str, Runner] = {}
        self._remote_types = remote_types

    # -- Worker ----------------------------------------------------------------

    @property
    def types(self) -> frozenset[str] | None:
        # While no type is left to remote workers, claims read every ready job (the
        # unfiltered query of the hot path); then only the registry's types.
        if not self._remote_types():
            return None
        return frozenset(self._registry.names())

    @property
    def tenant(self) -> str | None:
        return None

    def serves(self, job_type: str) -> bool:
        return self._registry.get(job_type) is not None

    def take(self, job: Job) -> None:
        runner = Runner(job, self._registry.get(job.type), self)
        self._runners[job.id] = runner
        self._slots.running += 1
        runner.start()

    def stop(self, job_id: str, reason: StopReason, *, force: bool = False) -> bool:
        runner = self._runners.get(job_id)
        if runner is None:
            return False
        runner.stop(reason, force=force)
        return True

    def holding(self, job_id: str) -> Job | None:
        runner = self._runners.get(job_id)
        if runner is None or runner.stopping:
            return None
        return runner.job

    def attempts(self) -> Sequence[Job]:
        return [r.job for r in self._runners.values()]

    def silent(self) -> Sequence[Job]:
        mono = time.monotonic()
        out: list[Job] = []
        for runner in self._runners.values():
            limit = runner.job.heartbeat_timeout_s
            if limit is None or runner.stopping or mono - runner.ctx.last_heartbeat <= limit:
                continue
            runner.mark_stalled()
            out.append(runner.job)
        return out

    def leases_to_renew(self) -> Sequence[tuple[str, int]]:
        return [(job_id, r.job.attempt) for job_id, r in self._runners.items()]

    async def drain(self, grace_s: float) -> None:
        """Let handlers finish for ``grace_s``; stop the rest (their attempts go back
        to the queue) and wait a little for them to say so."""
        await self._wait(grace_s)
        for runner in list(self._runners.values()):
            runner.stop(StopReason.SHUTDOWN, force=True)
        await self._wait(max(1.0, self._grace_s))

    async def _wait(self, timeout_s: float) -> None:
        tasks = [r.task for r in self._runners.values() if r.task is not None]
        if tasks:
            await asyncio.wait(tasks, timeout=timeout_s)

    # -- AttemptHost -------------------------------------------------------------

    @property
    def cancel_grace_s(self) -> float:
        return self._grace_s

    def progress_writer(self, job: Job) -> ProgressWriter:
        return ProgressWriter(self._store, self._broker, job)

    async def checkpoint(self, job: Job, data: JsonDict) -> None:
        await self._store.checkpoint(job.id, job.attempt, data)

    async def finish(self, job: Job, rule: lifecycle.Rule) -> None:
        await self._commits.finish(self, job, rule)

    def ended(self, runner: Runner) -> None:
        if self._runners.get(runner.job.id) is runner:
            del self._runners[runner.job.id]
        self._slots.running -= 1
        self._dispatcher.ended(self, runner.job)

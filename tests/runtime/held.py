"""A worker for runtime tests that runs nothing by itself: it holds each attempt it is
handed until the test ends it, through the same commit owner as the local worker —
the shape of a remote worker session."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from jobplane.server.domain import lifecycle
from jobplane.server.domain.model import Change, Job
from jobplane.server.domain.outcomes import Outcome, StopReason
from jobplane.server.runtime.slots import Slots

if TYPE_CHECKING:
    from .conftest import Parts


class HeldWorker:
    strict = True

    def __init__(
        self, parts: Parts, owner: str, capacity: int, types: frozenset[str] | None
    ) -> None:
        self._parts = parts
        self._owner = owner
        self._slots = Slots(capacity)
        self._types = types
        self.held: dict[str, Job] = {}
        #: Every attempt handed over, in order.
        self.taken: list[Job] = []
        #: job id -> the stop reasons it was told, in order.
        self.stops: dict[str, list[StopReason]] = {}
        self._arrived = asyncio.Event()

    @property
    def lease_owner(self) -> str:
        return self._owner

    @property
    def slots(self) -> Slots:
        return self._slots

    @property
    def types(self) -> frozenset[str] | None:
        return self._types

    @property
    def tenant(self) -> str | None:
        return None

    def serves(self, job_type: str) -> bool:
        return self._types is None or job_type in self._types

    def take(self, job: Job) -> None:
        assert job.lease_owner == self._owner, "a worker is handed only its own leases"
        self.held[job.id] = job
        self.taken.append(job)
        self._slots.running += 1
        self._arrived.set()

    def stop(self, job_id: str, reason: StopReason, *, force: bool = False) -> bool:
        if job_id not in self.held:
            return False
        self.stops.setdefault(job_id, []).append(reason)
        return True

    def holding(self, job_id: str) -> Job | None:
        return None if job_id in self.stops else self.held.get(job_id)

    def attempts(self) -> Sequence[Job]:
        return list(self.held.values())

    def silent(self) -> Sequence[Job]:
        return []

    def leases_to_renew(self) -> Sequence[tuple[str, int]]:
        return [(j.id, j.attempt) for j in self.held.values()]

    async def drain(self, grace_s: float) -> None:
        return None

    # -- driving it from a test ----------------------------------------------------

    async def wait_taken(self, n: int, timeout_s: float = 5.0) -> list[Job]:
        """Wait until ``n`` attempts were handed over in all."""
        deadline = time.monotonic() + timeout_s
        while len(self.taken) < n:
            left = deadline - time.monotonic()
            assert left > 0, f"{self._owner} was handed {len(self.taken)} of {n} attempts"
            self._arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), left)
        return self.taken[:n]

    async def end(
        self, job_id: str, outcome: Outcome, stop: StopReason | None = None
    ) -> Change | None:
        """End the attempt held for ``job_id`` as the local runner does."""
        job = self.held[job_id]
        rule = lifecycle.outcome(job, time.time(), stop, outcome, self._owner, 0.5)
        change = None
        try:
            if rule is not None:
                fenced = lifecycle.fenced(job.attempt, self._owner, rule)
                change = await self._parts.commits.finish(self, job, fenced)
        finally:
            del self.held[job_id]
            self._slots.running -= 1
            self._parts.dispatcher.ended(self, job)
        return change

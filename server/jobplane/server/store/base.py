"""The store interface: the durable truth about jobs. Two implementations:
SQLite (embedded default) and PostgreSQL (several replicas).

Writes take a pure rule (``Job -> Change``) and run it inside the store's own
transaction, so concurrent writers are serialised by the database and exactly
one of two racing changes wins. A write is durable before its future resolves;
callers publish events only after that.
"""

from __future__ import annotations

import asyncio
import builtins
import dataclasses
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from jobplane.server.domain import lifecycle
from jobplane.server.domain.filters import Node
from jobplane.server.domain.model import Change, Event, Job, JsonDict, Progress

#: A pure rule; a Change with no events means "nothing to write".
Rule = Callable[[Job], Change]


@dataclasses.dataclass(frozen=True, slots=True)
class Page:
    """A page request: newest first, strictly after ``after`` = (create_time, id)."""

    tenant: str | None
    filter: Node | None
    limit: int
    after: tuple[float, str] | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Claim:
    """What the executor can take: total slots and per-type remaining capacity."""

    limit: int
    now: float
    worker: str
    lease_s: float
    #: type -> slots still free for that type (types absent are unlimited).
    type_room: dict[str, int] = dataclasses.field(default_factory=dict)

    @property
    def fetch_limit(self) -> int:
        """Ready rows to read: some more than ``limit`` when a full pool may skip some."""
        return self.limit + 64 if self.type_room else self.limit

    def take(self, ready: Iterable[Job]) -> builtins.list[Change]:
        """Start jobs from ``ready`` (in claim order) up to ``limit``, skipping a type
        whose pool is full."""
        room = dict(self.type_room)
        out: builtins.list[Change] = []
        for job in ready:
            if len(out) >= self.limit:
                break
            left = room.get(job.type)
            if left is not None:
                if left <= 0:
                    continue
                room[job.type] = left - 1
            out.append(lifecycle.start(job, self.now, self.worker, self.lease_s))
        return out


class Store(Protocol):
    async def open(self) -> None: ...
    async def close(self) -> None: ...

    async def insert(self, job: Job) -> tuple[Job, bool]:
        """Insert ``job``, or return the job already holding its (tenant, request_id)
        and False. The caller compares request hashes."""
        ...

    def submit(
        self, job: Job, claim: Claim
    ) -> asyncio.Future[tuple[Job, bool, builtins.list[Change]]]:
        """:meth:`insert`, then :meth:`claim` (``claim.limit`` 1), as one write: what the
        claim would start, which may be ``job`` itself (then written once, already
        RUNNING, with its QUEUED and RUNNING events). Returns (stored job, created,
        started). The returned future is the write's own: it resolves once committed and
        is not cancelled when a coroutine awaiting something else is."""
        ...

    async def get(self, job_id: str) -> Job | None: ...
    async def list(self, page: Page) -> builtins.list[Job]: ...

    async def update(self, job_id: str, rule: Rule) -> Change | None:
        """Apply ``rule`` to the current row atomically; None if the job is gone.
        Domain errors raised by the rule propagate and nothing is written."""
        ...

    def update_and_claim(
        self, job_id: str, rule: Rule, claim: Claim
    ) -> asyncio.Future[tuple[Change | None, builtins.list[Change]]]:
        """:meth:`update`, then :meth:`claim`, as one write (a finished job's slot is
        taken by the next one in the same commit). Like :meth:`submit`, the future is
        the write's own."""
        ...

    async def claim(self, claim: Claim) -> builtins.list[Change]:
        """Start up to ``claim.limit`` ready jobs, highest priority first, then FIFO."""
        ...

    async def progress(self, job_id: str, attempt: int, progress: Progress) -> Event | None:
        """Record progress of a running attempt (fenced by ``attempt``); None if fenced out."""
        ...

    async def checkpoint(self, job_id: str, attempt: int, data: JsonDict) -> bool:
        """Save a running attempt's checkpoint (fenced by ``attempt``)."""
        ...

    async def due(self, now: float) -> builtins.list[Change]:
        """Requeue RETRYING jobs whose backoff passed; expire jobs past their TTL."""
        ...

    async def rescue(self, now: float, owner: str | None, rule: Rule) -> builtins.list[Change]:
        """Apply ``rule`` to RUNNING/STALLED jobs whose lease is ``owner``'s (None: all)
        or has expired."""
        ...

    async def renew(self, job_ids: Sequence[tuple[str, int]], owner: str, until: float) -> None: ...

    async def events_after(self, job_id: str, sequence: int) -> builtins.list[Event] | None:
        """Durable status events after ``sequence``; None if some were pruned."""
        ...

    async def next_due_time(self) -> float | None: ...
    async def evict(
        self, now: float, retention_s: float | None, max_terminal: int | None
    ) -> int: ...
    async def age(self, now: float, aging_s: float) -> None: ...
    async def count(self) -> int: ...

    async def count_queued(self, tenant: str) -> int:
        """The tenant's jobs waiting to run (QUEUED, PAUSED, RETRYING): an indexed count."""
        ...

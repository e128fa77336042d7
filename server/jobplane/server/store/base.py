"""The store interface: the durable truth about jobs. Two implementations:
SQLite (embedded default, :mod:`.sqlite`) and PostgreSQL (several replicas,
:mod:`.postgres`); one conformance suite (``tests/store``) runs on both.

Writes take a pure rule (``Job -> Change``) and run it inside the store's own
transaction, so concurrent writers are serialised by the database and exactly
one of two racing changes wins. A write is durable before its future resolves;
callers publish events only after that.

**Reads are coroutines; writes return futures.** Every write is queued to the
store's group commit (one writer batches whatever is queued into one transaction),
and what a write returns is the very future that writer settles once the batch
committed (:mod:`.futures`). Returning it, rather than a coroutine awaiting it:

* lets a caller attach a callback that runs whether or not the coroutine awaiting
  it is still there: :meth:`Store.submit` and :meth:`Store.update_and_claim` start
  jobs in the same commit, and those must run even if the submitting call was
  cancelled meanwhile;
* queues the write when it is called, not when it is first awaited;
* costs no coroutine frame (nor, on PostgreSQL, a Task) on the hot path.

``await store.update(...)`` reads the same either way. Cancelling the awaiting
coroutine cancels the future: the write may still commit, its outcome unseen.
Reads stay coroutines: SQLite answers a primary-key read on the loop's own thread,
PostgreSQL reads straight from its pool, neither through a future of their own.
"""

from __future__ import annotations

import asyncio
import dataclasses
import enum
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from jobplane.server.domain import lifecycle
from jobplane.server.domain.filters import Node
from jobplane.server.domain.model import Change, Event, Job, JobStatus, JsonDict, Progress

#: A pure rule; a Change with no events means "nothing to write".
Rule = Callable[[Job], Change]
#: Called by :meth:`Store.submit_many` with (index, new job, the job already holding
#: its request id); raising aborts the whole write.
Existing = Callable[[int, Job, Job], None]
#: Terminal jobs deleted by one eviction at most, so it never holds the writer long.
EVICT_BATCH = 10000


class Durability(enum.StrEnum):
    """What an acknowledged write survives (``--durability``)."""

    #: A crash of the server process (SQLite: WAL, ``synchronous=NORMAL``).
    PROCESS = "process"
    #: Power loss too (SQLite: ``synchronous=FULL``, an fsync per group commit).
    #: PostgreSQL meets both with ``synchronous_commit=on``.
    POWER = "power"


@dataclasses.dataclass(frozen=True, slots=True)
class Page:
    """A page request: newest first, strictly after ``after`` = (create_time, id)."""

    tenant: str | None
    filter: Node | None
    limit: int
    after: tuple[float, str] | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Claim:
    """What a worker can take: its free slots, each pool's room, and (for a worker
    that runs some types only, or one tenant's jobs only) which jobs at all."""

    limit: int
    now: float
    worker: str
    lease_s: float
    #: type -> slots still free for that type (types absent are unlimited).
    type_room: dict[str, int] = dataclasses.field(default_factory=dict)
    #: Only jobs of these types (None: any type).
    types: frozenset[str] | None = None
    #: Only this tenant's jobs (None: every tenant's).
    tenant: str | None = None

    @property
    def filtered(self) -> bool:
        """Whether the ready jobs are read through the type / tenant filter."""
        return self.types is not None or self.tenant is not None

    def filter_args(self) -> tuple[str | None, str | None]:
        """(types as a JSON array, tenant) for the ``*_for`` queries; None: no filter."""
        types = None if self.types is None else json.dumps(sorted(self.types))
        return types, self.tenant

    @property
    def fetch_limit(self) -> int:
        """Ready rows to read: some more than ``limit`` when a full pool may skip some."""
        return self.limit + 64 if self.type_room else self.limit

    def take(self, ready: Iterable[Job]) -> list[Change]:
        """Start jobs from ``ready`` (in claim order) up to ``limit``, skipping a type
        whose pool is full."""
        room = dict(self.type_room)
        out: list[Change] = []
        for job in ready:
            if len(out) >= self.limit:
                break
            if (self.types is not None and job.type not in self.types) or (
                self.tenant is not None and job.tenant != self.tenant
            ):
                continue
            left = room.get(job.type)
            if left is not None:
                if left <= 0:
                    continue
                room[job.type] = left - 1
            out.append(lifecycle.start(job, self.now, self.worker, self.lease_s))
        return out


class Store(Protocol):
    """The durable truth about jobs. Claim order everywhere: effective priority
    (raised by aging), then FIFO (:data:`.queries.CLAIM_ORDER`)."""

    @property
    def shared(self) -> bool:
        """Several server replicas may share this store (leases and fencing guard each
        attempt; commits are announced to the others). False: this process is alone."""
        ...

    async def open(self) -> None: ...

    def observe_commits(self, fn: Callable[[float], None]) -> None:
        """Call ``fn`` with the seconds each group commit's transaction took."""
        ...

    async def close(self) -> None: ...

    # -- reads: coroutines ----------------------------------------------------

    async def get(self, job_id: str, tenant: str | None = None) -> Job | None:
        """The job ``job_id`` if it is in ``tenant`` (None: any). A job of another
        tenant is None, found as a missing id is: the tenant is part of the lookup, so
        the row is never read out or decoded (no existence oracle)."""
        ...

    async def list_jobs(self, page: Page) -> list[Job]: ...

    async def events_after(self, job_id: str, sequence: int) -> list[Event] | None:
        """Durable status events after ``sequence``; None if some were pruned."""
        ...

    async def next_due_time(self) -> float | None:
        """When a retry, a scheduled start or a TTL is next due; None if none is."""
        ...

    async def count(self) -> int:
        """Jobs stored (live and terminal)."""
        ...

    async def watch_log_after(self, position: int, limit: int) -> list[tuple[int, Event]]:
        """The WatchJobs log after ``position``: up to ``limit`` (position, status
        event carrying the job after its change), in position order — commit order,
        one order for every replica sharing the store."""
        ...

    async def watch_log_bounds(self) -> tuple[int, int]:
        """(floor, head): the last position pruned (a cursor below it is expired) and
        the last position written (``head >= floor``)."""
        ...

    def prune_watch_log(self, before: float) -> asyncio.Future[int]:
        """Delete the log's head up to the last row committed before ``before``
        (epoch seconds), at most :data:`~.queries.PRUNE_BATCH` rows, and raise the
        floor to it; the rows deleted."""
        ...

    async def count_live(self) -> dict[tuple[str, JobStatus], int]:
        """Jobs not yet terminal, by (type, status) (the ``jobplane_jobs`` gauges)."""
        ...

    async def count_queued(self, tenant: str) -> int:
        """The tenant's jobs waiting to run (QUEUED, PAUSED, RETRYING): an indexed count."""
        ...

    async def known_types(self) -> list[str]:
        """The job types remote workers asked for (see :meth:`remember_types`)."""
        ...

    # -- writes: futures of the group commit ---------------------------------

    def remember_types(self, names: Sequence[str], now: float) -> asyncio.Future[None]:
        """Remember job types a worker polled or listened for, for good."""
        ...

    def submit(
        self, job: Job, claim: Claim | None = None
    ) -> asyncio.Future[tuple[Job, bool, list[Change]]]:
        """Insert ``job`` (or find the job already holding its (tenant, request_id):
        created is then False and the caller compares request hashes), then, with a
        ``claim``, claim as :meth:`claim` does, in the same write. What the claim
        starts may be ``job`` itself (then written once, already RUNNING, with its
        QUEUED and RUNNING events). Returns (stored job, created, started)."""
        ...

    def submit_many(
        self, jobs: Sequence[Job], existing: Existing | None = None
    ) -> asyncio.Future[list[tuple[Job, bool]]]:
        """Insert every job of ``jobs`` in one write, all or nothing: (stored job,
        created) per job, in order. A job whose (tenant, request_id) is already held
        (by an older job, or an earlier one of ``jobs``) is not inserted: the holder is
        returned, after ``existing`` saw it; an exception from ``existing`` writes
        nothing and propagates. Nothing is claimed (the caller wakes the dispatcher)."""
        ...

    def delete_terminal(self, job_ids: Sequence[str]) -> asyncio.Future[list[Job]]:
        """Delete those of ``job_ids`` that are terminal, with their events, in one
        write; live or missing ones are left alone. Returns the deleted jobs as they were."""
        ...

    def update(self, job_id: str, rule: Rule) -> asyncio.Future[Change | None]:
        """Apply ``rule`` to the current row atomically; None if the job is gone.
        Domain errors raised by the rule propagate and nothing is written."""
        ...

    def update_and_claim(
        self, job_id: str, rule: Rule, claim: Claim
    ) -> asyncio.Future[tuple[Change | None, list[Change]]]:
        """:meth:`update`, then :meth:`claim`, as one write (a finished job's slot is
        taken by the next one in the same commit)."""
        ...

    def claim(self, claim: Claim) -> asyncio.Future[list[Change]]:
        """Start up to ``claim.limit`` ready jobs in claim order."""
        ...

    def progress(
        self, job_id: str, attempt: int, progress: Progress
    ) -> asyncio.Future[Event | None]:
        """Record progress of a running attempt (fenced by ``attempt``); None if fenced out."""
        ...

    def checkpoint(self, job_id: str, attempt: int, data: JsonDict) -> asyncio.Future[bool]:
        """Save a running attempt's checkpoint (fenced by ``attempt``)."""
        ...

    def renew(
        self, job_ids: Sequence[tuple[str, int]], owner: str, until: float
    ) -> asyncio.Future[None]:
        """Extend the leases ``owner`` holds on these (job id, attempt) to ``until``."""
        ...

    # -- writes of the maintenance duties -------------------------------------

    def due(self, now: float) -> asyncio.Future[list[Change]]:
        """Requeue RETRYING jobs whose backoff passed; expire jobs past their TTL."""
        ...

    def rescue(self, now: float, owner: str | None, rule: Rule) -> asyncio.Future[list[Change]]:
        """Apply ``rule`` to RUNNING/STALLED jobs whose lease is ``owner``'s (None: all)
        or has expired."""
        ...

    def evict(
        self, now: float, retention_s: float | None, max_terminal: int | None
    ) -> asyncio.Future[int]:
        """Delete terminal jobs ended over ``retention_s`` ago, then the oldest ended
        past ``max_terminal`` (at most :data:`EVICT_BATCH` each); never a live job."""
        ...

    def age(self, now: float, aging_s: float) -> asyncio.Future[None]:
        """Raise queued jobs' effective priority by one per ``aging_s`` waited."""
        ...

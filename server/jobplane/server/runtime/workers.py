"""The seam between the dispatcher and whoever runs an attempt: a :class:`Worker`.

The dispatcher claims jobs for a worker (in the worker's name: the claim writes the
worker's ``lease_owner`` on the row, with a lease) and hands it each attempt it
started. The built-in :class:`~jobplane.server.runtime.local.LocalWorker` runs
in-process handlers; a remote worker session runs them in another process. Every
rule is the dispatcher's and the store's, so it holds the same for both:

* priority and FIFO order, and per-type pools: the claim;
* fencing: every write about an attempt is applied only while the row still holds
  that attempt, RUNNING, leased to the worker's ``lease_owner``;
* rescue: a worker that stops renewing its leases loses them, and its attempts go
  STALLED → RETRYING | FAILED like those of a crashed server;
* retry, timeout and cancel: the worker reports an :class:`Outcome` and the stop
  reason the server gave; :func:`lifecycle.outcome` decides what is written.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Protocol

from jobplane.server.domain.model import Job
from jobplane.server.domain.outcomes import StopReason
from jobplane.server.runtime.slots import Slots
from jobplane.server.store.base import Claim


class Worker(Protocol):
    """Runs the attempts the dispatcher hands it, at most ``slots.capacity`` at once
    (a worker of capacity 0 is never claimed for: it only holds attempts handed over
    another way, e.g. those taken by PollTask)."""

    #: Written on every attempt it holds: the fencing identity of its writes.
    @property
    def lease_owner(self) -> str: ...

    @property
    def slots(self) -> Slots: ...

    #: Whether ``slots.capacity`` is a promise to another process (a remote worker:
    #: never exceeded) or this server's own concurrency setting (the local worker:
    #: a submit's claim racing the claim loop's may run one attempt more, briefly,
    #: rather than make the submit wait for the loop).
    strict: bool

    @property
    def types(self) -> frozenset[str] | None:
        """The job types its claims take (None: any)."""
        ...

    @property
    def tenant(self) -> str | None:
        """The one tenant whose jobs its claims take (None: every tenant's)."""
        ...

    def serves(self, job_type: str) -> bool:
        """Whether it runs jobs of ``job_type``."""
        ...

    def take(self, job: Job) -> None:
        """Run ``job``: a claimed attempt, RUNNING and leased to :attr:`lease_owner`.
        The worker counts it in ``slots.running`` until it tells the dispatcher it ended."""
        ...

    def stop(self, job_id: str, reason: StopReason, *, force: bool = False) -> bool:
        """Tell the attempt of ``job_id`` to stop (cooperatively, then hard after the
        grace period; at once with ``force``). False if it does not hold it."""
        ...

    def holding(self, job_id: str) -> Job | None:
        """The attempt of ``job_id`` it runs and was not told to stop, if any."""
        ...

    def attempts(self) -> Sequence[Job]:
        """Every attempt it holds."""
        ...

    def silent(self) -> Sequence[Job]:
        """Attempts past their heartbeat timeout, now marked stopping (STALLED)."""
        ...

    def leases_to_renew(self) -> Sequence[tuple[str, int]]:
        """(job id, attempt) whose leases the server renews for it. A remote worker
        renews its own (by reporting progress), so a vanished one loses them."""
        ...

    async def drain(self, grace_s: float) -> None:
        """Let its attempts finish for ``grace_s``, then hand the rest back."""
        ...


class Seat:
    """What every worker keeps the same way: its lease owner and its slots."""

    strict = True

    def __init__(self, lease_owner: str, capacity: int) -> None:
        self._owner = lease_owner
        self._slots = Slots(capacity)

    @property
    def lease_owner(self) -> str:
        return self._owner

    @property
    def slots(self) -> Slots:
        return self._slots


class Ended(Protocol):
    """What a worker tells when an attempt left it (its slot is free again)."""

    def ended(self, worker: Worker, job: Job) -> None: ...


@dataclasses.dataclass(slots=True)
class Reservation:
    """A claim in flight for one slot of ``worker``: a new one (``held``: promised in
    ``worker.slots`` until settled) or the slot of an attempt that is finishing."""

    worker: Worker
    claim: Claim
    held: bool

"""Slot accounting: how many attempts a worker may still take, and each pool's room.

A worker has a fixed number of slots. A slot is taken by an attempt it runs, or
promised to a claim in flight (a submit that claims with its insert), so two claims
never both count on the same free slot. Pools (``--pool TYPE=N``) cap the attempts of
one type across every worker of this server; a claim in flight may start a job of any
pooled type, so each one counts against every pool until it is settled.
"""

from __future__ import annotations

from collections.abc import Mapping


class Slots:
    """One worker's capacity."""

    __slots__ = ("capacity", "reserved", "running")

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        #: Attempts the worker runs now.
        self.running = 0
        #: Slots promised to claims in flight (see :meth:`reserve`).
        self.reserved = 0

    def free(self) -> int:
        return self.capacity - self.running - self.reserved

    def reserve(self) -> bool:
        """Promise one free slot to a claim in flight; False when none is free."""
        if self.free() <= 0:
            return False
        self.reserved += 1
        return True

    def unreserve(self) -> None:
        self.reserved -= 1


class Pools:
    """Per-type limits shared by every worker of this server."""

    __slots__ = ("busy", "claiming", "limits")

    def __init__(self, limits: Mapping[str, int]) -> None:
        self.limits = dict(limits)
        #: type -> attempts running now (kept for every type, pooled or not).
        self.busy: dict[str, int] = {}
        #: Claims in flight: each may start a job of any type.
        self.claiming = 0

    def room(self, freed: str = "") -> dict[str, int]:
        """type -> attempts a claim may still start (``freed``: the type of a finishing
        attempt whose slot the claim takes). Empty when no type is pooled."""
        if not self.limits:
            return {}
        busy, claiming = self.busy, self.claiming
        return {t: n - busy.get(t, 0) - claiming + (t == freed) for t, n in self.limits.items()}

    def started(self, job_type: str) -> None:
        self.busy[job_type] = self.busy.get(job_type, 0) + 1

    def ended(self, job_type: str) -> None:
        self.busy[job_type] -= 1

"""Rescue: attempts whose lease expired (their worker or replica is gone) go STALLED →
RETRYING | FAILED; on start, the attempts a dead process left RUNNING do too."""

from __future__ import annotations

import logging
import random
import time

from jobplane.server.domain import lifecycle
from jobplane.server.domain.model import Change, Job
from jobplane.server.events.broker import Broker
from jobplane.server.runtime.maintenance.periodic import Periodic
from jobplane.server.runtime.remote import is_remote
from jobplane.server.store.base import Store

log = logging.getLogger("jobplane.rescue")


async def rescue_orphans(store: Store, broker: Broker, owner: str | None) -> list[Change]:
    """At start: rescue the attempts leased to ``owner`` (this server's previous life;
    None: every running attempt, when no other process shares the store)."""
    now = time.time()
    rescue = lifecycle.rescue(
        now, "JOB_INTERRUPTED", "the server running it stopped", random.random
    )

    def rule(job: Job) -> Change:
        # A remote worker's attempt outlives the server: it keeps its lease until the
        # lease expires (its worker completes it after the restart, or vanished).
        live = job.lease_expire_time is not None and job.lease_expire_time > now
        if live and is_remote(job.lease_owner):
            return lifecycle.unchanged(job)
        return rescue(job)

    rescued = [c for c in await store.rescue(now, owner, rule) if c.events]
    for change in rescued:
        broker.publish_change(change)
    if rescued:
        log.warning("rescued %d jobs left running by a dead process", len(rescued))
    return rescued


class Rescuer(Periodic):
    """Rescues expired leases, whoever held them."""

    name = "rescuer"

    async def run_once(self, now: float) -> None:
        rule = lifecycle.rescue(now, "JOB_STALLED", "lease expired", random.random)
        for change in await self.parts.store.rescue(now, "", rule):
            self.parts.broker.publish_change(change)
            job = change.job  # an attempt still running here is told it lost its lease
            self.parts.dispatcher.on_store_change(job.id, job.status, job.attempt)

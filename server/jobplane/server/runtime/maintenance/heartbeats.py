"""Heartbeats: an attempt silent past its job's ``heartbeat_timeout`` is STALLED and
rescued (RETRYING or FAILED), and its handler told to stop at once."""

from __future__ import annotations

import logging
import random

from jobplane.server.domain import lifecycle
from jobplane.server.domain.outcomes import StopReason
from jobplane.server.runtime.maintenance.periodic import Periodic

log = logging.getLogger("jobplane.heartbeats")


class Heartbeats(Periodic):
    name = "heartbeats"

    async def run_once(self, now: float) -> None:
        store, broker, dispatcher = self.parts.store, self.parts.broker, self.parts.dispatcher
        for worker in list(dispatcher.workers):
            for job in worker.silent():
                limit = job.heartbeat_timeout_s
                log.warning("job %s missed its heartbeat (%.1fs); stalled", job.id, limit)
                rule = lifecycle.rescue(
                    now, "JOB_STALLED", f"no heartbeat for {limit}s", random.random
                )
                change = await store.update(
                    job.id, lifecycle.fenced(job.attempt, job.lease_owner, rule)
                )
                if change is not None:
                    broker.publish_change(change)
                worker.stop(job.id, StopReason.STALLED, force=True)
                dispatcher.wake()

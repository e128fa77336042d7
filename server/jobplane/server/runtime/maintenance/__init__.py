"""Maintenance: one small periodic service per duty, each on its own interval.

=============  =========================================================  ============
service        duty                                                       interval
=============  =========================================================  ============
heartbeats     stall attempts silent past their heartbeat timeout          1 s
lease-renewal  extend the leases of attempts this server runs             lease / 3
rescuer        rescue expired leases (a shared store: other replicas')    1 s
retention      delete terminal jobs past their retention / count limit    5 s
aging          raise the effective priority of long-queued jobs           aging / 2
=============  =========================================================  ============

No duty runs more often than once a second.
"""

from __future__ import annotations

from jobplane.server.events.broker import Broker
from jobplane.server.runtime.dispatcher import Dispatcher
from jobplane.server.runtime.maintenance.aging import Aging
from jobplane.server.runtime.maintenance.heartbeats import Heartbeats
from jobplane.server.runtime.maintenance.leases import LeaseRenewal
from jobplane.server.runtime.maintenance.periodic import Parts, Periodic
from jobplane.server.runtime.maintenance.rescue import Rescuer, rescue_orphans
from jobplane.server.runtime.maintenance.retention import Retention
from jobplane.server.store.base import Store

__all__ = ["Maintenance", "Periodic", "rescue_orphans"]

#: The shortest interval of any duty.
MIN_INTERVAL_S = 1.0


class Maintenance:
    """The services of one server, started and stopped together."""

    def __init__(
        self,
        store: Store,
        broker: Broker,
        dispatcher: Dispatcher,
        *,
        lease_s: float,
        rescue_expired: bool,
        retention_s: float | None,
        max_terminal_jobs: int | None,
        priority_aging_s: float | None,
    ) -> None:
        parts = Parts(store, broker, dispatcher)
        every = MIN_INTERVAL_S
        self.services: list[Periodic] = [
            Heartbeats(parts, every),
            LeaseRenewal(parts, lease_s=lease_s, interval_s=max(every, lease_s / 3)),
        ]
        if rescue_expired:
            self.services.append(Rescuer(parts, every))
        if retention_s is not None or max_terminal_jobs is not None:
            self.services.append(
                Retention(
                    parts,
                    retention_s=retention_s,
                    max_terminal=max_terminal_jobs,
                    interval_s=5 * every,
                )
            )
        if priority_aging_s:
            interval = max(every, priority_aging_s / 2)
            self.services.append(Aging(parts, aging_s=priority_aging_s, interval_s=interval))

    def start(self) -> None:
        for service in self.services:
            service.start()

    async def stop(self) -> None:
        for service in self.services:
            await service.stop()

"""Lease renewal: the leases of attempts this server runs itself are extended well
before they expire, so no other replica rescues a live attempt. A remote worker's
leases are extended only by its own reports, so one that vanishes loses them."""

from __future__ import annotations

from jobplane.server.runtime.maintenance.periodic import Parts, Periodic


class LeaseRenewal(Periodic):
    name = "lease-renewal"

    def __init__(self, parts: Parts, *, lease_s: float, interval_s: float) -> None:
        super().__init__(parts, interval_s)
        self._lease_s = lease_s

    async def run_once(self, now: float) -> None:
        for worker in list(self.parts.dispatcher.workers):
            held = worker.leases_to_renew()
            if held:
                await self.parts.store.renew(held, worker.lease_owner, now + self._lease_s)

"""Priority aging: a queued job gains one priority point per ``aging_s`` of waiting,
so a steady stream of high-priority work never starves the rest."""

from __future__ import annotations

from jobplane.server.runtime.maintenance.periodic import Parts, Periodic


class Aging(Periodic):
    name = "aging"

    def __init__(self, parts: Parts, *, aging_s: float, interval_s: float) -> None:
        super().__init__(parts, interval_s)
        self._aging_s = aging_s

    async def run_once(self, now: float) -> None:
        await self.parts.store.age(now, self._aging_s)

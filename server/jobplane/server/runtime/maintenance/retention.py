"""Retention: terminal jobs older than ``retention_s`` are deleted, and beyond
``max_terminal`` the oldest terminal ones; never a live job."""

from __future__ import annotations

import logging

from jobplane.server.runtime.maintenance.periodic import Parts, Periodic

log = logging.getLogger("jobplane.retention")


class Retention(Periodic):
    name = "retention"

    def __init__(
        self,
        parts: Parts,
        *,
        retention_s: float | None,
        max_terminal: int | None,
        interval_s: float,
    ) -> None:
        super().__init__(parts, interval_s)
        self._retention_s = retention_s
        self._max_terminal = max_terminal

    async def run_once(self, now: float) -> None:
        removed = await self.parts.store.evict(now, self._retention_s, self._max_terminal)
        if removed:
            log.info("retention removed %d terminal jobs", removed)

"""The shape of every maintenance duty: one small service, run on its own interval."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import time

from jobplane.server.events.broker import Broker
from jobplane.server.runtime.dispatcher import Dispatcher
from jobplane.server.store.base import Store

log = logging.getLogger("jobplane.maintenance")


@dataclasses.dataclass(frozen=True, slots=True)
class Parts:
    """What the duties work on."""

    store: Store
    broker: Broker
    dispatcher: Dispatcher


class Periodic:
    """Runs :meth:`run_once` every ``interval_s`` until stopped; a failed run is
    logged and the next one happens on time."""

    name = "periodic"

    def __init__(self, parts: Parts, interval_s: float) -> None:
        self.parts = parts
        self.interval_s = interval_s
        self._task: asyncio.Task[None] | None = None

    async def run_once(self, now: float) -> None:
        raise NotImplementedError

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name=f"jobplane-{self.name}")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self.interval_s)
            try:
                await self.run_once(time.time())
            except Exception:
                log.exception("%s failed", self.name)

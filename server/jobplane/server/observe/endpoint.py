"""``/metrics``: on the HTTP listener, or on a listener of its own (``--metrics-listen``).

A scrape first reads what is read at scrape time — the store's live counts and the
broker's subscriber count — then renders the registry in the text format.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import cast

from aiohttp import web
from jobplane.server.events.broker import Broker
from jobplane.server.observe.metrics import Metrics
from jobplane.server.store.base import Store
from prometheus_client.exposition import CONTENT_TYPE_LATEST

log = logging.getLogger("jobplane.metrics")


class Exporter:
    """Serves one server's metrics."""

    def __init__(
        self,
        metrics: Metrics,
        store: Store,
        broker: Broker,
        *,
        followers: Callable[[], int],
        workers: Callable[[], int],
    ) -> None:
        self.metrics = metrics
        self._store = store
        self._broker = broker
        self._followers = followers
        self._workers = workers
        self._runner: web.AppRunner | None = None
        self.port = 0

    async def handle(self, request: web.Request) -> web.Response:
        try:
            self.metrics.set_live(await self._store.count_live())
        except Exception as exc:  # the store is down: export the rest, say so in the log
            log.warning("live job counts unavailable for /metrics: %s", exc)
        stats = self._broker.stats()
        self.metrics.watch_subscribers.set(
            stats["subscribers"] + stats["firehoses"] + self._followers()
        )
        self.metrics.workers_connected.set(self._workers())
        return web.Response(
            body=self.metrics.render(), headers={"Content-Type": CONTENT_TYPE_LATEST}
        )

    def add_route(self, app: web.Application) -> None:
        app.router.add_get("/metrics", self.handle)

    async def listen(self, host: str, port: int) -> int:
        """Serve ``/metrics`` alone on ``host:port``; the port bound."""
        app = web.Application()
        self.add_route(app)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port, reuse_address=True)
        await site.start()
        server = cast(asyncio.Server, site._server)
        self.port = server.sockets[0].getsockname()[1]
        return self.port

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

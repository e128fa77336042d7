"""The runtime of one server, assembled: dispatcher, commit owner, the built-in local
worker, remote workers' sessions and polls, and the maintenance services.

Whether other replicas share the store is the caller's decision (``replicated``):
it chooses which attempts a restart rescues (all of them, or only this server's)
and whether expired leases of others are rescued here.
"""

from __future__ import annotations

from jobplane.server.events.broker import Broker
from jobplane.server.runtime.commits import Commits
from jobplane.server.runtime.config import RuntimeConfig
from jobplane.server.runtime.dispatcher import Dispatcher
from jobplane.server.runtime.local import LocalWorker
from jobplane.server.runtime.maintenance import Maintenance, rescue_orphans
from jobplane.server.runtime.registry import Registry
from jobplane.server.runtime.remote_work import RemoteWork
from jobplane.server.runtime.types import KnownTypes
from jobplane.server.store.base import Store


class Runtime:
    """Runs jobs from the store; publishes every durable change to the broker."""

    def __init__(
        self,
        store: Store,
        broker: Broker,
        registry: Registry,
        config: RuntimeConfig,
        *,
        replicated: bool,
    ) -> None:
        self._store = store
        self._broker = broker
        self.replicated = replicated
        self.types = KnownTypes(registry, config.job_types, store)
        self.dispatcher = Dispatcher(store, broker, lease_s=config.lease_s, pools=config.pools)
        self.commits = Commits(store, broker, self.dispatcher)
        self.local = LocalWorker(
            registry,
            store,
            broker,
            commits=self.commits,
            dispatcher=self.dispatcher,
            lease_owner=config.worker_id or "jobplane",
            capacity=config.max_concurrency,
            cancel_grace_s=config.cancel_grace_s,
            remote_types=lambda: self.types.remote,
        )
        self.dispatcher.add(self.local)
        self.remote = RemoteWork(
            store,
            broker,
            self.dispatcher,
            self.commits,
            self.types,
            lease_s=config.lease_s,
            cancel_grace_s=config.cancel_grace_s,
        )
        self.maintenance = Maintenance(
            store,
            broker,
            self.dispatcher,
            lease_s=config.lease_s,
            # Expired leases are rescued even alone: a remote worker may vanish.
            rescue_expired=True,
            retention_s=config.retention_s,
            max_terminal_jobs=config.max_terminal_jobs,
            priority_aging_s=config.priority_aging_s,
        )

    async def start(self) -> None:
        """Rescue what a previous life of this server left running, then run."""
        await self.types.load()
        owner = self.local.lease_owner if self.replicated else None
        await rescue_orphans(self._store, self._broker, owner)
        self.dispatcher.start()
        self.maintenance.start()

    async def shutdown(self, grace_s: float) -> None:
        """Stop claiming and maintaining; let attempts finish for ``grace_s``, then
        hand the rest back to the queue."""
        await self.dispatcher.stop_claiming()
        await self.maintenance.stop()
        await self.dispatcher.drain(grace_s)

    def stats(self) -> dict[str, int]:
        return self.dispatcher.stats()

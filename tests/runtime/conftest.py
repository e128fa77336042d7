"""Runtime unit tests: the dispatcher, runner and commit owner on a real SQLite
``:memory:`` store and a real broker, without gRPC."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator

import pytest
from jobplane.server.events.broker import Broker
from jobplane.server.runtime.commits import Commits
from jobplane.server.runtime.dispatcher import Dispatcher
from jobplane.server.store import open_store
from jobplane.server.store.base import Store

from .held import HeldWorker
from .inproc import Local, seen


@pytest.fixture
async def store() -> AsyncIterator[Store]:
    s = open_store("sqlite:///:memory:")
    await s.open()
    try:
        yield s
    finally:
        await s.close()


@pytest.fixture
def broker() -> Broker:
    return Broker()


class Parts:
    """A dispatcher and its commit owner; the claim loop runs only once started."""

    def __init__(self, store: Store, broker: Broker, pools: dict[str, int]) -> None:
        self.store = store
        self.broker = broker
        self.dispatcher = Dispatcher(store, broker, lease_s=30.0, pools=tuple(pools.items()))
        self.commits = Commits(store, broker, self.dispatcher)

    def worker(
        self, owner: str = "w1", capacity: int = 2, types: frozenset[str] | None = None
    ) -> HeldWorker:
        w = HeldWorker(self, owner, capacity, types)
        self.dispatcher.add(w)
        return w


@pytest.fixture
async def make_parts(store: Store, broker: Broker) -> AsyncIterator[Callable[..., Parts]]:
    made: list[Parts] = []

    def make(**pools: int) -> Parts:
        parts = Parts(store, broker, pools)
        made.append(parts)
        return parts

    yield make
    for parts in made:
        await parts.dispatcher.stop_claiming()


@pytest.fixture
def parts(make_parts: Callable[..., Parts]) -> Iterator[Parts]:
    yield make_parts()


@pytest.fixture
async def local(store: Store, broker: Broker) -> AsyncIterator[Local]:
    seen.clear()
    local = Local(store, broker, grace_s=0.1)
    local.dispatcher.start()  # claims what no submit claimed (an unregistered type)
    yield local
    await local.dispatcher.stop_claiming()

"""In-process handlers and a local worker on a real store, for runtime tests."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterable

from jobplane.server.domain.model import Event, EventKind, Job, JobStatus
from jobplane.server.events.broker import Broker
from jobplane.server.runtime.commits import Commits
from jobplane.server.runtime.context import HandlerError, JobContext, NonRetryableError
from jobplane.server.runtime.dispatcher import Dispatcher
from jobplane.server.runtime.local import LocalWorker
from jobplane.server.runtime.registry import Registry
from jobplane.server.store.base import Store

#: Handlers tell the test what they saw.
seen: dict[str, object] = {}


async def ok(ctx: JobContext) -> dict[str, object]:
    for i in range(1, 501):  # a burst faster than the store commits
        ctx.report_progress(i, 500)
    return {"n": 500}


async def fails(ctx: JobContext) -> None:
    raise HandlerError("try again", reason="FLAKY", details={"k": 1})


async def fatal(ctx: JobContext) -> None:
    raise NonRetryableError("never", reason="NON_RETRYABLE_INPUT")


async def crashes(ctx: JobContext) -> None:
    raise KeyError("x")


async def bad_result(ctx: JobContext) -> list[int]:
    return [1]


async def cooperative(ctx: JobContext) -> dict[str, object]:
    seen["running"] = True
    while not ctx.cancelled:
        await asyncio.sleep(0.005)
    seen["reason"] = ctx.cancel_reason
    return {"stopped": True}


async def deaf(ctx: JobContext) -> None:
    seen["running"] = True
    try:
        await asyncio.sleep(60)
    except asyncio.CancelledError:
        seen["hard"] = True
        raise


def blocking(ctx: JobContext) -> dict[str, object]:
    return {"thread": threading.get_ident()}


HANDLERS: dict[str, Callable[..., object]] = {
    f.__name__: f for f in (ok, fails, fatal, crashes, bad_result, cooperative, deaf, blocking)
}


class Local:
    def __init__(self, store: Store, broker: Broker, grace_s: float) -> None:
        registry = Registry()
        for name, fn in HANDLERS.items():
            registry.register(name, fn)  # type: ignore[arg-type]
        self.store, self.broker = store, broker
        self.dispatcher = Dispatcher(store, broker, lease_s=30.0, pools=())
        self.commits = Commits(store, broker, self.dispatcher)
        self.worker = LocalWorker(
            registry,
            store,
            broker,
            commits=self.commits,
            dispatcher=self.dispatcher,
            lease_owner="local",
            capacity=2,
            cancel_grace_s=grace_s,
        )
        self.dispatcher.add(self.worker)

    async def run(self, job: Job, until: Iterable[JobStatus] = ()) -> list[Event]:
        """Submit ``job``; its events until a terminal one (or one in ``until``)."""
        stop = set(until)
        sub = self.broker.subscribe(job.id)
        try:
            await self.commits.submit(job)
            out: list[Event] = []
            while True:
                event = await asyncio.wait_for(sub.get(), 10)
                out.append(event)
                if event.kind is EventKind.STATUS and (event.terminal or event.status in stop):
                    return out
        finally:
            self.broker.unsubscribe(sub)

    async def idle(self) -> None:
        for _ in range(500):  # bounded: 5 s
            if self.worker.slots.running == 0:
                return
            await asyncio.sleep(0.01)
        raise AssertionError("the worker's slot was never freed")


async def until(check: Callable[[], bool], mark: str = "") -> None:
    """Wait (bounded: 5 s) until ``check()``; then set ``seen[mark]`` if given."""
    for _ in range(500):
        if check():
            if mark:
                seen[mark] = True
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition never held")

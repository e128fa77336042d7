"""Test handlers for lifecycle tests (loaded with handler_modules=("tests.lifecycle.handlers",))."""

from __future__ import annotations

import asyncio
import os

from jobplane.server import HandlerError, JobContext, JsonDict, NonRetryableError, Registry


async def silent(ctx: JobContext) -> JsonDict:
    """Heartbeats for `beats` seconds, then goes silent for `silent_s` (attempt 1 only)."""
    for _ in range(int(ctx.payload.get("beats", 1) * 10)):
        ctx.heartbeat()
        await asyncio.sleep(0.1)
    if ctx.attempt == 1:
        await asyncio.sleep(float(ctx.payload.get("silent_s", 30)))
    return {"attempt": ctx.attempt}


async def checkpointing(ctx: JobContext) -> JsonDict:
    """Counts to `n`, checkpointing each step; the first attempt dies half way."""
    start = (ctx.checkpoint_data or {}).get("i", 0)
    n = int(ctx.payload.get("n", 10))
    for i in range(int(start), n):
        await ctx.checkpoint({"i": i + 1})
        if ctx.attempt == 1 and i + 1 == n // 2:
            raise HandlerError("dies half way")
    return {"resumed_from": start, "attempt": ctx.attempt}


async def outcome(ctx: JobContext) -> JsonDict:
    """Does what the payload says: succeed, fail, fatal, or hang until cancelled."""
    what = ctx.payload.get("outcome", "succeed")
    await asyncio.sleep(float(ctx.payload.get("delay_s", 0.01)))
    if what == "fail":
        raise HandlerError("asked to fail")
    if what == "fatal":
        raise NonRetryableError("asked to fail for good")
    if what == "hang":
        while not ctx.cancelled:
            await asyncio.sleep(0.02)
        ctx.raise_if_cancelled()
    return {"ok": True}


def _append(path: str, line: str) -> None:
    with open(path, "a") as f:
        f.write(line + "\n")


async def observe_cancel(ctx: JobContext) -> JsonDict:
    """Appends "tick N" to payload["path"] every 20 ms. Checking ``ctx.cancelled`` (unless
    payload["ignore"]) it writes "saw-cancel" and stops; cancelled as a task it writes
    "task-cancelled". What the file holds is what the handler itself observed."""
    path = str(ctx.payload["path"])
    ignore = bool(ctx.payload.get("ignore", False))
    try:
        for i in range(10_000):
            if ctx.cancelled and not ignore:
                _append(path, "saw-cancel")
                ctx.raise_if_cancelled()
            _append(path, f"tick {i}")
            await asyncio.sleep(0.02)
    except asyncio.CancelledError:
        _append(path, "task-cancelled")
        raise
    return {"pid": os.getpid()}


def register(registry: Registry) -> None:
    registry.register("test.silent", silent)
    registry.register("test.checkpointing", checkpointing)
    registry.register("test.outcome", outcome)
    registry.register("test.observe_cancel", observe_cancel)

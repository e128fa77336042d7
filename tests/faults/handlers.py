"""Test-only handlers that misbehave on purpose. Child servers load them with
``--handlers tests.faults.handlers``; in-process servers with
``handler_modules=("tests.faults.handlers",)``.

Every handler that writes a file appends whole lines with one ``os.write`` on an
``O_APPEND`` descriptor, so a ``kill -9`` never leaves half a line.
"""

from __future__ import annotations

import asyncio
import os
import time
from typing import Any

from jobplane.server import HandlerError, JobContext, JsonDict, Registry


def append(path: str, line: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, (line + "\n").encode())
    finally:
        os.close(fd)


def _num(ctx: Any, key: str, default: float) -> float:
    value = ctx.payload.get(key, default)
    return float(value) if isinstance(value, int | float) else default


async def exit_now(ctx: JobContext) -> None:
    """Kill the whole process on every attempt (records the attempt first)."""
    path = ctx.payload.get("path")
    if isinstance(path, str):
        append(path, f"{ctx.job_id} {ctx.attempt} start")
    os._exit(17)


def exit_isolated(ctx: Any) -> None:
    """The same crash, run isolated: only the handler's child process dies."""
    path = ctx.payload.get("path")
    if isinstance(path, str):
        append(path, f"{ctx.job_id} {ctx.attempt} start")
    os._exit(17)


def block(ctx: Any) -> JsonDict:
    """Blocks for ``seconds`` (default an hour) and never looks at cancellation;
    appends a tick to ``path`` every 20 ms so a test can see whether it still runs."""
    path = ctx.payload.get("path")
    deadline = time.monotonic() + _num(ctx, "seconds", 3600.0)
    while time.monotonic() < deadline:
        if isinstance(path, str):
            append(path, f"{ctx.job_id} {ctx.attempt} tick")
        time.sleep(0.02)
    return {"blocked_s": _num(ctx, "seconds", 3600.0)}


async def record(ctx: JobContext) -> JsonDict:
    """Append ``start``, sleep ``seconds`` in ``steps`` with progress, append ``end``."""
    path = str(ctx.payload["path"])
    append(path, f"{ctx.job_id} {ctx.attempt} start")
    seconds = _num(ctx, "seconds", 0.0)
    steps = max(1, int(_num(ctx, "steps", 1)))
    for step in range(1, steps + 1):
        await asyncio.sleep(seconds / steps)
        ctx.report_progress(step, steps)
    append(path, f"{ctx.job_id} {ctx.attempt} end")
    return {"attempt": ctx.attempt}


async def ticker(ctx: JobContext) -> JsonDict:
    """Append a tick every ``interval`` s for ``seconds`` s; never checks cancellation
    (only a hard cancel of its task stops it). Returns the number of ticks."""
    path = str(ctx.payload["path"])
    interval = _num(ctx, "interval", 0.005)
    deadline = time.monotonic() + _num(ctx, "seconds", 0.1)
    ticks = 0
    while time.monotonic() < deadline:
        append(path, f"{ctx.job_id} tick {time.time():.4f}")
        ticks += 1
        await asyncio.sleep(interval)
    return {"ticks": ticks}


async def spam(ctx: JobContext) -> JsonDict:
    """Report progress ``count`` times, sleeping ``pause`` s (default 0) every ``batch``."""
    count = int(_num(ctx, "count", 100_000))
    batch = max(1, int(_num(ctx, "batch", 500)))
    pause = _num(ctx, "pause", 0.0)
    start = time.perf_counter()
    for i in range(1, count + 1):
        ctx.report_progress(i, count, "spam")
        if i % batch == 0:
            await asyncio.sleep(pause)
    return {"count": count, "handler_s": time.perf_counter() - start}


def steps(ctx: Any) -> JsonDict:
    """Five steps with progress and a checkpoint each; attempt 1 fails after step 3,
    the retry resumes from the checkpoint. Registered isolated (runs in a child)."""
    start = int((ctx.checkpoint_data or {}).get("step", 0))
    for step in range(start + 1, 6):
        ctx.report_progress(step, 5, f"step {step}")
        ctx.checkpoint({"step": step})
        if step == 3 and ctx.attempt == 1:
            raise HandlerError("planned failure after step 3", reason="PLANNED")
        time.sleep(0.05)
    return {"resumed_from": start, "attempt": ctx.attempt}


def register(registry: Registry) -> None:
    registry.register("faults.exit", exit_now)
    registry.register("faults.exit_isolated", exit_isolated, isolated=True)
    registry.register("faults.block", block)
    registry.register("faults.block_isolated", block, isolated=True)
    registry.register("faults.record", record)
    registry.register("faults.ticker", ticker)
    registry.register("faults.spam", spam)
    registry.register("faults.steps_isolated", steps, isolated=True)

"""Demo handlers shipped with the server, so a bare server is useful to try out.

* ``demo.sleep`` {seconds, steps}: sleeps, reporting progress each step.
* ``demo.echo``: returns its payload.
* ``demo.fail`` {times, message}: fails that many attempts, then succeeds.
* ``demo.cpu`` {seconds}: blocking CPU work, in a thread off the event loop.
"""

from __future__ import annotations

import asyncio
import time

from jobplane.server.domain.errors import HandlerError, NonRetryableError
from jobplane.server.domain.model import JsonDict
from jobplane.server.runtime.context import JobContext
from jobplane.server.runtime.registry import Registry


def _number(ctx: JobContext, key: str, default: float, lo: float, hi: float) -> float:
    value = ctx.payload.get(key, default)
    if not isinstance(value, int | float) or isinstance(value, bool) or not lo <= value <= hi:
        raise NonRetryableError(
            f"payload.{key} must be a number in [{lo}, {hi}], got {value!r}", reason="BAD_PAYLOAD"
        )
    return float(value)


async def sleep(ctx: JobContext) -> JsonDict:
    seconds = _number(ctx, "seconds", 1.0, 0.0, 86400.0)
    steps = int(_number(ctx, "steps", 10, 1, 100_000))
    start = int((ctx.checkpoint_data or {}).get("step", 0))
    for step in range(start + 1, steps + 1):
        ctx.raise_if_cancelled()
        await asyncio.sleep(seconds / steps)
        ctx.report_progress(step, steps, f"step {step}/{steps}")
    return {"slept_s": seconds, "steps": steps}


async def echo(ctx: JobContext) -> JsonDict:
    return ctx.payload


async def fail(ctx: JobContext) -> JsonDict:
    times = int(_number(ctx, "times", 1, 0, 1000))
    if ctx.attempt <= times:
        message = str(ctx.payload.get("message", "demo failure"))
        raise HandlerError(f"{message} (attempt {ctx.attempt} of {times} planned failures)")
    return {"attempts": ctx.attempt}


def cpu(ctx: JobContext) -> JsonDict:
    seconds = _number(ctx, "seconds", 1.0, 0.0, 3600.0)
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline:
        for i in range(10_000):
            n += i * i % 7
        ctx.raise_if_cancelled()
    return {"cpu_s": seconds, "work": n}


def register(registry: Registry) -> None:
    registry.register("demo.sleep", sleep)
    registry.register("demo.echo", echo)
    registry.register("demo.fail", fail)
    registry.register("demo.cpu", cpu)

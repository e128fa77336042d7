"""Handlers for the Python worker in tests/workers: plain `jobplane.handlers`, no server.

* ``py.echo``: returns its payload and which language ran it.
* ``py.sleep`` {seconds, steps}: sleeps with progress, resumes from a checkpoint.
* ``py.block`` {marker}: reports progress "started", then blocks until cancelled and
  writes the moment it saw the cancel (``time.time()``) to the file ``marker``.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from jobplane.handlers import HandlerContext, JobCancelled, Registry


async def echo(ctx: HandlerContext) -> dict[str, Any]:
    return {**ctx.payload, "language": "python"}


async def sleep(ctx: HandlerContext) -> dict[str, Any]:
    seconds = float(ctx.payload.get("seconds", 1.0))
    steps = int(ctx.payload.get("steps", 10))
    start = int((ctx.checkpoint_data or {}).get("step", 0))
    for step in range(start + 1, steps + 1):
        ctx.raise_if_cancelled()
        await asyncio.sleep(seconds / steps)
        ctx.report_progress(step, steps, f"step {step}/{steps}")
    return {"slept_s": seconds, "steps": steps, "language": "python"}


def block(ctx: HandlerContext) -> dict[str, Any]:
    """A thread handler: waits on the cancel flag itself, so the moment it wakes is
    the moment the cancel reached the handler."""
    ctx.report_progress(0, 1, "started")
    if not ctx.wait_cancelled(60.0):
        return {"cancelled": False}
    Path(str(ctx.payload["marker"])).write_text(repr(time.time()))
    raise JobCancelled(ctx.cancel_reason)


def register(registry: Registry) -> None:
    registry.register("py.echo", echo)
    registry.register("py.sleep", sleep)
    registry.register("py.block", block)

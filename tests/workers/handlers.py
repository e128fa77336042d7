"""Handlers for the Python worker in tests/workers: plain `jobplane.handlers`, no server.

* ``py.echo``: returns its payload and which language ran it.
* ``py.sleep`` {seconds, steps}: sleeps with progress, resumes from a checkpoint.
* ``py.block`` {marker}: reports progress "started", then blocks until cancelled and
  writes the moment it saw the cancel (``time.time()``) to the file ``marker``.
* ``py.record`` {log, sleep_s}: appends one JSON line {job, pid, start, end} (monotonic
  clock, shared by all processes on the host) to the file ``log`` for every run.
"""

from __future__ import annotations

import asyncio
import json
import os
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


async def record(ctx: HandlerContext) -> dict[str, Any]:
    """Every execution leaves a line, so a job run twice or too many at once shows."""
    start = time.monotonic()
    await asyncio.sleep(float(ctx.payload.get("sleep_s", 0.0)))
    line = {"job": ctx.job_id, "pid": os.getpid(), "start": start, "end": time.monotonic()}
    # One write(2) of one short line to an O_APPEND file: lines of concurrent runs do not mix.
    fd = os.open(str(ctx.payload["log"]), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, (json.dumps(line) + "\n").encode())
    finally:
        os.close(fd)
    return {"pid": line["pid"]}


def register(registry: Registry) -> None:
    registry.register("py.echo", echo)
    registry.register("py.sleep", sleep)
    registry.register("py.block", block)
    registry.register("py.record", record)

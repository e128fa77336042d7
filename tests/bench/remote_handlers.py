"""Handlers for the remote Python workers of the ``workers`` bench section
(``jobplane worker --handlers tests.bench.remote_handlers``), plain ``jobplane.handlers``.

* ``bench.noop`` {sleep_s}: returns the wall clock it started at and its worker's pid;
  sleeps only when asked (the section's warm-up, to fill one worker's slots).
* ``bench.block`` {marker}: reports progress "started", then waits for the cancel and
  writes the moment it saw it (``time.time()``) to the file ``marker``.
"""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path
from typing import Any

from jobplane.handlers import HandlerContext, JobCancelled, Registry


async def noop(ctx: HandlerContext) -> dict[str, Any]:
    started = time.time()
    if "sleep_s" in ctx.payload:
        await asyncio.sleep(float(ctx.payload["sleep_s"]))
    return {"started": started, "pid": os.getpid()}


def block(ctx: HandlerContext) -> dict[str, Any]:
    # A thread handler blocked on the cancel flag: it wakes when the cancel arrives.
    ctx.report_progress(0, 1, "started")
    seen = ctx.wait_cancelled(30.0)
    Path(str(ctx.payload["marker"])).write_text(repr(time.time()))
    if seen:
        raise JobCancelled(ctx.cancel_reason)
    return {"cancelled": False}


def register(registry: Registry) -> None:
    registry.register("bench.noop", noop)
    registry.register("bench.block", block)

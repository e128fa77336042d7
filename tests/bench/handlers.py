"""Bench handlers, loaded with ``--handlers tests.bench.handlers``.

* ``bench.progress`` {rate, seconds}: reports progress ``rate`` times a second for
  ``seconds`` (current = 1, 2, …; ``Progress.update_time`` is the report's wall
  clock, which watchers use to measure lag).
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from jobplane.server import JobContext, Registry


async def progress(ctx: JobContext) -> dict[str, Any]:
    rate = float(ctx.payload.get("rate", 1000))
    seconds = float(ctx.payload.get("seconds", 5))
    total = int(rate * seconds)
    start = time.monotonic()
    for i in range(1, total + 1):
        due = start + i / rate
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        ctx.report_progress(i, total)
    return {"reported": total}


def register(registry: Registry) -> None:
    registry.register("bench.progress", progress)

"""Handlers for the multi-replica tests (loaded with ``--handlers tests.replicas.handlers``).

Each writes what it did to files under ``payload["dir"]``, so the test can check
which process ran which attempt and when a handler saw its cancellation.
"""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

from jobplane.server import HandlerError, JobContext, JsonDict, Registry


def _append(ctx: JobContext, what: str) -> None:
    line = f"{what} {ctx.job_id} {ctx.attempt} {os.getpid()} {time.time():.6f}\n"
    with Path(ctx.payload["dir"], "runs.log").open("a") as f:  # one small append: atomic
        f.write(line)


async def work(ctx: JobContext) -> JsonDict:
    """Run ``seconds`` in ``steps`` with progress; fail attempts up to ``fail_until``."""
    _append(ctx, "start")
    seconds = float(ctx.payload.get("seconds", 0.0))
    steps = int(ctx.payload.get("steps", 1))
    for step in range(1, steps + 1):
        await asyncio.sleep(seconds / steps)
        ctx.report_progress(step, steps, f"step {step}")
    _append(ctx, "end")
    if ctx.attempt <= int(ctx.payload.get("fail_until", 0)):
        raise HandlerError(f"planned failure of attempt {ctx.attempt}")
    return {"pid": os.getpid(), "attempt": ctx.attempt}


async def block(ctx: JobContext) -> JsonDict:
    """Run until cancelled; record the moment the cancellation was seen."""
    _append(ctx, "start")
    for _ in range(2400):  # at most a minute
        if await asyncio.to_thread(ctx.wait_cancelled, 0.025):
            break
    marker = Path(ctx.payload["dir"], f"{ctx.job_id}.stopped")
    await asyncio.to_thread(_write_whole, marker, f"{time.time()} {os.getpid()}")
    ctx.raise_if_cancelled()
    return {}


def _write_whole(path: Path, text: str) -> None:
    """Write ``text`` so a reader polling for ``path`` never sees it half-written."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def register(registry: Registry) -> None:
    registry.register("test.work", work)
    registry.register("test.block", block)

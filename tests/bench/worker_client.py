"""Load-client workloads against remote workers (``tests.bench.remote_handlers``),
run like the others by ``python -m tests.bench.client``. Handler-side moments are wall
clock (``time.time()``) stamped in the worker process; the client's are too, on the same
host. Every loop is bounded in count and time."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from jobplane.v1 import job_pb2 as pb
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from .client import Spec, _channel, _submit_request
from .stats import pct

POLL_S = 0.001
WAIT_S = 10.0


async def dispatch_latency(spec: Spec) -> dict[str, Any]:
    """``count`` ``bench.noop`` jobs one at a time, ``gap_ms`` apart; latency = the
    handler's start stamp - the moment the client sent SubmitJob."""
    count, gap = int(spec["count"]), float(spec["gap_ms"]) / 1e3
    async with _channel(spec["target"]) as ch:
        stub = svc_grpc.JobServiceStub(ch)
        req = _submit_request("bench.noop")
        lat: list[float] = []
        inside: list[float] = []
        for i in range(count + 20):  # the first 20 warm up
            sent = time.time()
            job = (await stub.SubmitJob(req)).job
            w = svc.WaitJobRequest(job_id=job.id)
            w.timeout.seconds = int(WAIT_S)
            done = (await stub.WaitJob(w)).job
            if i >= 20 and done.status == pb.JOB_STATUS_SUCCEEDED:
                lat.append((float(done.output["started"]) - sent) * 1e3)
                created = done.create_time.ToNanoseconds()
                inside.append((done.start_time.ToNanoseconds() - created) / 1e6)
            await asyncio.sleep(gap)
    return {
        **_summary(lat),
        "server_p50_ms": pct(inside, 50),
        "server_p99_ms": pct(inside, 99),
    }


def _summary(lat: list[float]) -> dict[str, Any]:
    return {"jobs": len(lat), "p50_ms": pct(lat, 50), "p99_ms": pct(lat, 99), "max_ms": max(lat)}


async def _poll(check: Callable[[], Awaitable[bool]], what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not await check():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        await asyncio.sleep(POLL_S)


def _stamp(marker: Path) -> float | None:
    with contextlib.suppress(OSError, ValueError, SyntaxError):
        return float(marker.read_text())
    return None


async def cancel_latency(spec: Spec) -> dict[str, Any]:
    """``count`` ``bench.block`` jobs one at a time: once the handler reported "started",
    CancelJob; latency = the handler's wake stamp - the moment CancelJob was sent."""
    count = int(spec["count"])
    folder = Path(tempfile.mkdtemp(prefix="jobplane-cancel-"))
    lat: list[float] = []
    try:
        await _cancel_rounds(spec["target"], count, folder, lat)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return _summary(lat)


async def _cancel_rounds(target: str, count: int, folder: Path, lat: list[float]) -> None:
    async with _channel(target) as ch:
        stub = svc_grpc.JobServiceStub(ch)
        for i in range(count):
            marker = folder / f"m{i}"
            req = _submit_request("bench.block")
            req.payload.update({"marker": str(marker)})
            job_id = (await stub.SubmitJob(req)).job.id
            get = svc.GetJobRequest(job_id=job_id)

            async def started(get: svc.GetJobRequest = get) -> bool:
                return bool((await stub.GetJob(get)).job.progress.message == "started")

            await _poll(started, "handler started")
            sent = time.time()
            await stub.CancelJob(svc.CancelJobRequest(job_id=job_id, reason="bench"))

            async def seen(marker: Path = marker) -> bool:
                return _stamp(marker) is not None

            await _poll(seen, "handler saw the cancel")
            lat.append(((_stamp(marker) or 0.0) - sent) * 1e3)


WORKLOADS: dict[str, Callable[[Spec], Awaitable[dict[str, Any]]]] = {
    "dispatch_latency": dispatch_latency,
    "cancel_latency": cancel_latency,
}

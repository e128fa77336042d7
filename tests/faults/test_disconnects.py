"""Case 6: thousands of WatchProgress streams opened and dropped mid-stream."""

from __future__ import annotations

import asyncio
import random
import time

import grpc
import pytest
from jobplane.server import app
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from ..conftest import StartServer
from ._support import live_tasks, submit_request, task_baseline

STREAMS = 2000
WAVE = 200


async def _settle(running: app.Running, subs: int, tasks: int, timeout_s: float) -> float:
    """Seconds until subscriber and task counts are back to the baseline."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout_s:
        if running.manager.stats()["subscribers"] <= subs and live_tasks() <= tasks:
            return time.monotonic() - t0
        await asyncio.sleep(0.05)
    raise AssertionError(
        f"not back to baseline: {running.manager.stats()}, {live_tasks()} tasks "
        f"(baseline {subs} subscribers, {tasks} tasks)"
    )


async def _open_and_drop(channel: grpc.aio.Channel, job_id: str, rng: random.Random) -> None:
    stub = svc_grpc.JobServiceStub(channel)
    call = stub.WatchProgress(svc.WatchProgressRequest(job_id=job_id))
    for _ in range(rng.randint(1, 3)):
        await call.read()
    call.cancel()


async def test_dropped_watch_streams_leave_nothing_behind(start_server: StartServer) -> None:
    """Injects: 2000 WatchProgress streams on a running job (progress every 50 ms), in
    waves of 200: each reads 1-3 events and is dropped, by cancelling the call (odd
    waves) or by closing its whole channel abruptly (even waves). Asserts: the server's
    subscriber count and the process's asyncio task count return to their baseline
    within 5 s of each wave, and the server still answers."""
    await drop_streams(start_server, STREAMS)


@pytest.mark.slow
async def test_ten_thousand_dropped_streams(start_server: StartServer) -> None:
    """Injects: as above with 10,000 streams. Asserts: as above."""
    await drop_streams(start_server, 10_000)


async def drop_streams(start_server: StartServer, streams: int) -> None:
    running = await start_server()
    rng = random.Random(6)
    async with grpc.aio.insecure_channel(running.target) as channel:
        stub = svc_grpc.JobServiceStub(channel)
        req = submit_request("demo.sleep", {"seconds": 60, "steps": 1200})
        job_id = (await stub.SubmitJob(req, timeout=5)).job.id
        await asyncio.sleep(0.2)
        base_subs = running.manager.stats()["subscribers"]
        base_tasks = await task_baseline()
        worst = 0.0
        for wave in range(streams // WAVE):
            if wave % 2:
                await asyncio.gather(*(_open_and_drop(channel, job_id, rng) for _ in range(WAVE)))
            else:
                chans = [grpc.aio.insecure_channel(running.target) for _ in range(WAVE // 10)]
                calls = [
                    svc_grpc.JobServiceStub(c).WatchProgress(
                        svc.WatchProgressRequest(job_id=job_id)
                    )
                    for c in chans
                    for _ in range(10)
                ]
                await asyncio.gather(*(c.read() for c in calls))
                assert running.manager.stats()["subscribers"] >= base_subs + WAVE
                await asyncio.gather(*(c.close(grace=None) for c in chans))
            worst = max(worst, await _settle(running, base_subs, base_tasks, 5.0))
        got = await stub.GetJob(svc.GetJobRequest(job_id=job_id), timeout=5)
        await stub.CancelJob(svc.CancelJobRequest(job_id=job_id, force=True), timeout=5)
    assert got.job.id == job_id
    print(f"dropped {streams} streams; worst settle {worst:.2f}s")

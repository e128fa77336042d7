"""Case 7: subscribers that never read while a job emits 100,000 progress updates.

The bound: a subscriber's queue holds at most ``subscriber_buffer`` (256) events plus
the job's status events (progress beyond that is coalesced to the latest), and gRPC
holds at most one HTTP/2 flow-control window (64 KiB by default) per stuck stream. So a
stuck watcher costs O(buffer + window), whatever the job emits.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from pathlib import Path
from typing import Any

import grpc
from jobplane.server.domain.model import JobStatus, Progress, progress_event
from jobplane.server.events.broker import Broker
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from ..support import ServerProcess, record_timing
from ._support import HANDLERS, rss_mb, submit_request

UPDATES = 100_000
STUCK = 10


def test_broker_queue_of_a_stuck_subscriber_is_bounded() -> None:
    """Injects: 100,000 progress events published to a topic whose one subscriber never
    reads, and whose other subscriber reads everything. Asserts: the stuck queue never
    holds more than the buffer (256) + 1, ends with the latest progress, and the reader
    got every event."""
    broker = Broker(buffer=256)
    stuck = broker.subscribe("j")
    reader = broker.subscribe("j")
    got = 0
    peak = 0
    for seq in range(1, UPDATES + 1):
        p = Progress(current=seq, total=UPDATES, update_time=float(seq))
        broker.publish((progress_event("j", seq, 1, p),))
        peak = max(peak, stuck.pending())
        while reader.pending():
            reader._items.popleft()
            got += 1
    assert peak <= 257 and stuck.coalesced >= UPDATES - 257
    assert stuck._items[-1][1].sequence == UPDATES  # (arrival time, event)
    assert got == UPDATES


async def _reader(
    stub: svc_grpc.JobServiceAsyncStub, job_id: str, ready: asyncio.Event
) -> list[float]:
    """Read everything; return each progress event's delivery latency (s)."""
    latencies: list[float] = []
    call = stub.WatchProgress(svc.WatchProgressRequest(job_id=job_id), timeout=120)
    async for ev in call:
        ready.set()
        if ev.kind == svc.WATCH_EVENT_KIND_PROGRESS:
            latencies.append(time.time() - ev.progress.update_time.ToNanoseconds() / 1e9)
    return latencies


async def _run(stub: svc_grpc.JobServiceAsyncStub, stuck: int) -> dict[str, Any]:
    req = submit_request(
        "faults.spam", {"count": UPDATES, "batch": 100, "pause": 0.001}, start_paused=True
    )
    job_id = (await stub.SubmitJob(req, timeout=5)).job.id
    calls = [stub.WatchProgress(svc.WatchProgressRequest(job_id=job_id)) for _ in range(stuck)]
    for call in calls:
        await call.read()  # the snapshot; then never read again
    ready = asyncio.Event()
    reader = asyncio.create_task(_reader(stub, job_id, ready))
    await ready.wait()
    await stub.ResumeJob(svc.ResumeJobRequest(job_id=job_id), timeout=5)
    latencies = await asyncio.wait_for(reader, 120)
    job = (await stub.GetJob(svc.GetJobRequest(job_id=job_id), timeout=5)).job
    for call in calls:
        call.cancel()
    assert JobStatus(job.status) == JobStatus.SUCCEEDED, job
    run_s = (job.end_time.ToNanoseconds() - job.start_time.ToNanoseconds()) / 1e9
    return {
        "run_s": run_s,
        "events": len(latencies),
        "p50_ms": 1000 * statistics.median(latencies),
        "max_ms": 1000 * max(latencies),
    }


async def _sample_rss(pid: int, peak: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        peak[0] = max(peak[0], rss_mb(pid))
        await asyncio.sleep(0.02)


async def test_stuck_subscribers_cost_bounded_memory_and_no_speed(tmp_path: Path) -> None:
    """Injects: a child server runs a job emitting 100,000 progress updates, first with
    one reading watcher, then with the same reader plus 10 watchers that read the
    snapshot and never again. Asserts: the server's peak RSS with the stuck watchers
    grows < 30 MB over the run without them, and with them the job still succeeds and
    the reader still reads to its end (publishing never waits for a stuck watcher). How
    much slower the job and the reader get is a timing: ``make bench`` (section proofs)
    prints it, with the README's goals."""
    args = ("--handlers", HANDLERS, "--log-level", "WARNING")
    srv = ServerProcess(db=f"sqlite:///{tmp_path / 'jobs.db'}", args=args).start()
    assert srv.proc is not None
    try:
        async with grpc.aio.insecure_channel(srv.target) as channel:
            stub = svc_grpc.JobServiceStub(channel)
            await _run(stub, 0)  # warm up
            figures = {}
            for stuck in (0, STUCK):
                peak = [0.0]
                stop = asyncio.Event()
                sampler = asyncio.create_task(_sample_rss(srv.proc.pid, peak, stop))
                figures[stuck] = await _run(stub, stuck)
                stop.set()
                await sampler
                figures[stuck]["peak_rss_mb"] = peak[0]
    finally:
        srv.kill9()
    base, loaded = figures[0], figures[STUCK]
    print(f"slow consumers: without {base}; with {STUCK} stuck {loaded}")
    assert loaded["peak_rss_mb"] - base["peak_rss_mb"] < 30
    assert loaded["events"] > 0 and base["events"] > 0
    record_timing("stuck_watchers_job_slowdown", loaded["run_s"] / base["run_s"], "x", 2.0,
                  f"job run time with {STUCK} stuck watchers / without")  # fmt: skip
    record_timing("stuck_watchers_reader_p50_ms", loaded["p50_ms"], "ms", 100.0,
                  f"a reading watcher's median delivery latency beside {STUCK} stuck ones")  # fmt: skip

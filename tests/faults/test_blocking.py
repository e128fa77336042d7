"""Case 5: a handler that blocks and never checks cancellation.

A thread cannot be killed in Python. jobplane's answer (see
``jobplane.server.runtime.isolation``): handlers registered ``isolated=True`` run in a child
process that a hard cancel, timeout or shutdown kills; plain thread handlers have their
job ended (CANCELED/FAILED) and slot freed on time, but the thread runs on detached
until it returns, and as a daemon thread never holds up shutdown.
"""

from __future__ import annotations

import asyncio
import collections
import signal
import time
from pathlib import Path

import grpc
import psutil  # type: ignore[import-untyped]
from jobplane.server import app
from jobplane.server.domain.model import JobStatus
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from ..conftest import StartServer
from ..support import ServerProcess
from ._support import HANDLERS, get_jobs, submit_request, wait_all_terminal

GRACE_S = 0.5


def _ticks(path: Path) -> dict[str, int]:
    out: collections.Counter[str] = collections.Counter()
    if path.exists():
        for line in path.read_text().splitlines():
            out[line.split()[0]] += 1
    return dict(out)


async def _wait_ticking(path: Path, job_id: str, timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not _ticks(path).get(job_id):
        assert time.monotonic() < deadline, "handler never started"
        await asyncio.sleep(0.02)


async def _idle(running: app.Running, timeout_s: float) -> float:
    t0 = time.monotonic()
    while running.runtime.stats()["running"]:
        assert time.monotonic() - t0 < timeout_s, "executor slot still taken"
        await asyncio.sleep(0.02)
    return time.monotonic() - t0


async def test_isolated_blocking_handler_is_killed_on_cancel(
    start_server: StartServer, tmp_path: Path
) -> None:
    """Injects: an isolated handler blocked in time.sleep loops, never checking
    cancellation; CancelJob without force. Asserts: the answer is CANCELED at once, the
    child process is killed after the cancel grace (its ticks stop, the slot is free)
    within grace + 0.5 s."""
    running = await start_server(handler_modules=(HANDLERS,), cancel_grace_s=GRACE_S)
    path = tmp_path / "ticks.log"
    async with grpc.aio.insecure_channel(running.target) as channel:
        stub = svc_grpc.JobServiceStub(channel)
        req = submit_request("faults.block_isolated", {"path": str(path)})
        job = (await stub.SubmitJob(req, timeout=5)).job
        await _wait_ticking(path, job.id)
        answer = await stub.CancelJob(svc.CancelJobRequest(job_id=job.id), timeout=5)
        assert JobStatus(answer.job.status) == JobStatus.CANCELED
        took = await _idle(running, GRACE_S + 0.5)
        n = _ticks(path)[job.id]
        await asyncio.sleep(0.2)
        assert _ticks(path)[job.id] == n, "the killed handler still writes"
        print(f"isolated blocking handler stopped {took:.2f}s after cancel")


async def test_isolated_blocking_handler_times_out(
    start_server: StartServer, tmp_path: Path
) -> None:
    """Injects: the same handler with a 0.5 s timeout and one attempt. Asserts: FAILED
    with JOB_TIMEOUT within timeout + grace + 1 s, and its process is gone."""
    running = await start_server(handler_modules=(HANDLERS,), cancel_grace_s=GRACE_S)
    path = tmp_path / "ticks.log"
    async with grpc.aio.insecure_channel(running.target) as channel:
        stub = svc_grpc.JobServiceStub(channel)
        req = submit_request(
            "faults.block_isolated",
            {"path": str(path)},
            max_attempts=1,
            timeout={"nanos": 500_000_000},
        )
        t0 = time.monotonic()
        job = (await stub.SubmitJob(req, timeout=5)).job
        final = (await wait_all_terminal(stub, [job.id], timeout_s=10))[job.id]
        took = time.monotonic() - t0
    assert JobStatus(final.status) == JobStatus.FAILED and final.error.reason == "JOB_TIMEOUT", (
        final
    )
    assert took < 0.5 + GRACE_S + 1.0 + 1.0, took  # + process start-up
    n = _ticks(path)[job.id]
    await asyncio.sleep(0.2)
    assert _ticks(path)[job.id] == n


async def test_thread_blocking_handler_ends_job_but_runs_detached(
    start_server: StartServer, tmp_path: Path
) -> None:
    """Injects: a plain (thread) handler blocking for 2.5 s, never checking; CancelJob.
    Asserts what jobplane documents: the job is CANCELED at once and its slot freed
    after the grace period, the thread keeps running until it returns, and its late
    result changes nothing (still CANCELED, same sequence)."""
    running = await start_server(handler_modules=(HANDLERS,), cancel_grace_s=GRACE_S)
    path = tmp_path / "ticks.log"
    async with grpc.aio.insecure_channel(running.target) as channel:
        stub = svc_grpc.JobServiceStub(channel)
        req = submit_request("faults.block", {"path": str(path), "seconds": 2.5})
        job = (await stub.SubmitJob(req, timeout=5)).job
        await _wait_ticking(path, job.id)
        answer = (await stub.CancelJob(svc.CancelJobRequest(job_id=job.id), timeout=5)).job
        await _idle(running, GRACE_S + 0.5)
        n = _ticks(path)[job.id]
        await asyncio.sleep(0.2)
        assert _ticks(path)[job.id] > n, "expected the detached thread to keep running"
        await asyncio.sleep(2.0)
        final = (await get_jobs(stub, [job.id]))[job.id]
    assert JobStatus(final.status) == JobStatus.CANCELED and final.sequence == answer.sequence


async def test_shutdown_stays_bounded_with_blocking_handlers(tmp_path: Path) -> None:
    """Injects: SIGTERM to a child server (shutdown grace 1 s, cancel grace 0.5 s) running
    a thread handler and an isolated handler that both block for an hour. Asserts: exit
    code 0 within 6 s, the isolated handler's process is gone, and after a restart both
    jobs were released (attempt ended JOB_RELEASED) rather than lost or stuck RUNNING."""
    path = tmp_path / "ticks.log"
    args = (
        "--handlers", HANDLERS, "--shutdown-grace", "1s", "--cancel-grace", "0.5s",
        "--log-level", "WARNING", "--max-concurrency", "4",
    )  # fmt: skip
    srv = ServerProcess(db=f"sqlite:///{tmp_path / 'jobs.db'}", args=args).start()
    try:
        async with grpc.aio.insecure_channel(srv.target) as channel:
            stub = svc_grpc.JobServiceStub(channel)
            ids = []
            for kind in ("faults.block", "faults.block_isolated"):
                req = submit_request(kind, {"path": str(path)})
                ids.append((await stub.SubmitJob(req, timeout=5)).job.id)
            for job_id in ids:
                await _wait_ticking(path, job_id)
            assert srv.proc is not None
            children = [
                c
                for c in psutil.Process(srv.proc.pid).children(recursive=True)
                if "spawn_main" in " ".join(c.cmdline())
            ]
            t0 = time.monotonic()
            srv.proc.send_signal(signal.SIGTERM)
            code = await asyncio.to_thread(srv.proc.wait, 15)
            took = time.monotonic() - t0
            assert code == 0, srv.log()[-2000:]
            assert took < 6, took
            assert children, "the isolated handler's process was not found"
            _, alive = psutil.wait_procs(children, timeout=0.5)
            assert not alive, f"handler processes outlived the server: {alive}"
            await asyncio.to_thread(srv.restart)
            jobs = await get_jobs(stub, ids)
    finally:
        srv.kill9()
    for job in jobs.values():
        assert job.attempts[0].error.reason == "JOB_RELEASED", job
    print(f"shutdown with blocking handlers took {took:.2f}s")

"""Isolated handlers (``isolated=True``): the ctx works across the process boundary, and
no handler process outlives its server."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import grpc
import psutil  # type: ignore[import-untyped]
from jobplane.server.domain.model import JobStatus
from jobplane.server.runtime import isolation
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from ..conftest import StartServer
from ..support import ServerProcess, record_timing
from ._support import HANDLERS, get_jobs, submit_request, wait_all_terminal


async def test_isolated_handler_progress_checkpoint_and_retry(start_server: StartServer) -> None:
    """Injects: an isolated handler that reports progress and checkpoints each of 5
    steps, and fails attempt 1 after step 3. Asserts: watchers see its progress, the
    retry resumes from the checkpoint (step 3), and the job SUCCEEDS on attempt 2."""
    running = await start_server(handler_modules=(HANDLERS,))
    async with grpc.aio.insecure_channel(running.target) as channel:
        stub = svc_grpc.JobServiceStub(channel)
        job = (await stub.SubmitJob(submit_request("faults.steps_isolated", {}), timeout=5)).job
        progress = []
        async for ev in stub.WatchProgress(svc.WatchProgressRequest(job_id=job.id), timeout=30):
            if ev.kind == svc.WATCH_EVENT_KIND_PROGRESS:
                progress.append(ev.progress.current)
            last = ev
    assert JobStatus(last.status) == JobStatus.SUCCEEDED, last
    assert dict(last.output) == {"resumed_from": 3.0, "attempt": 2.0}
    assert last.attempt == 2 and progress and max(progress) == 5.0


def _running(proc: psutil.Process) -> bool:
    try:
        return bool(proc.status() != psutil.STATUS_ZOMBIE)
    except psutil.NoSuchProcess:
        return False


async def test_isolated_handler_dies_with_its_server(tmp_path: Path) -> None:
    """Injects: kill -9 of a child server while an isolated handler blocks (for an hour,
    never checking cancellation). Asserts: the handler's process exits on its own (a
    bounded wait; the child checks its parent every ORPHAN_CHECK_S <= 0.2 s, and the
    measured delay is a bench figure), and after a restart the job was rescued
    (attempt 1 ended JOB_INTERRUPTED)."""
    assert 0 < isolation.ORPHAN_CHECK_S <= 0.2, "the README promises exit within 0.2 s"
    args = ("--handlers", HANDLERS, "--log-level", "WARNING", "--default-backoff", "50ms")
    srv = ServerProcess(db=f"sqlite:///{tmp_path / 'jobs.db'}", args=args).start()
    try:
        async with grpc.aio.insecure_channel(srv.target) as channel:
            stub = svc_grpc.JobServiceStub(channel)
            req = submit_request("faults.block_isolated", {"seconds": 3600}, max_attempts=1)
            job = (await stub.SubmitJob(req, timeout=5)).job
            assert srv.proc is not None
            server = psutil.Process(srv.proc.pid)
            children: list[psutil.Process] = []
            deadline = time.monotonic() + 20
            while not children and time.monotonic() < deadline:
                children = [c for c in server.children() if "spawn_main" in " ".join(c.cmdline())]
                await asyncio.sleep(0.05)
            assert children, "the isolated handler never started"
            t0 = time.monotonic()
            srv.kill9()
            alive = list(children)
            for _ in range(1000):  # 10 s at most; a zombie has exited (init reaps it)
                alive = [p for p in alive if _running(p)]
                if not alive:
                    break
                await asyncio.sleep(0.01)
            record_timing("isolated_child_orphan_exit_s", time.monotonic() - t0, "s", 0.2,
                          "kill -9 of the server until its isolated handler's process exited")  # fmt: skip
            assert not alive, f"handler processes outlived their server: {alive}"
            await asyncio.to_thread(srv.restart)
            final = (await wait_all_terminal(stub, [job.id], timeout_s=10))[job.id]
            again = (await get_jobs(stub, [job.id]))[job.id]
    finally:
        for child in children:
            if child.is_running():
                child.kill()
        srv.kill9()
    assert JobStatus(final.status) == JobStatus.FAILED and again.error.reason == "JOB_INTERRUPTED"

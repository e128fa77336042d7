"""kill -9 and restart on the same SQLite file: nothing lost, running jobs rescued."""

from __future__ import annotations

import asyncio
from pathlib import Path

import grpc
from jobplane.v1 import job_pb2 as pb
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from ..support import ServerProcess
from .helpers import TERMINAL, submit, wait


async def test_kill9_mid_job_then_restart_rescues(tmp_path: Path) -> None:
    proc = ServerProcess(
        db=f"sqlite:///{tmp_path / 'jobs.db'}", args=["--default-backoff", "0.1s"]
    ).start()
    try:
        async with grpc.aio.insecure_channel(proc.target) as ch:
            stub = svc_grpc.JobServiceStub(ch)
            running = await submit(stub, "demo.sleep", {"seconds": 3, "steps": 30})
            last_try = await submit(stub, "demo.sleep", {"seconds": 3, "steps": 30}, max_attempts=1)
            queued = [
                await submit(stub, "demo.echo", {"i": i}, start_paused=True) for i in range(5)
            ]
            for _ in range(100):
                a = (await stub.GetJob(svc.GetJobRequest(job_id=running.id))).job
                b = (await stub.GetJob(svc.GetJobRequest(job_id=last_try.id))).job
                if a.status == b.status == pb.JOB_STATUS_RUNNING and a.progress.current >= 2:
                    break
                await asyncio.sleep(0.05)
        proc.kill9()
        proc.restart()
        async with grpc.aio.insecure_channel(proc.target) as ch:
            stub = svc_grpc.JobServiceStub(ch)
            rescued = await wait(stub, running.id)
            assert rescued.status == pb.JOB_STATUS_SUCCEEDED
            assert rescued.attempt == 2
            assert rescued.attempts[0].outcome == pb.JOB_STATUS_STALLED
            assert rescued.attempts[0].error.reason == "JOB_INTERRUPTED"
            failed = await wait(stub, last_try.id)
            assert (
                failed.status == pb.JOB_STATUS_FAILED and failed.error.reason == "JOB_INTERRUPTED"
            )
            history = [e.status async for e in stub.WatchProgress(svc.WatchProgressRequest(job_id=running.id, after_sequence=1))
                       if e.kind == svc.WATCH_EVENT_KIND_STATUS]  # fmt: skip
            assert history[:4] == [
                pb.JOB_STATUS_RUNNING,
                pb.JOB_STATUS_STALLED,
                pb.JOB_STATUS_RETRYING,
                pb.JOB_STATUS_QUEUED,
            ]
            assert sum(1 for s in history if s in TERMINAL) == 1
            for q in queued:
                assert (
                    await stub.GetJob(svc.GetJobRequest(job_id=q.id))
                ).job.status == pb.JOB_STATUS_PAUSED
    finally:
        proc.kill9()


async def test_sigterm_drains_and_exits_zero(tmp_path: Path) -> None:
    proc = ServerProcess(
        db=f"sqlite:///{tmp_path / 'jobs.db'}", args=["--shutdown-grace", "1s"]
    ).start()
    try:
        async with grpc.aio.insecure_channel(proc.target) as ch:
            stub = svc_grpc.JobServiceStub(ch)
            long = await submit(stub, "demo.sleep", {"seconds": 30, "steps": 30})
            stream = stub.WatchProgress(svc.WatchProgressRequest(job_id=long.id))
            await stream.read()
            await asyncio.sleep(0.3)
            code = await asyncio.to_thread(proc.terminate, 20)
            assert code == 0
            try:
                while await stream.read() is not grpc.aio.EOF:
                    pass
            except grpc.aio.AioRpcError as exc:
                assert exc.code() == grpc.StatusCode.UNAVAILABLE
        proc.restart()
        async with grpc.aio.insecure_channel(proc.target) as ch:
            stub = svc_grpc.JobServiceStub(ch)
            job = (await stub.GetJob(svc.GetJobRequest(job_id=long.id))).job
            assert job.status in (pb.JOB_STATUS_QUEUED, pb.JOB_STATUS_RUNNING), (
                "released, not failed"
            )
            assert job.attempts[0].error.reason == "JOB_RELEASED"
            assert job.max_attempts == 4, "a released attempt does not count"
            await stub.CancelJob(svc.CancelJobRequest(job_id=long.id, force=True))
    finally:
        proc.kill9()

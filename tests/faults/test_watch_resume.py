"""WatchJobs across kill -9: a client following a few hundred jobs through a crash
and restart, resuming by cursor (the Python client does it by itself), sees every
status change of every job exactly once, in each job's order."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import grpc
from jobplane.client import ReconnectPolicy, connect
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from ..support import ServerProcess, assert_each_change_once
from ._support import status_history, submit_request
from ._support import wait_all_terminal as wait_terminal

JOBS = 300
TERMINAL = {3, 4, 5, 6}


async def _submit(stub: svc_grpc.JobServiceAsyncStub, req: svc.SubmitJobRequest) -> str:
    for _ in range(400):  # bounded: ~20 s of retries across the restart
        try:
            return (await stub.SubmitJob(req, timeout=2)).job.id
        except grpc.aio.AioRpcError as exc:
            assert exc.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED)
            await asyncio.sleep(0.05)
    raise AssertionError("the server never came back")


async def test_watch_jobs_resumes_across_kill9_exactly_once(tmp_path: Path) -> None:
    srv = ServerProcess(
        f"sqlite:///{tmp_path / 'jobs.db'}", ("--max-concurrency", "8", "--log-level", "WARNING")
    ).start()
    seen: list[svc.WatchJobsResponse] = []
    policy = ReconnectPolicy(initial_backoff_s=0.05, max_backoff_s=0.5, max_attempts=100)
    try:
        async with grpc.aio.insecure_channel(srv.target) as ch:
            stub = svc_grpc.JobServiceStub(ch)
            start = (await stub.ListJobs(svc.ListJobsRequest())).watch_cursor
            client = connect(srv.target, reconnect=policy)
            follow = client.watch_jobs(after_cursor=start)

            async def collect() -> None:
                async for event in follow:
                    seen.append(event)

            reader = asyncio.create_task(collect())
            ids: list[str] = []
            for i in range(JOBS):
                kind = ("demo.echo", {"i": i}) if i % 3 else ("demo.sleep", {"seconds": 0.05})
                ids.append(await _submit(stub, submit_request(*kind, request_id=f"r{i}")))
                if i == JOBS // 2:
                    srv.kill9()  # jobs queued and running, the watcher mid-stream
                    srv.restart()
            final = await wait_terminal(stub, ids, timeout_s=60)
            assert all(int(j.status) in TERMINAL for j in final.values())
            histories = {j: [1, *await status_history(stub, j)] for j in ids}
            expected = sum(len(h) for h in histories.values())
            for _ in range(500):  # bounded: 10 s for the watcher to catch up
                if len(seen) >= expected:
                    break
                await asyncio.sleep(0.02)
            await asyncio.sleep(0.2)  # a duplicate would arrive now
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reader
            await client.close()
    finally:
        srv.kill9()
    assert_each_change_once(seen, histories)

"""Case 3: duplicate submits with one request_id."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import grpc
from jobplane.server import app
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from ..conftest import StartServer
from ._support import submit_request

CLIENTS = 20
CALLS_PER_CLIENT = 5


async def _count(stub: svc_grpc.JobServiceAsyncStub, run: str) -> int:
    resp = await stub.ListJobs(svc.ListJobsRequest(filter=f'labels.run = "{run}"', page_size=1000))
    return len(resp.jobs)


async def test_concurrent_clients_one_request_id_get_one_job(server: app.Running) -> None:
    """Injects: 20 clients (own channels) x 5 concurrent SubmitJob calls with the same
    request_id and request, plus 20 calls with the same request_id but another payload.
    Asserts: exactly one job exists; every call with the request that created it (the
    race's winner, usually the first kind) returns that job, and every call with the
    other request gets ALREADY_EXISTS."""
    run = uuid.uuid4().hex
    req = submit_request("demo.echo", {"x": 1}, labels={"run": run}, request_id=run)
    other = submit_request("demo.echo", {"x": 2}, labels={"run": run}, request_id=run)
    channels = [grpc.aio.insecure_channel(server.target) for _ in range(CLIENTS)]
    try:
        stubs = [svc_grpc.JobServiceStub(c) for c in channels]
        sent = [req] * (CLIENTS * CALLS_PER_CLIENT) + [other] * CLIENTS
        calls: list[Any] = [
            s.SubmitJob(req, timeout=10) for s in stubs for _ in range(CALLS_PER_CLIENT)
        ]
        calls += [s.SubmitJob(other, timeout=10) for s in stubs]
        results = await asyncio.gather(*calls, return_exceptions=True)
        ok = [r for r in results if isinstance(r, svc.SubmitJobResponse)]
        assert ok, results
        ids = {r.job.id for r in ok}
        assert len(ids) == 1
        winner = ok[0].job.payload
        assert winner in (req.payload, other.payload)
        for sent_req, r in zip(sent, results, strict=True):
            if sent_req.payload == winner:
                assert isinstance(r, svc.SubmitJobResponse), r
            else:
                assert isinstance(r, grpc.aio.AioRpcError), r
                assert r.code() == grpc.StatusCode.ALREADY_EXISTS, r
        assert await _count(stubs[0], run) == 1
    finally:
        for c in channels:
            await c.close()


async def test_retry_after_client_deadline_gets_the_same_job(start_server: StartServer) -> None:
    """Injects: the store's submit is slowed so the server commits the job but answers
    after the client's 0.2 s deadline (DEADLINE_EXCEEDED); the client then retries with
    the same request_id, once while the first call is still in the server and once after.
    Asserts: both retries return the job the timed-out call created; one job exists."""
    running = await start_server()
    store: Any = running.store
    real_submit = store.submit

    def slow_submit(job: Any, claim: Any = None) -> Any:  # commits, then answers late
        async def slow() -> Any:
            result = await real_submit(job, claim)
            await asyncio.sleep(0.6)
            return result

        return asyncio.ensure_future(slow())

    store.submit = slow_submit
    run = uuid.uuid4().hex
    req = submit_request("demo.echo", {"y": 1}, labels={"run": run}, request_id=run)
    async with grpc.aio.insecure_channel(running.target) as channel:
        stub = svc_grpc.JobServiceStub(channel)
        try:
            await stub.SubmitJob(req, timeout=0.2)
            raise AssertionError("expected the client deadline to pass")
        except grpc.aio.AioRpcError as exc:
            assert exc.code() == grpc.StatusCode.DEADLINE_EXCEEDED
        early = await stub.SubmitJob(req, timeout=5)  # the first call still sleeps
        await asyncio.sleep(0.7)
        store.submit = real_submit
        late = await stub.SubmitJob(req, timeout=5)
        assert early.job.id == late.job.id
        assert await _count(stub, run) == 1

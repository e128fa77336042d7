"""The actions on many jobs keep tenancy and roles exactly as the single-job calls:
a tenant's filter never reaches another tenant's jobs, a viewer may not act, an admin
names the tenant (``*``: every one)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import grpc
import pytest
from google.protobuf import struct_pb2
from jobplane.v1 import job_pb2 as pb
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from .conftest import Metadata, StartServer, World, bearer
from .errinfo import reason


@pytest.fixture
async def stub(start_server: StartServer, world: World) -> AsyncIterator[svc_grpc.JobServiceStub]:
    running = await start_server(auth=world.config())
    async with grpc.aio.insecure_channel(running.target) as channel:
        yield svc_grpc.JobServiceStub(channel)


def batch(type_: str, n: int, **payload: object) -> svc.SubmitJobsRequest:
    body = struct_pb2.Struct()
    body.update(payload)
    item = svc.SubmitJobRequest(type=type_, payload=body, max_attempts=1)
    return svc.SubmitJobsRequest(requests=[item] * n)


async def settle(stub: svc_grpc.JobServiceStub, jobs: list[pb.Job], md: Metadata) -> None:
    for job in jobs:
        req = svc.WaitJobRequest(job_id=job.id)
        req.timeout.seconds = 30
        done = (await stub.WaitJob(req, metadata=md)).job
        assert done.status in (pb.JOB_STATUS_FAILED, pb.JOB_STATUS_SUCCEEDED)


async def statuses(stub: svc_grpc.JobServiceStub, md: Metadata) -> list[int]:
    return sorted(j.status for j in (await stub.ListJobs(svc.ListJobsRequest(), metadata=md)).jobs)


async def test_bulk_retry_cancel_and_delete_stay_in_the_callers_tenant(
    stub: svc_grpc.JobServiceStub, world: World
) -> None:
    acme, globex = world.metadata("submitter"), world.metadata("other_tenant")
    failing = batch("demo.fail", 3, times=10)
    mine = (await stub.SubmitJobs(failing, metadata=acme)).jobs
    theirs = (await stub.SubmitJobs(batch("demo.fail", 2, times=10), metadata=globex)).jobs
    await settle(stub, list(mine), acme)
    await settle(stub, list(theirs), globex)
    dead = 'type = "demo.fail" AND status = FAILED'
    resp = await stub.RetryJobs(svc.RetryJobsRequest(filter=dead), metadata=acme)
    assert (resp.count, resp.more) == (3, False)
    assert await statuses(stub, globex) == [pb.JOB_STATUS_FAILED] * 2
    await settle(stub, list(mine), acme)  # each ran its fresh attempt and failed again
    # The other tenant's jobs are not even seen by id.
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.DeleteJob(svc.DeleteJobRequest(job_id=theirs[0].id), metadata=acme)
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND
    resp = await stub.DeleteJobs(svc.DeleteJobsRequest(filter=dead), metadata=acme)
    assert (resp.count, resp.more) == (3, False)
    assert await statuses(stub, acme) == []
    assert await statuses(stub, globex) == [pb.JOB_STATUS_FAILED] * 2
    # Cancel: live jobs in both tenants, only the caller's are canceled.
    await stub.SubmitJobs(batch("demo.sleep", 4, seconds=60), metadata=acme)
    await stub.SubmitJobs(batch("demo.sleep", 2, seconds=60), metadata=globex)
    live = 'type = "demo.sleep"'
    resp = await stub.CancelJobs(svc.CancelJobsRequest(filter=live, force=True), metadata=globex)
    assert (resp.count, resp.more) == (2, False)
    assert pb.JOB_STATUS_CANCELED not in await statuses(stub, acme)
    admin_all = (*bearer(world.jwt("root", "ops", "admin")), ("x-jobplane-tenant", "*"))
    resp = await stub.CancelJobs(svc.CancelJobsRequest(filter=live, force=True), metadata=admin_all)
    assert (resp.count, resp.more) == (4, False)
    assert await statuses(stub, acme) == [pb.JOB_STATUS_CANCELED] * 4


async def test_a_viewer_may_not_act_on_many_jobs(
    stub: svc_grpc.JobServiceStub, world: World
) -> None:
    viewer = world.metadata("viewer")
    calls = (
        stub.SubmitJobs(batch("demo.echo", 1), metadata=viewer),
        stub.CancelJobs(svc.CancelJobsRequest(filter="status = QUEUED"), metadata=viewer),
        stub.RetryJobs(svc.RetryJobsRequest(filter="status = FAILED"), metadata=viewer),
        stub.DeleteJobs(svc.DeleteJobsRequest(filter="status = FAILED"), metadata=viewer),
        stub.DeleteJob(
            svc.DeleteJobRequest(job_id="0" * 8 + "-0000-0000-0000-" + "0" * 12), metadata=viewer
        ),
    )
    for rpc in calls:
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await rpc
        assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED
        assert reason(caught.value) == "ROLE_NOT_ALLOWED"

"""WatchJobs: the lifecycle of every job matching a filter, as one live stream."""

from __future__ import annotations

import asyncio

import grpc
import pytest
from jobplane.server import app
from jobplane.server.api.requests import WatchJobs
from jobplane.server.domain import errors
from jobplane.v1 import job_pb2 as pb
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from .helpers import error_info, submit


async def _collect(call: object, until: int, out: list[svc.WatchJobsResponse]) -> None:
    async for ev in call:  # type: ignore[attr-defined]
        out.append(ev)
        if len(out) >= until:
            return


async def test_filtered_lifecycle_stream(
    server: app.Running, stub: svc_grpc.JobServiceStub
) -> None:
    call = stub.WatchJobs(svc.WatchJobsRequest(filter='labels.team = "ml"'))
    for _ in range(100):
        if server.manager.stats()["firehoses"] == 1:
            break
        await asyncio.sleep(0.02)
    events: list[svc.WatchJobsResponse] = []
    reader = asyncio.create_task(_collect(call, 3 * 5, events))
    ours = [await submit(stub, "demo.echo", {"i": i}, labels={"team": "ml"}) for i in range(5)]
    others = [await submit(stub, "demo.echo", {"i": i}, labels={"team": "web"}) for i in range(5)]
    await asyncio.wait_for(reader, 10)
    call.cancel()
    assert {e.job.id for e in events} == {j.id for j in ours}, "only the filter's jobs"
    assert not {e.job.id for e in events} & {j.id for j in others}
    for job in ours:
        mine = [e for e in events if e.job.id == job.id]
        assert [e.status for e in mine] == [
            pb.JOB_STATUS_QUEUED,
            pb.JOB_STATUS_RUNNING,
            pb.JOB_STATUS_SUCCEEDED,
        ]
        assert [e.sequence for e in mine] == sorted(e.sequence for e in mine)
        assert (
            mine[-1].job.status == pb.JOB_STATUS_SUCCEEDED
            and dict(mine[-1].job.output)["i"] == dict(job.payload)["i"]
        )
    for _ in range(100):
        if server.manager.stats()["firehoses"] == 0:
            break
        await asyncio.sleep(0.02)
    assert server.manager.stats()["firehoses"] == 0, "a dropped stream is unsubscribed"


async def test_status_filter_and_bad_filter(stub: svc_grpc.JobServiceStub) -> None:
    call = stub.WatchJobs(svc.WatchJobsRequest(filter="status = CANCELED"))
    events: list[svc.WatchJobsResponse] = []
    reader = asyncio.create_task(_collect(call, 1, events))
    await asyncio.sleep(0.2)
    job = await submit(stub, "demo.sleep", {"seconds": 5}, start_paused=True)
    await stub.CancelJob(svc.CancelJobRequest(job_id=job.id, reason="x"))
    await asyncio.wait_for(reader, 10)
    call.cancel()
    assert [(e.job.id, e.status) for e in events] == [(job.id, pb.JOB_STATUS_CANCELED)]
    with pytest.raises(grpc.aio.AioRpcError) as info:
        async for _ in stub.WatchJobs(svc.WatchJobsRequest(filter="colour = red")):
            pass
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert error_info(info.value).reason == "INVALID_FILTER"


async def test_a_subscriber_too_far_behind_is_ended(start_server: object) -> None:
    """A stream that does not take its events (its generator is parked) is dropped
    once more than watch_jobs_buffer events wait, with RESOURCE_EXHAUSTED."""
    srv: app.Running = await start_server(watch_jobs_buffer=5)  # type: ignore[operator]
    async with grpc.aio.insecure_channel(srv.target) as ch:
        stub = svc_grpc.JobServiceStub(ch)
        stream = srv.manager.watch_jobs(WatchJobs(filter_text="", filter=None))
        first = asyncio.ensure_future(anext(stream))  # subscribes, waits for an event
        await asyncio.sleep(0.05)
        for i in range(10):
            await submit(stub, "demo.echo", {"i": i}, start_paused=True)
        assert (await first).job is not None
        with pytest.raises(errors.ResourceExhaustedError) as info:
            await anext(stream)
        assert info.value.reason == "WATCH_TOO_SLOW"
        await stream.aclose()
        assert srv.manager.stats()["firehoses"] == 0

"""WatchJobs: the lifecycle of every job matching a filter, as one live stream."""

from __future__ import annotations

import asyncio
import time

import grpc
import pytest
from jobplane.server import app
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
        if server.manager.watch_log.followers == 1:
            break
        await asyncio.sleep(0.02)
    assert server.manager.watch_log.followers == 1
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


async def test_every_response_carries_a_cursor_that_resumes_after_it(
    server: app.Running, stub: svc_grpc.JobServiceStub
) -> None:
    """A dropped stream resumed by the last cursor it got sees the rest exactly once."""
    call = stub.WatchJobs(svc.WatchJobsRequest())
    for _ in range(100):
        if server.manager.watch_log.followers == 1:
            break
        await asyncio.sleep(0.02)
    jobs = [await submit(stub, "demo.echo", {"i": i}, start_paused=True) for i in range(6)]
    first: list[svc.WatchJobsResponse] = []
    await asyncio.wait_for(_collect(call, 3, first), 10)
    call.cancel()  # the connection drops after three events
    assert all(e.cursor for e in first) and len({e.cursor for e in first}) == 3
    rest: list[svc.WatchJobsResponse] = []
    again = stub.WatchJobs(svc.WatchJobsRequest(after_cursor=first[-1].cursor))
    await asyncio.wait_for(_collect(again, 3, rest), 10)
    again.cancel()
    assert [e.job.id for e in first + rest] == [j.id for j in jobs]


async def test_list_then_watch_misses_nothing(
    server: app.Running, stub: svc_grpc.JobServiceStub
) -> None:
    before = await submit(stub, "demo.echo", {}, start_paused=True)
    listed = await stub.ListJobs(svc.ListJobsRequest())
    assert [j.id for j in listed.jobs] == [before.id] and listed.watch_cursor
    after = await submit(stub, "demo.echo", {}, start_paused=True)  # before the watch starts
    call = stub.WatchJobs(svc.WatchJobsRequest(after_cursor=listed.watch_cursor))
    got: list[svc.WatchJobsResponse] = []
    await asyncio.wait_for(_collect(call, 1, got), 10)
    call.cancel()
    assert got[0].job.id == after.id and got[0].status == pb.JOB_STATUS_PAUSED


async def test_bad_and_expired_cursors(start_server: object, stub: svc_grpc.JobServiceStub) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as bad:
        async for _ in stub.WatchJobs(svc.WatchJobsRequest(after_cursor="nope")):
            pass
    assert bad.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert error_info(bad.value).reason == "INVALID_CURSOR"
    srv: app.Running = await start_server(event_retention_s=0.05)  # type: ignore[operator]
    async with grpc.aio.insecure_channel(srv.target) as ch:
        short = svc_grpc.JobServiceStub(ch)
        cursor = (await short.ListJobs(svc.ListJobsRequest())).watch_cursor
        await submit(short, "demo.echo", {}, start_paused=True)
        await asyncio.sleep(0.1)
        assert await srv.store.prune_watch_log(time.time() - 0.05) == 1
        with pytest.raises(grpc.aio.AioRpcError) as expired:
            async for _ in short.WatchJobs(svc.WatchJobsRequest(after_cursor=cursor)):
                pass
        assert expired.value.code() == grpc.StatusCode.OUT_OF_RANGE
        assert error_info(expired.value).reason == "CURSOR_EXPIRED"

"""SubmitJobs and the actions on many jobs (CancelJobs, RetryJobs, DeleteJobs,
DeleteJob) against a live server: batches are all or nothing and idempotent, bulk
cancel cancels every matching job exactly once, deletes are announced."""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from typing import Any

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from jobplane.server import app
from jobplane.v1 import job_pb2 as pb
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from ..conftest import StartServer
from .helpers import error_info, struct, wait


def item(type_: str = "demo.echo", **kw: Any) -> svc.SubmitJobRequest:
    payload = kw.pop("payload", {})
    return svc.SubmitJobRequest(type=type_, payload=struct(payload), **kw)


def violations(exc: grpc.aio.AioRpcError) -> list[str]:
    status = rpc_status.from_call(exc)  # type: ignore[arg-type]
    assert status is not None
    bad = error_details_pb2.BadRequest()
    assert any(d.Unpack(bad) for d in status.details if d.Is(bad.DESCRIPTOR))
    return [v.field for v in bad.field_violations]


async def subscribed(running: app.Running) -> None:
    """Until the server holds a WatchJobs stream that has fixed its starting position
    in the log (a bounded poll)."""
    for _ in range(500):
        if running.manager.watch_log.followers:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("WatchJobs never subscribed")


async def count_jobs(stub: svc_grpc.JobServiceStub, filter_: str = "") -> int:
    resp = await stub.ListJobs(svc.ListJobsRequest(filter=filter_, page_size=1000))
    return len(resp.jobs)


async def test_a_batch_comes_back_in_order_and_a_repeat_returns_the_same_jobs(
    stub: svc_grpc.JobServiceStub,
) -> None:
    req = svc.SubmitJobsRequest(
        requests=[item(payload={"i": i}, request_id=f"r{i}", labels={"b": "1"}) for i in range(5)]
    )
    first = (await stub.SubmitJobs(req)).jobs
    assert [j.payload["i"] for j in first] == [0, 1, 2, 3, 4]
    assert [j.request_id for j in first] == [f"r{i}" for i in range(5)]
    again = (await stub.SubmitJobs(req)).jobs
    assert [j.id for j in again] == [j.id for j in first]
    assert await count_jobs(stub) == 5
    done = [await wait(stub, j.id) for j in first]
    assert [j.status for j in done] == [pb.JOB_STATUS_SUCCEEDED] * 5
    # An item may repeat a SubmitJob made before the batch: it answers that job.
    single = (await stub.SubmitJob(item(request_id="solo"))).job
    out = (await stub.SubmitJobs(svc.SubmitJobsRequest(requests=[item(request_id="solo")]))).jobs
    assert [j.id for j in out] == [single.id]


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        (item(priority=500), "requests[2].priority"),
        (item("no.such.type"), "requests[2].type"),
        (item(labels={"bad key!": "x"}), "requests[2].labels"),
    ],
)
async def test_one_bad_item_fails_the_batch_and_writes_nothing(
    stub: svc_grpc.JobServiceStub, bad: svc.SubmitJobRequest, field: str
) -> None:
    req = svc.SubmitJobsRequest(requests=[item(), item(request_id="ok"), bad, item()])
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.SubmitJobs(req)
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert violations(caught.value) == [field]
    assert await count_jobs(stub) == 0


async def test_batch_limits_and_a_conflicting_request_id_write_nothing(
    stub: svc_grpc.JobServiceStub,
) -> None:
    for n in (0, 1001):
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await stub.SubmitJobs(svc.SubmitJobsRequest(requests=[item()] * n))
        assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert violations(caught.value) == ["requests"]
    held = (await stub.SubmitJob(item(request_id="k", payload={"v": 1}))).job
    clash = svc.SubmitJobsRequest(
        requests=[item(), item(request_id="k", payload={"v": 2}), item(request_id="new")]
    )
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.SubmitJobs(clash)
    assert caught.value.code() == grpc.StatusCode.ALREADY_EXISTS
    assert error_info(caught.value).metadata["job_id"] == held.id
    assert await count_jobs(stub) == 1
    # Two items of one batch with one request_id: one job, or a conflict.
    twins = [item(request_id="t", payload={"v": 1})] * 2
    out = (await stub.SubmitJobs(svc.SubmitJobsRequest(requests=twins))).jobs
    assert out[0].id == out[1].id
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.SubmitJobs(
            svc.SubmitJobsRequest(
                requests=[item(request_id="u", payload={"v": 1}), item(request_id="u")]
            )
        )
    assert caught.value.code() == grpc.StatusCode.ALREADY_EXISTS
    assert await count_jobs(stub) == 2


async def test_filters_are_required_and_max_jobs_bounded(stub: svc_grpc.JobServiceStub) -> None:
    calls = (
        lambda: stub.CancelJobs(svc.CancelJobsRequest(filter="  ")),
        lambda: stub.RetryJobs(svc.RetryJobsRequest()),
        lambda: stub.DeleteJobs(svc.DeleteJobsRequest()),
    )
    for make in calls:
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await make()
        assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert error_info(caught.value).reason == "FILTER_REQUIRED"
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.CancelJobs(svc.CancelJobsRequest(filter="status = QUEUED", max_jobs=10_001))
    assert violations(caught.value) == ["max_jobs"]


async def test_bulk_cancel_cancels_every_queued_and_running_job_exactly_once(
    start_server: StartServer,
) -> None:
    running: app.Running = await start_server(max_concurrency=8)
    n = 3000
    async with grpc.aio.insecure_channel(running.target) as ch:
        stub = svc_grpc.JobServiceStub(ch)
        sleep = item("demo.sleep", payload={"seconds": 60}, labels={"grp": "x"})
        other = item("demo.sleep", payload={"seconds": 60}, labels={"grp": "y"})
        for _ in range(n // 1000):
            await stub.SubmitJobs(svc.SubmitJobsRequest(requests=[sleep] * 1000))
        spared = (await stub.SubmitJobs(svc.SubmitJobsRequest(requests=[other]))).jobs[0]
        canceled: Counter[str] = Counter()
        stream = stub.WatchJobs(svc.WatchJobsRequest(filter='labels.grp = "x"'))

        async def collect() -> None:
            async for event in stream:
                if event.status == pb.JOB_STATUS_CANCELED:
                    canceled[event.job.id] += 1
                    if len(canceled) == n:
                        return

        reader = asyncio.create_task(collect())
        await subscribed(running)
        assert (await stub.ListJobs(svc.ListJobsRequest(filter="status = RUNNING"))).jobs
        total, calls, more = 0, 0, True
        while more:
            resp = await stub.CancelJobs(
                svc.CancelJobsRequest(filter='labels.grp = "x"', reason="bulk", max_jobs=1000)
            )
            total, more, calls = total + resp.count, resp.more, calls + 1
            assert calls <= n // 1000 + 1
        assert total == n
        await asyncio.wait_for(reader, 60)
        stream.cancel()
        assert len(canceled) == n and set(canceled.values()) == {1}
        left = await stub.ListJobs(
            svc.ListJobsRequest(filter='labels.grp = "x" AND status != CANCELED')
        )
        assert not left.jobs
        assert (await stub.GetJob(svc.GetJobRequest(job_id=spared.id))).job.status in (
            pb.JOB_STATUS_QUEUED,
            pb.JOB_STATUS_RUNNING,
        )
        again = await stub.CancelJobs(svc.CancelJobsRequest(filter='labels.grp = "x"'))
        assert (again.count, again.more) == (0, False)


async def test_delete_is_announced_and_the_job_is_gone(
    server: app.Running, stub: svc_grpc.JobServiceStub
) -> None:
    live = (await stub.SubmitJob(item("demo.sleep", payload={"seconds": 60}))).job
    jobs = (await stub.SubmitJobs(svc.SubmitJobsRequest(requests=[item()] * 3))).jobs
    for job in jobs:
        assert (await wait(stub, job.id)).status == pb.JOB_STATUS_SUCCEEDED
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.DeleteJob(svc.DeleteJobRequest(job_id=live.id))
    assert caught.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert error_info(caught.value).reason == "JOB_NOT_TERMINAL"
    events: list[svc.WatchJobsResponse] = []
    stream = stub.WatchJobs(svc.WatchJobsRequest(filter='type = "demo.echo"'))

    async def collect() -> None:
        async for event in stream:
            events.append(event)
            if len(events) == 3:
                return

    reader = asyncio.create_task(collect())
    await subscribed(server)
    await stub.DeleteJob(svc.DeleteJobRequest(job_id=jobs[0].id))
    resp = await stub.DeleteJobs(svc.DeleteJobsRequest(filter='type = "demo.echo"', max_jobs=1))
    assert (resp.count, resp.more) == (1, True)
    resp = await stub.DeleteJobs(svc.DeleteJobsRequest(filter='type = "demo.echo"'))
    assert (resp.count, resp.more) == (1, False)
    await asyncio.wait_for(reader, 10)
    stream.cancel()
    assert [e.kind for e in events] == [svc.WATCH_EVENT_KIND_DELETED] * 3
    assert sorted(e.job.id for e in events) == sorted(j.id for j in jobs)
    assert all(e.job.status == pb.JOB_STATUS_SUCCEEDED for e in events)
    for job in jobs:
        for rpc in (
            stub.GetJob(svc.GetJobRequest(job_id=job.id)),
            stub.WaitJob(svc.WaitJobRequest(job_id=job.id)),
            stub.DeleteJob(svc.DeleteJobRequest(job_id=job.id)),
        ):
            with pytest.raises(grpc.aio.AioRpcError) as caught:
                await rpc
            assert caught.value.code() == grpc.StatusCode.NOT_FOUND
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            async for _ in stub.WatchProgress(svc.WatchProgressRequest(job_id=job.id)):
                pass
        assert caught.value.code() == grpc.StatusCode.NOT_FOUND
    assert await count_jobs(stub) == 1
    with contextlib.suppress(grpc.aio.AioRpcError):
        await stub.CancelJob(svc.CancelJobRequest(job_id=live.id, force=True))

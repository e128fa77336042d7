"""Per-tenant quotas: submit rate and queued jobs, RESOURCE_EXHAUSTED with RetryInfo,
and the other tenant untouched (including its latency while one tenant floods)."""

from __future__ import annotations

import asyncio

import grpc
import pytest
from jobplane.server.auth import AuthConfig, QuotaConfig
from jobplane.server.auth.quotas import QueuedLimit
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from .calls import call, submit_request
from .conftest import StartServer, World, bearer
from .errinfo import details


async def _server(
    start_server: StartServer, world: World, **quotas: object
) -> svc_grpc.JobServiceStub:
    running = await start_server(auth=world.config(quotas=QuotaConfig(**quotas)))  # type: ignore[arg-type]
    return svc_grpc.JobServiceStub(grpc.aio.insecure_channel(running.target))


async def test_submit_rate_is_per_tenant_with_retry_info(
    start_server: StartServer, world: World
) -> None:
    stub = await _server(start_server, world, submit_rate_per_s=1.0, submit_burst=3)
    acme, globex = world.metadata("submitter"), bearer(world.tokens["globex-submitter"])
    for _ in range(3):
        assert (await call(stub, "SubmitJob", "", acme))[0] == grpc.StatusCode.OK
    code, err = await call(stub, "SubmitJob", "", acme)
    assert code == grpc.StatusCode.RESOURCE_EXHAUSTED
    info, retry = details(err)  # type: ignore[arg-type]
    assert info.reason == "SUBMIT_RATE_EXCEEDED" and info.metadata["tenant"] == "acme"
    assert retry is not None
    delay_s = retry.retry_delay.ToTimedelta().total_seconds()
    assert 0 < delay_s <= 1.0 + 1e-3
    # The other tenant has its own bucket.
    for _ in range(3):
        assert (await call(stub, "SubmitJob", "", globex))[0] == grpc.StatusCode.OK
    # Reads are not rate limited; honouring the delay lets the submit through.
    assert (await call(stub, "ListJobs", "", acme))[0] == grpc.StatusCode.OK
    await asyncio.sleep(delay_s)
    assert (await call(stub, "SubmitJob", "", acme))[0] == grpc.StatusCode.OK


async def test_queued_limit_per_tenant(start_server: StartServer, world: World) -> None:
    stub = await _server(start_server, world, max_queued=3, count_refresh_s=0.05)
    acme, globex = world.metadata("submitter"), bearer(world.tokens["globex-submitter"])
    ids = [(await stub.SubmitJob(submit_request(), metadata=acme)).job.id for _ in range(2)]
    await stub.SubmitJob(submit_request(paused=True), metadata=acme)  # paused counts too
    code, err = await call(stub, "SubmitJob", "", acme)
    assert code == grpc.StatusCode.RESOURCE_EXHAUSTED
    info, retry = details(err)  # type: ignore[arg-type]
    assert info.reason == "QUEUED_JOBS_LIMIT" and info.metadata["limit"] == "3"
    assert retry is not None and retry.retry_delay.ToTimedelta().total_seconds() == 1.0
    for _ in range(3):
        assert (await call(stub, "SubmitJob", "", globex))[0] == grpc.StatusCode.OK
    # Room again once a job leaves the queue (after the count refreshes).
    await stub.CancelJob(svc.CancelJobRequest(job_id=ids[0]), metadata=acme)
    for _ in range(40):  # the count is re-read after count_refresh_s (or longer if slow)
        await asyncio.sleep(0.05)
        if (await call(stub, "SubmitJob", "", acme))[0] == grpc.StatusCode.OK:
            break
    else:
        raise AssertionError("no room after a job left the queue")
    # RetryJob puts a job back in the queue, so it is held to the limit too.
    code, err = await call(stub, "RetryJob", ids[0], acme)
    assert code == grpc.StatusCode.RESOURCE_EXHAUSTED


async def test_queued_count_reads_are_shared_and_err_high() -> None:
    reads = 0
    stored = 0
    gate = asyncio.Event()

    async def count(tenant: str) -> int:
        nonlocal reads
        reads += 1
        await gate.wait()
        return stored

    limit = QueuedLimit(count, limit=5, refresh_s=60.0, retry_after_s=1.0)
    waiting = [asyncio.create_task(limit.admit("t")) for _ in range(5)]
    await asyncio.sleep(0)
    gate.set()
    releases = await asyncio.gather(*waiting)
    assert reads == 1  # one read served five concurrent callers
    with pytest.raises(Exception, match="queued jobs"):
        await limit.admit("t")
    for release in releases:
        release()
    assert reads == 1


def test_token_bucket_grants_its_burst_then_the_rate() -> None:
    from jobplane.server.auth.quotas import TokenBucket

    bucket = TokenBucket(rate=2.0, burst=3, now=100.0)
    assert [bucket.take(100.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert bucket.take(100.0) == pytest.approx(0.5)
    assert bucket.take(100.5) == 0.0
    assert bucket.take(100.5) == pytest.approx(0.5)
    assert bucket.take(99.0) > 0  # a clock going backwards never mints tokens
    assert bucket.take(110.0) == 0.0 and bucket.full(110.0) is False


async def test_a_failing_count_is_internal_and_runs_nothing(
    start_server: StartServer, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    running = await start_server(auth=world.config(quotas=QuotaConfig(max_queued=5)))

    async def broken(*_: object) -> int:
        raise RuntimeError("disk on fire")

    running.store.count_queued = broken  # type: ignore[method-assign]
    async with grpc.aio.insecure_channel(running.target) as channel:
        code, err = await call(
            svc_grpc.JobServiceStub(channel), "SubmitJob", "", world.metadata("submitter")
        )
    assert code == grpc.StatusCode.INTERNAL
    assert "disk on fire" not in err.details()  # type: ignore[attr-defined]
    assert await running.store.count() == 0
    assert "disk on fire" in caplog.text


async def _open_watch(
    stub: svc_grpc.JobServiceStub, job_id: str, md: tuple[tuple[str, str], ...]
) -> grpc.aio.UnaryStreamCall:  # type: ignore[type-arg]
    """A WatchProgress stream, admitted: its first message (the snapshot) has arrived."""
    call_ = stub.WatchProgress(svc.WatchProgressRequest(job_id=job_id), metadata=md)
    await call_.read()
    return call_


async def test_stream_limit_is_per_tenant_and_spares_the_others(
    start_server: StartServer, world: World
) -> None:
    """Issue 15, item 4: tenant acme holds its 4 streams (WatchProgress and WatchJobs)
    on a server capped at 12 calls; its next 30 are refused TOO_MANY_STREAMS (and end at
    once, holding no slot), while globex's submits, reads and its own streams all
    succeed. Closing one of acme's streams lets acme open one again."""
    running = await start_server(
        auth=world.config(quotas=QuotaConfig(max_streams=4)), max_concurrent_rpcs=12
    )
    channel = grpc.aio.insecure_channel(running.target)
    stub = svc_grpc.JobServiceStub(channel)
    acme, globex = world.metadata("submitter"), bearer(world.tokens["globex-submitter"])
    mine = (await stub.SubmitJob(submit_request(), metadata=acme)).job.id
    theirs = (await stub.SubmitJob(submit_request(), metadata=globex)).job.id
    held = [await _open_watch(stub, mine, acme) for _ in range(3)]
    # From the list's cursor: the next change is delivered whenever the stream starts
    # reading (without one, a stream starts at the log head it first reads).
    cursor = (await stub.ListJobs(svc.ListJobsRequest(), metadata=acme)).watch_cursor
    jobs_watch = stub.WatchJobs(svc.WatchJobsRequest(after_cursor=cursor), metadata=acme)
    await stub.SubmitJob(submit_request(), metadata=acme)  # an event, so the watch shows it is open
    await jobs_watch.read()
    held.append(jobs_watch)

    async def refused(rpc: str) -> None:
        req = (
            svc.WatchJobsRequest() if rpc == "WatchJobs" else svc.WatchProgressRequest(job_id=mine)
        )
        with pytest.raises(grpc.aio.AioRpcError) as exc:
            await getattr(stub, rpc)(req, metadata=acme, timeout=5).read()
        assert exc.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
        info, retry = details(exc.value)
        assert (info.reason, info.metadata["tenant"], info.metadata["limit"]) == (
            "TOO_MANY_STREAMS",
            "acme",
            "4",
        )
        assert retry is not None

    await asyncio.gather(*(refused(("WatchJobs", "WatchProgress")[i % 2]) for i in range(30)))
    # The other tenant is untouched: submits, reads, and streams of its own.
    for _ in range(5):
        assert (await call(stub, "SubmitJob", "", globex))[0] == grpc.StatusCode.OK
    assert (await call(stub, "GetJob", theirs, globex))[0] == grpc.StatusCode.OK
    others = [await _open_watch(stub, theirs, globex) for _ in range(4)]
    # Unary calls of the limited tenant are not streams: still served.
    assert (await call(stub, "SubmitJob", "", acme))[0] == grpc.StatusCode.OK
    held.pop(0).cancel()
    for _ in range(100):  # the server hears of the cancel asynchronously
        try:
            held.append(await _open_watch(stub, mine, acme))
            break
        except grpc.aio.AioRpcError as exc:
            assert exc.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
            await asyncio.sleep(0.02)
    else:
        raise AssertionError("acme could not open a stream after closing one")
    for c in held + others:
        c.cancel()
    await channel.close()


async def test_streams_of_an_open_server_share_one_tenant(start_server: StartServer) -> None:
    """An open server is one tenant (''): --quota-max-streams bounds its streams."""
    running = await start_server(auth=AuthConfig(quotas=QuotaConfig(max_streams=2)))
    async with grpc.aio.insecure_channel(running.target) as channel:
        stub = svc_grpc.JobServiceStub(channel)
        job = (await stub.SubmitJob(submit_request())).job.id
        held = [await _open_watch(stub, job, ()) for _ in range(2)]
        with pytest.raises(grpc.aio.AioRpcError) as exc:
            await _open_watch(stub, job, ())
        assert details(exc.value)[0].reason == "TOO_MANY_STREAMS"
        for c in held:
            c.cancel()


def _batch(n: int) -> svc.SubmitJobsRequest:
    return svc.SubmitJobsRequest(requests=[submit_request()] * n)


async def _refused(stub: svc_grpc.JobServiceStub, n: int, md: tuple[tuple[str, str], ...]) -> str:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.SubmitJobs(_batch(n), metadata=md)
    assert caught.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    return details(caught.value)[0].reason  # type: ignore[arg-type]


async def test_submit_jobs_spends_one_unit_of_each_quota_per_item(
    start_server: StartServer, world: World
) -> None:
    stub = await _server(start_server, world, submit_rate_per_s=0.01, submit_burst=5)
    acme = world.metadata("submitter")
    await stub.SubmitJobs(_batch(3), metadata=acme)
    assert await _refused(stub, 3, acme) == "SUBMIT_RATE_EXCEEDED"  # 2 tokens left
    await stub.SubmitJobs(_batch(2), metadata=acme)
    stub = await _server(start_server, world, max_queued=4, count_refresh_s=0.05)
    assert await _refused(stub, 5, acme) == "QUEUED_JOBS_LIMIT"
    assert not (await stub.ListJobs(svc.ListJobsRequest(), metadata=acme)).jobs
    await stub.SubmitJobs(_batch(4), metadata=acme)
    assert await _refused(stub, 1, acme) == "QUEUED_JOBS_LIMIT"

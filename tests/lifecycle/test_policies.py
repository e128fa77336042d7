"""Retries, timeouts, priorities, pools, scheduling, stalls, checkpoints, retention."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import AsyncIterator, Awaitable, Callable

import grpc
import pytest
from google.protobuf import duration_pb2
from jobplane.server import app
from jobplane.v1 import job_pb2 as pb
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from ..integration.helpers import submit, wait

Start = Callable[..., Awaitable[app.Running]]
HANDLERS = ("tests.lifecycle.handlers",)


def dur(seconds: float) -> duration_pb2.Duration:
    d = duration_pb2.Duration()
    d.FromNanoseconds(int(seconds * 1e9))
    return d


@pytest.fixture
async def connect(
    start_server: Start,
) -> AsyncIterator[Callable[..., Awaitable[svc_grpc.JobServiceStub]]]:
    channels: list[grpc.aio.Channel] = []

    async def make(**overrides: object) -> svc_grpc.JobServiceStub:
        srv = await start_server(handler_modules=HANDLERS, **overrides)
        ch = grpc.aio.insecure_channel(srv.target)
        channels.append(ch)
        return svc_grpc.JobServiceStub(ch)

    yield make
    for ch in channels:
        await ch.close()


async def test_retries_follow_backoff_then_succeed(
    connect: Callable[..., Awaitable[svc_grpc.JobServiceStub]],
) -> None:
    stub = await connect()
    policy = pb.RetryPolicy(
        initial_backoff=dur(0.2), max_backoff=dur(5), backoff_multiplier=2.0, jitter=0.0
    )
    job = await submit(stub, "demo.fail", {"times": 2}, max_attempts=3, retry_policy=policy)
    await wait(stub, job.id)
    replay = stub.WatchProgress(svc.WatchProgressRequest(job_id=job.id, after_sequence=1))
    statuses = [e.status async for e in replay if e.kind != svc.WATCH_EVENT_KIND_PROGRESS]
    S = pb
    assert statuses == [S.JOB_STATUS_RUNNING, S.JOB_STATUS_RETRYING, S.JOB_STATUS_QUEUED,
                        S.JOB_STATUS_RUNNING, S.JOB_STATUS_RETRYING, S.JOB_STATUS_QUEUED, S.JOB_STATUS_RUNNING,
                        S.JOB_STATUS_SUCCEEDED]  # fmt: skip
    done = (await stub.GetJob(svc.GetJobRequest(job_id=job.id))).job
    assert done.status == pb.JOB_STATUS_SUCCEEDED and done.attempt == 3 and len(done.attempts) == 3
    a = done.attempts
    assert [x.outcome for x in a] == [
        pb.JOB_STATUS_FAILED,
        pb.JOB_STATUS_FAILED,
        pb.JOB_STATUS_SUCCEEDED,
    ]
    assert a[0].error.reason == "HANDLER_ERROR"
    gap1 = (a[1].start_time.ToNanoseconds() - a[0].end_time.ToNanoseconds()) / 1e9
    gap2 = (a[2].start_time.ToNanoseconds() - a[1].end_time.ToNanoseconds()) / 1e9
    assert 0.2 <= gap1 < 0.6, gap1
    assert 0.4 <= gap2 < 0.9, gap2


async def test_retrying_shows_next_attempt_time(
    connect: Callable[..., Awaitable[svc_grpc.JobServiceStub]],
) -> None:
    stub = await connect()
    policy = pb.RetryPolicy(initial_backoff=dur(2), jitter=0.0)
    job = await submit(stub, "demo.fail", {"times": 1}, max_attempts=2, retry_policy=policy)
    async for ev in stub.WatchProgress(svc.WatchProgressRequest(job_id=job.id)):
        if ev.status == pb.JOB_STATUS_RETRYING:
            break
    got = (await stub.GetJob(svc.GetJobRequest(job_id=job.id))).job
    assert got.status == pb.JOB_STATUS_RETRYING
    wait_s = got.next_attempt_time.ToNanoseconds() / 1e9 - time.time()
    assert 1.0 < wait_s <= 2.1
    assert got.error.reason == "HANDLER_ERROR"
    await stub.CancelJob(svc.CancelJobRequest(job_id=job.id))


async def test_exhausted_retries_dead_letter_and_redrive(
    connect: Callable[..., Awaitable[svc_grpc.JobServiceStub]],
) -> None:
    stub = await connect()
    job = await submit(stub, "demo.fail", {"times": 2}, max_attempts=2)
    failed = await wait(stub, job.id)
    assert failed.status == pb.JOB_STATUS_FAILED and failed.attempt == 2
    dead = (await stub.ListJobs(svc.ListJobsRequest(filter="dead_letter = true"))).jobs
    assert job.id in [j.id for j in dead]
    back = (await stub.RetryJob(svc.RetryJobRequest(job_id=job.id))).job
    assert back.status == pb.JOB_STATUS_QUEUED and back.max_attempts == 3
    done = await wait(stub, job.id)
    assert done.status == pb.JOB_STATUS_SUCCEEDED and len(done.attempts) == 3


async def test_non_retryable_error_fails_at_once(
    connect: Callable[..., Awaitable[svc_grpc.JobServiceStub]],
) -> None:
    stub = await connect()
    done = await wait(
        stub, (await submit(stub, "test.outcome", {"outcome": "fatal"}, max_attempts=5)).id
    )
    assert done.status == pb.JOB_STATUS_FAILED and done.attempt == 1
    assert done.error.reason == "NON_RETRYABLE"
    policy = pb.RetryPolicy(non_retryable_reasons=["HANDLER_ERROR"])
    done = await wait(
        stub,
        (await submit(stub, "demo.fail", {"times": 3}, max_attempts=5, retry_policy=policy)).id,
    )
    assert done.status == pb.JOB_STATUS_FAILED and done.attempt == 1


async def test_timeout_fails_with_job_timeout(
    connect: Callable[..., Awaitable[svc_grpc.JobServiceStub]],
) -> None:
    stub = await connect()
    job = await submit(
        stub, "demo.sleep", {"seconds": 5, "steps": 5}, timeout=dur(0.3), max_attempts=1
    )
    done = await wait(stub, job.id)
    assert done.status == pb.JOB_STATUS_FAILED
    assert done.error.reason == "JOB_TIMEOUT" and done.error.code == "DEADLINE_EXCEEDED"
    took = (done.end_time.ToNanoseconds() - done.start_time.ToNanoseconds()) / 1e9
    assert took < 2.0
    # A handler that ignores the cooperative cancel is cancelled hard after the grace period.
    job = await submit(
        stub, "test.silent", {"beats": 0, "silent_s": 30}, timeout=dur(0.2), max_attempts=1
    )
    done = await wait(stub, job.id)
    assert done.status == pb.JOB_STATUS_FAILED and done.error.reason == "JOB_TIMEOUT"


async def test_priority_order_with_one_slot(
    connect: Callable[..., Awaitable[svc_grpc.JobServiceStub]],
) -> None:
    stub = await connect(max_concurrency=1)
    blocker = await submit(stub, "test.outcome", {"outcome": "hang"})
    while (
        await stub.GetJob(svc.GetJobRequest(job_id=blocker.id))
    ).job.status != pb.JOB_STATUS_RUNNING:
        await asyncio.sleep(0.02)
    jobs = []
    for prio in (10, 50, 100, 50, 75, 0, 100):
        jobs.append((prio, await submit(stub, "demo.echo", {"p": prio}, priority=prio)))
    await stub.CancelJob(svc.CancelJobRequest(job_id=blocker.id))
    done = [await wait(stub, j.id) for _, j in jobs]
    order = [j.id for j in sorted(done, key=lambda j: j.start_time.ToNanoseconds())]
    expected = [
        j.id for _, j in sorted(jobs, key=lambda pj: -pj[0])
    ]  # stable: FIFO within a priority
    assert order == expected


async def test_aging_lifts_a_starved_low_priority_job(
    connect: Callable[..., Awaitable[svc_grpc.JobServiceStub]],
) -> None:
    stub = await connect(max_concurrency=1, priority_aging_s=0.05)
    blocker = await submit(stub, "test.outcome", {"outcome": "hang"})
    while (
        await stub.GetJob(svc.GetJobRequest(job_id=blocker.id))
    ).job.status != pb.JOB_STATUS_RUNNING:
        await asyncio.sleep(0.02)
    low = await submit(stub, "demo.echo", priority=0)
    # Aging runs on the once-a-second tick: after 2.5 s at 1 point per 0.05 s the
    # effective priority is at least 30 (one tick behind), above the newcomer's 20.
    await asyncio.sleep(2.5)
    high = await submit(stub, "demo.echo", priority=20)
    await stub.CancelJob(svc.CancelJobRequest(job_id=blocker.id))
    a, b = await wait(stub, low.id), await wait(stub, high.id)
    assert a.start_time.ToNanoseconds() < b.start_time.ToNanoseconds()


async def test_pool_limits_one_type(
    connect: Callable[..., Awaitable[svc_grpc.JobServiceStub]],
) -> None:
    stub = await connect(max_concurrency=4, pools=(("demo.sleep", 1),))
    sleeps = [await submit(stub, "demo.sleep", {"seconds": 0.4, "steps": 2}) for _ in range(3)]
    echo = await submit(stub, "demo.echo")
    e = await wait(stub, echo.id)
    done = [await wait(stub, s.id) for s in sleeps]
    spans = sorted((d.start_time.ToNanoseconds(), d.end_time.ToNanoseconds()) for d in done)
    for (_, e1), (s2, _) in itertools.pairwise(spans):
        assert s2 >= e1, "two demo.sleep jobs overlapped despite --pool demo.sleep=1"
    assert e.end_time.ToNanoseconds() < spans[-1][0], "other types were not blocked by the pool"


async def test_scheduled_job_does_not_start_early(
    connect: Callable[..., Awaitable[svc_grpc.JobServiceStub]],
) -> None:
    stub = await connect()
    req = svc.SubmitJobRequest(type="demo.echo")
    at = time.time() + 1.0
    req.schedule_time.FromNanoseconds(int(at * 1e9))
    job = (await stub.SubmitJob(req)).job
    assert job.status == pb.JOB_STATUS_QUEUED
    done = await wait(stub, job.id)
    assert done.start_time.ToNanoseconds() / 1e9 >= at
    assert done.start_time.ToNanoseconds() / 1e9 < at + 1.5


async def test_silent_handler_stalls_then_retries(
    connect: Callable[..., Awaitable[svc_grpc.JobServiceStub]],
) -> None:
    stub = await connect()
    job = await submit(
        stub,
        "test.silent",
        {"beats": 0.5, "silent_s": 30},
        heartbeat_timeout=dur(0.5),
        max_attempts=2,
    )
    statuses = [e.status async for e in stub.WatchProgress(svc.WatchProgressRequest(job_id=job.id))
                if e.kind == svc.WATCH_EVENT_KIND_STATUS]  # fmt: skip
    assert pb.JOB_STATUS_STALLED in statuses
    i = statuses.index(pb.JOB_STATUS_STALLED)
    assert statuses[i + 1] == pb.JOB_STATUS_RETRYING
    done = (await stub.GetJob(svc.GetJobRequest(job_id=job.id))).job
    assert done.status == pb.JOB_STATUS_SUCCEEDED and done.attempt == 2
    assert (
        done.attempts[0].outcome == pb.JOB_STATUS_STALLED
        and done.attempts[0].error.reason == "JOB_STALLED"
    )


async def test_checkpoint_resumes_next_attempt(
    connect: Callable[..., Awaitable[svc_grpc.JobServiceStub]],
) -> None:
    stub = await connect()
    done = await wait(
        stub, (await submit(stub, "test.checkpointing", {"n": 10}, max_attempts=2)).id
    )
    assert done.status == pb.JOB_STATUS_SUCCEEDED
    assert dict(done.output) == {"resumed_from": 5.0, "attempt": 2.0}


async def test_queued_ttl_expires_but_never_running(
    connect: Callable[..., Awaitable[svc_grpc.JobServiceStub]],
) -> None:
    stub = await connect(queued_ttl_s=0.5)
    paused = await submit(stub, "demo.echo", start_paused=True)
    running = await submit(stub, "demo.sleep", {"seconds": 2.5, "steps": 5})
    own_ttl = await submit(stub, "demo.echo", start_paused=True, ttl=dur(60))
    await asyncio.sleep(2.0)
    got = (await stub.GetJob(svc.GetJobRequest(job_id=paused.id))).job
    assert got.status == pb.JOB_STATUS_EXPIRED and got.error.reason == "JOB_EXPIRED"
    assert (
        await stub.GetJob(svc.GetJobRequest(job_id=own_ttl.id))
    ).job.status == pb.JOB_STATUS_PAUSED
    assert (await wait(stub, running.id)).status == pb.JOB_STATUS_SUCCEEDED


async def test_terminal_eviction_by_count_and_age(
    connect: Callable[..., Awaitable[svc_grpc.JobServiceStub]],
) -> None:
    stub = await connect(max_terminal_jobs=3, retention_s=3600.0)
    live = await submit(stub, "demo.echo", start_paused=True)
    done = [await wait(stub, (await submit(stub, "demo.echo", {"i": i})).id) for i in range(6)]
    for _ in range(80):
        left = (await stub.ListJobs(svc.ListJobsRequest(filter="status = SUCCEEDED"))).jobs
        if len(left) <= 3:
            break
        await asyncio.sleep(0.1)
    assert [j.id for j in left] == [d.id for d in reversed(done[-3:])], (
        "oldest terminal evicted first"
    )
    assert (await stub.GetJob(svc.GetJobRequest(job_id=live.id))).job.status == pb.JOB_STATUS_PAUSED


async def test_terminal_eviction_by_age(
    connect: Callable[..., Awaitable[svc_grpc.JobServiceStub]],
) -> None:
    stub = await connect(retention_s=0.2)
    live = await submit(stub, "demo.echo", start_paused=True)
    old = await wait(stub, (await submit(stub, "demo.echo")).id)
    for _ in range(80):
        try:
            await stub.GetJob(svc.GetJobRequest(job_id=old.id))
        except grpc.aio.AioRpcError as exc:
            assert exc.code() == grpc.StatusCode.NOT_FOUND
            break
        await asyncio.sleep(0.1)
    else:
        raise AssertionError("terminal job was never evicted")
    assert (await stub.GetJob(svc.GetJobRequest(job_id=live.id))).job.status == pb.JOB_STATUS_PAUSED

"""WatchProgress: snapshot, ordered events, terminal close, resume, many and slow subscribers."""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from jobplane.server import app
from jobplane.v1 import job_pb2 as pb
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from ..support import record_timing
from .helpers import error_info, submit, wait, watch

SNAPSHOT, STATUS, PROGRESS = (
    svc.WATCH_EVENT_KIND_SNAPSHOT,
    svc.WATCH_EVENT_KIND_STATUS,
    svc.WATCH_EVENT_KIND_PROGRESS,
)


async def test_watch_sleep_to_the_end(stub: svc_grpc.JobServiceStub) -> None:
    job = await submit(stub, "demo.sleep", {"seconds": 0.5, "steps": 10})
    events = await watch(stub, job.id)
    assert events[0].kind == SNAPSHOT and events[0].job.id == job.id
    seqs = [e.sequence for e in events]
    assert seqs == sorted(set(seqs)), "strictly rising sequences"
    progress = [e for e in events if e.kind == PROGRESS]
    assert len(progress) >= 10
    assert [e.progress.current for e in progress] == sorted(e.progress.current for e in progress)
    last = events[-1]
    assert last.status == pb.JOB_STATUS_SUCCEEDED and last.kind == STATUS
    assert last.WhichOneof("result") == "output" and last.job.status == pb.JOB_STATUS_SUCCEEDED
    assert sum(1 for e in events if e.status == pb.JOB_STATUS_SUCCEEDED and e.kind == STATUS) == 1
    assert last.sequence == last.job.sequence


async def test_watch_terminal_job_is_snapshot_then_close(stub: svc_grpc.JobServiceStub) -> None:
    job = await submit(stub, "demo.echo", {"x": 1})
    await wait(stub, job.id)
    events = await watch(stub, job.id)
    assert len(events) == 1 and events[0].kind == SNAPSHOT
    assert (
        events[0].status == pb.JOB_STATUS_SUCCEEDED and events[0].WhichOneof("result") == "output"
    )


async def test_resume_after_sequence_has_no_gap_or_duplicate(stub: svc_grpc.JobServiceStub) -> None:
    job = await submit(stub, "demo.sleep", {"seconds": 0.6, "steps": 12})
    full = await watch(stub, job.id)
    all_seqs = [e.sequence for e in full]
    for cut in (all_seqs[2], all_seqs[len(all_seqs) // 2], all_seqs[-2]):
        rest = await watch(stub, job.id, after=cut)
        assert [e.sequence for e in rest] == [s for s in range(cut + 1, all_seqs[-1] + 1)]
        assert rest[-1].status == pb.JOB_STATUS_SUCCEEDED and rest[-1].job.id == job.id


async def test_resume_mid_stream(stub: svc_grpc.JobServiceStub) -> None:
    """Break a live stream, resume it: the two halves join without a gap or duplicate."""
    job = await submit(stub, "demo.sleep", {"seconds": 1.0, "steps": 20})
    first: list[int] = []
    call = stub.WatchProgress(svc.WatchProgressRequest(job_id=job.id))
    async for ev in call:
        first.append(ev.sequence)
        if len(first) == 5:
            call.cancel()
            break
    await asyncio.sleep(0.2)
    second = [e.sequence for e in await watch(stub, job.id, after=first[-1])]
    joined = first + second
    assert joined == list(range(joined[0], joined[-1] + 1))


async def test_after_sequence_ahead_is_out_of_range(stub: svc_grpc.JobServiceStub) -> None:
    job = await submit(stub, "demo.echo")
    await wait(stub, job.id)
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await watch(stub, job.id, after=10_000)
    assert info.value.code() == grpc.StatusCode.OUT_OF_RANGE
    assert error_info(info.value).reason == "SEQUENCE_OUT_OF_RANGE"


async def test_many_subscribers_see_the_same_events(
    server: app.Running, stub: svc_grpc.JobServiceStub
) -> None:
    job = await submit(stub, "demo.sleep", {"seconds": 0.5, "steps": 10}, start_paused=True)
    watchers = [asyncio.create_task(watch(stub, job.id)) for _ in range(25)]
    for _ in range(200):  # every watcher subscribed before the job starts
        if server.manager.stats()["subscribers"] >= 25:
            break
        await asyncio.sleep(0.02)
    await stub.ResumeJob(svc.ResumeJobRequest(job_id=job.id))
    results = await asyncio.gather(*watchers)
    tails = [[(e.sequence, e.status) for e in r if e.kind != SNAPSHOT] for r in results]
    assert all(t == tails[0] for t in tails)
    assert tails[0][-1][1] == pb.JOB_STATUS_SUCCEEDED


async def _run_with_watchers(
    stub: svc_grpc.JobServiceStub, steps: int, stuck: bool
) -> tuple[float, list[svc.WatchProgressResponse], list[svc.WatchProgressResponse]]:
    job = await submit(stub, "demo.sleep", {"seconds": 1.0, "steps": steps}, start_paused=True)
    slow = stub.WatchProgress(svc.WatchProgressRequest(job_id=job.id))
    slow_events = [await slow.read()]  # the snapshot; then (if stuck) stop reading
    fast = asyncio.create_task(watch(stub, job.id))
    await asyncio.sleep(0.2)
    await stub.ResumeJob(svc.ResumeJobRequest(job_id=job.id))
    if not stuck:
        while (ev := await slow.read()) is not grpc.aio.EOF:
            slow_events.append(ev)
    done = await wait(stub, job.id)
    assert done.status == pb.JOB_STATUS_SUCCEEDED
    run_s = (done.end_time.ToNanoseconds() - done.start_time.ToNanoseconds()) / 1e9
    fast_events = await fast
    if stuck:
        while (ev := await slow.read()) is not grpc.aio.EOF:
            slow_events.append(ev)
    return run_s, fast_events, slow_events


async def test_slow_subscriber_is_coalesced_not_blocking(start_server: object) -> None:
    """A subscriber that stops reading while 3,000 updates are reported: the job still
    ends, a fast subscriber sees every event, the stuck one every status change.
    (Coalescing itself: tests/unit/test_broker.py; how much the job slows, compared with
    a run where it reads, is a timing that ``make bench`` prints, section proofs.)"""
    # max-lag coalescing off: on a busy machine the reading watcher may itself be 10 ms
    # behind now and then, and this case is about the stuck one.
    srv: app.Running = await start_server(watch_max_lag_s=None)  # type: ignore[operator]
    async with grpc.aio.insecure_channel(srv.target) as ch:
        stub = svc_grpc.JobServiceStub(ch)
        base_s, _, _ = await _run_with_watchers(stub, 3_000, stuck=False)
        run_s, fast_events, slow_events = await _run_with_watchers(stub, 3_000, stuck=True)
        record_timing("stuck_subscriber_job_slowdown", run_s / base_s, "x", 1.5,
                      "in-process job of 3,000 updates with a stuck watcher / with a reader")  # fmt: skip
        fast_seqs = [e.sequence for e in fast_events]
        assert fast_seqs == list(range(fast_seqs[0], fast_seqs[-1] + 1)), (
            "the fast one lost nothing"
        )
        statuses = [e.status for e in slow_events if e.kind == STATUS]
        assert statuses == [e.status for e in fast_events if e.kind == STATUS]
        assert {e.sequence for e in slow_events[1:]} <= set(fast_seqs), "no invented events"
        assert slow_events[-1].status == pb.JOB_STATUS_SUCCEEDED
    await asyncio.sleep(0.1)
    assert srv.manager.stats()["subscribers"] == 0


async def test_disconnected_watchers_are_unsubscribed(server: app.Running) -> None:
    async with grpc.aio.insecure_channel(server.target) as ch:
        stub = svc_grpc.JobServiceStub(ch)
        job = await submit(stub, "demo.sleep", {"seconds": 30}, start_paused=True)
        calls = [stub.WatchProgress(svc.WatchProgressRequest(job_id=job.id)) for _ in range(50)]
        for c in calls:
            await c.read()
        assert server.manager.stats()["subscribers"] == 50
        for c in calls:
            c.cancel()
    for _ in range(50):
        if server.manager.stats()["subscribers"] == 0:
            break
        await asyncio.sleep(0.05)
    assert server.manager.stats()["subscribers"] == 0


async def test_a_burst_of_watchers_all_get_their_snapshot(server: app.Running) -> None:
    """2,500 WatchProgress calls opened at once over 5 connections (gRPC's default
    cancels calls beyond 1,000 not yet taken up by the server): every one gets its
    snapshot, none ends early."""
    n, per_conn = 2500, 500
    channels = [
        grpc.aio.insecure_channel(server.target, options=[("grpc.use_local_subchannel_pool", 1)])
        for _ in range(n // per_conn)
    ]
    try:
        stub = svc_grpc.JobServiceStub(channels[0])
        job = await submit(stub, "demo.sleep", {"seconds": 30}, start_paused=True)
        stubs = [svc_grpc.JobServiceStub(c) for c in channels]
        calls = [
            stubs[i // per_conn].WatchProgress(svc.WatchProgressRequest(job_id=job.id))
            for i in range(n)
        ]
        firsts = await asyncio.wait_for(asyncio.gather(*(c.read() for c in calls)), 60)
        assert all(f.kind == svc.WATCH_EVENT_KIND_SNAPSHOT for f in firsts)
        assert server.manager.stats()["subscribers"] == n
        for c in calls:
            c.cancel()
    finally:
        for c in channels:
            await c.close()


async def test_progress_interval_sends_the_latest_progress_at_most_that_often(
    server: app.Running,
) -> None:
    """A job reporting 400 updates over 1 s, watched with progress_interval 100 ms
    beside a watcher without one: at most one progress event per 100 ms, each the
    latest (its sequence only grows, the last report arrives), every status change
    in the same order as the full watcher's."""
    async with grpc.aio.insecure_channel(server.target) as ch:
        stub = svc_grpc.JobServiceStub(ch)
        job = await submit(stub, "demo.sleep", {"seconds": 1, "steps": 400}, start_paused=True)
        req = svc.WatchProgressRequest(job_id=job.id)
        req.progress_interval.FromMilliseconds(100)
        paced_call, full_call = (
            stub.WatchProgress(req),
            stub.WatchProgress(svc.WatchProgressRequest(job_id=job.id)),
        )
        await paced_call.read(), await full_call.read()  # both snapshots: subscribed

        async def arrivals(call: Any) -> list[tuple[float, svc.WatchProgressResponse]]:
            loop, got = asyncio.get_running_loop(), []
            while (e := await call.read()) is not grpc.aio.EOF:
                got.append((loop.time(), e))
            return got

        await stub.ResumeJob(svc.ResumeJobRequest(job_id=job.id))
        paced, full = await asyncio.gather(arrivals(paced_call), arrivals(full_call))
    progress = [(t, e) for t, e in paced if e.kind == svc.WATCH_EVENT_KIND_PROGRESS]
    full_progress = [e for _, e in full if e.kind == svc.WATCH_EVENT_KIND_PROGRESS]
    ran_s = paced[-1][0] - paced[0][0]
    assert 3 <= len(progress) <= ran_s / 0.1 + 2, (len(progress), ran_s)
    assert len(full_progress) > 2 * len(progress)
    gaps = [b - a for (a, _), (b, _) in itertools.pairwise(progress)]
    # ~100 ms apart; only the last may come sooner, flushed just before SUCCEEDED
    assert min(gaps[:-1]) >= 0.09, gaps
    seqs = [e.sequence for _, e in paced]
    assert seqs == sorted(set(seqs)), "in sequence order, no duplicates"
    assert progress[-1][1].progress.current == 400, "the last report is not held back"

    def statuses(events: list[tuple[float, svc.WatchProgressResponse]]) -> list[int]:
        return [e.status for _, e in events if e.kind == STATUS]

    assert statuses(paced) == statuses(full)
    assert paced[-1][1].status == pb.JOB_STATUS_SUCCEEDED


@pytest.mark.parametrize(("seconds", "nanos"), [(-1, 0), (3601, 0), (0, -5)])
async def test_a_bad_progress_interval_is_invalid_argument(
    server: app.Running, seconds: int, nanos: int
) -> None:
    async with grpc.aio.insecure_channel(server.target) as ch:
        stub = svc_grpc.JobServiceStub(ch)
        job = await submit(stub, "demo.sleep", {"seconds": 30}, start_paused=True)
        req = svc.WatchProgressRequest(job_id=job.id)
        req.progress_interval.seconds, req.progress_interval.nanos = seconds, nanos
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            async for _ in stub.WatchProgress(req):
                pass
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert error_info(caught.value).reason == "INVALID_ARGUMENT"
    status = rpc_status.from_call(caught.value)  # type: ignore[arg-type]
    assert status is not None
    bad = error_details_pb2.BadRequest()
    assert any(d.Unpack(bad) for d in status.details if d.Is(bad.DESCRIPTOR))
    assert [v.field for v in bad.field_violations] == ["progress_interval"]

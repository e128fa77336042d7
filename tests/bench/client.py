"""The load client, run in its own process: ``python -m tests.bench.client < SPEC_JSON``.

Prints one JSON object (the workload's measurements) on stdout. Every loop is
bounded in count and in time; only loopback targets are used.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

import grpc
from google.protobuf import struct_pb2
from jobplane.v1 import job_pb2 as pb
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from .echo_server import STREAM, UNARY
from .stats import pct

Spec = dict[str, Any]
DEADLINE_S = 120.0  # no workload runs longer than this
_IDS = itertools.count()
_TERMINAL = (
    pb.JOB_STATUS_SUCCEEDED,
    pb.JOB_STATUS_FAILED,
    pb.JOB_STATUS_CANCELED,
    pb.JOB_STATUS_EXPIRED,
)


def _channel(target: str, separate: bool = False) -> grpc.aio.Channel:
    assert target.startswith("127.0.0.1:"), "loopback only"
    opts: list[tuple[str, Any]] = [("grpc.max_receive_message_length", 16 * 1024 * 1024)]
    if separate:  # its own TCP connection, not a shared subchannel
        opts += [("grpc.use_local_subchannel_pool", 1), ("bench.channel_id", next(_IDS))]
    return grpc.aio.insecure_channel(target, options=opts)


def _submit_request(job_type: str = "demo.echo", **kw: Any) -> svc.SubmitJobRequest:
    payload = struct_pb2.Struct()
    payload.update({"n": 1})
    return svc.SubmitJobRequest(type=job_type, payload=payload, **kw)


async def _rate(call: Callable[[], Awaitable[Any]], spec: Spec) -> dict[str, Any]:
    """``concurrency`` workers calling ``call`` until ``count`` calls or ``seconds`` pass."""
    count, seconds, conc = int(spec["count"]), float(spec["seconds"]), int(spec["concurrency"])
    for _ in range(min(200, count)):  # warm-up
        await call()
    lat: list[float] = []
    issued = 0
    start = time.perf_counter()
    stop_at = start + seconds

    async def worker() -> None:
        nonlocal issued
        while issued < count and time.perf_counter() < stop_at:
            issued += 1
            t0 = time.perf_counter()
            await call()
            lat.append(time.perf_counter() - t0)

    await asyncio.gather(*(worker() for _ in range(conc)))
    elapsed = time.perf_counter() - start
    return {
        "calls": len(lat),
        "elapsed_s": elapsed,
        "rps": len(lat) / elapsed,
        "p50_ms": pct(lat, 50) * 1e3,
        "p99_ms": pct(lat, 99) * 1e3,
    }


async def echo_unary(spec: Spec) -> dict[str, Any]:
    async with _channel(spec["target"]) as ch:
        call: Any = ch.unary_unary(UNARY)
        return await _rate(lambda: call(b""), spec)


async def submit(spec: Spec) -> dict[str, Any]:
    """SubmitJob at full rate; then the time the server takes to finish the jobs it
    accepted (``drain_s``), so every round starts from an idle server and the
    sustained rate (accepted jobs / (submit time + drain time)) is reported too."""
    async with _channel(spec["target"]) as ch:
        stub = svc_grpc.JobServiceStub(ch)
        req = _submit_request(spec.get("type", "demo.echo"))
        result = await _rate(lambda: stub.SubmitJob(req), spec)
        result["drain_s"] = await _drain(stub, float(spec.get("drain_timeout_s", 90)))
        result["sustained_jobs_per_s"] = result["calls"] / (result["elapsed_s"] + result["drain_s"])
        return result


async def _drain(stub: svc_grpc.JobServiceStub, timeout_s: float) -> float:
    """Seconds until no job is QUEUED or RUNNING (polled every 20 ms, bounded)."""
    start = time.perf_counter()
    live = svc.ListJobsRequest(filter="status = QUEUED OR status = RUNNING", page_size=1)
    while time.perf_counter() - start < timeout_s:
        if not (await stub.ListJobs(live)).jobs:
            break
        await asyncio.sleep(0.02)
    return time.perf_counter() - start


async def e2e(spec: Spec) -> dict[str, Any]:
    """``count`` jobs, ``concurrency`` in flight: submit, then WaitJob (or a watch) to
    SUCCEEDED; mode "stream": submits only, with one WatchJobs stream seeing the ends."""
    count, conc, mode = int(spec["count"]), int(spec["concurrency"]), spec.get("mode", "wait")
    if mode == "stream":
        seconds = float(spec.get("seconds", 60))
        return await _e2e_stream(
            spec["target"], count, conc, seconds, spec.get("type", "demo.echo")
        )
    async with _channel(spec["target"]) as ch:
        stub = svc_grpc.JobServiceStub(ch)
        req = _submit_request()
        wait_req_timeout = 30
        done_ok = 0
        next_i = 0

        async def one() -> bool:
            job = (await stub.SubmitJob(req)).job
            if mode == "watch":
                async for ev in stub.WatchProgress(svc.WatchProgressRequest(job_id=job.id)):
                    if ev.status in _TERMINAL:
                        return bool(ev.status == pb.JOB_STATUS_SUCCEEDED)
                return False
            w = svc.WaitJobRequest(job_id=job.id)
            w.timeout.seconds = wait_req_timeout
            got = (await stub.WaitJob(w)).job
            return bool(got.status == pb.JOB_STATUS_SUCCEEDED)

        for _ in range(50):  # warm-up
            await one()
        start = time.perf_counter()
        stop_at = start + float(spec.get("seconds", 60))

        async def worker() -> None:
            nonlocal done_ok, next_i
            while next_i < count and time.perf_counter() < stop_at:
                next_i += 1
                ok = await one()
                done_ok += ok

        await asyncio.gather(*(worker() for _ in range(conc)))
        elapsed = time.perf_counter() - start
    return {"jobs": done_ok, "elapsed_s": elapsed, "jobs_per_s": done_ok / elapsed, "mode": mode}


async def _e2e_stream(
    target: str, count: int, conc: int, seconds: float, job_type: str
) -> dict[str, Any]:
    """One WatchJobs stream counts SUCCEEDED; workers only submit. The stream's filter
    (this run's label and a terminal status) makes the server send only the ends."""
    run_label = f"e2e-{time.monotonic_ns()}"
    async with _channel(target) as ch:
        stub = svc_grpc.JobServiceStub(ch)
        req = _submit_request(job_type)
        req.labels["run"] = run_label
        ends = "status = SUCCEEDED OR status = FAILED OR status = CANCELED OR status = EXPIRED"
        watch = stub.WatchJobs(
            svc.WatchJobsRequest(filter=f'labels.run = "{run_label}" AND ({ends})')
        )
        await asyncio.sleep(0.3)  # the stream is subscribed before the first submit
        succeeded = 0
        all_done = asyncio.Event()

        async def count_ends() -> None:
            nonlocal succeeded
            async for ev in watch:
                if ev.status == pb.JOB_STATUS_SUCCEEDED:
                    succeeded += 1
                    if succeeded >= count:
                        all_done.set()
                        return

        counter = asyncio.create_task(count_ends())
        start = time.perf_counter()
        next_i = 0

        async def worker() -> None:
            nonlocal next_i
            while next_i < count and time.perf_counter() - start < seconds:
                next_i += 1
                await stub.SubmitJob(req)

        await asyncio.gather(*(worker() for _ in range(conc)))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(
                all_done.wait(), max(1.0, seconds - (time.perf_counter() - start))
            )
        elapsed = time.perf_counter() - start
        counter.cancel()
        watch.cancel()
    return {
        "jobs": succeeded,
        "elapsed_s": elapsed,
        "jobs_per_s": succeeded / elapsed,
        "mode": "stream",
    }


async def start_latency(spec: Spec) -> dict[str, Any]:
    """``count`` jobs one at a time, ``gap_ms`` apart; submit→RUNNING from the job's
    recorded start_time - create_time, and submit→RUNNING as a watcher hears it."""
    count, gap = int(spec["count"]), float(spec["gap_ms"]) / 1e3
    async with _channel(spec["target"]) as ch:
        stub = svc_grpc.JobServiceStub(ch)
        req = _submit_request()
        for _ in range(20):  # warm-up
            await stub.SubmitJob(req)
        await asyncio.sleep(0.2)
        ids: list[str] = []
        rtt: list[float] = []
        for _ in range(count):
            t0 = time.perf_counter()
            ids.append((await stub.SubmitJob(req)).job.id)
            rtt.append(time.perf_counter() - t0)
            await asyncio.sleep(max(0.0, gap - (time.perf_counter() - t0)))
        recorded: list[float] = []
        for job_id in ids:
            w = svc.WaitJobRequest(job_id=job_id)
            w.timeout.seconds = 10
            job = (await stub.WaitJob(w)).job
            start_ns = job.start_time.ToNanoseconds()
            if start_ns:
                recorded.append((start_ns - job.create_time.ToNanoseconds()) / 1e6)
    return {
        "jobs": len(recorded),
        "p50_ms": pct(recorded, 50),
        "p99_ms": pct(recorded, 99),
        "max_ms": max(recorded, default=float("nan")),
        "submit_rtt_p50_ms": pct(rtt, 50) * 1e3,
        "submit_rtt_p99_ms": pct(rtt, 99) * 1e3,
    }


async def _read_stream(
    stream: Any, lag: list[float] | None, seqs: list[int], first: asyncio.Event | None
) -> int:
    n = 0
    async for ev in stream:
        n += 1
        if first is not None and not first.is_set():
            first.set()
        if lag is not None and ev.kind == svc.WATCH_EVENT_KIND_PROGRESS:
            lag.append(time.time() - ev.progress.update_time.ToNanoseconds() / 1e9)
        seqs.append(ev.sequence)
    return n


async def watch(spec: Spec) -> dict[str, Any]:
    """One ``bench.progress`` job (``rate``/s for ``seconds``), ``subscribers`` watching."""
    subs, rate, seconds = int(spec["subscribers"]), float(spec["rate"]), float(spec["seconds"])
    async with _channel(spec["target"]) as ch:
        stub = svc_grpc.JobServiceStub(ch)
        payload = struct_pb2.Struct()
        payload.update({"rate": rate, "seconds": seconds})
        req = svc.SubmitJobRequest(type="bench.progress", payload=payload, start_paused=True)
        job = (await stub.SubmitJob(req)).job
        lags: list[list[float]] = [[] for _ in range(subs)]
        seqs: list[list[int]] = [[] for _ in range(subs)]
        firsts = [asyncio.Event() for _ in range(subs)]
        watch_req = svc.WatchProgressRequest(job_id=job.id)
        if spec.get("progress_interval_ms"):
            watch_req.progress_interval.FromMilliseconds(int(spec["progress_interval_ms"]))
        tasks = [
            asyncio.create_task(
                _read_stream(
                    stub.WatchProgress(watch_req),
                    lags[i],
                    seqs[i],
                    firsts[i],
                )
            )
            for i in range(subs)
        ]
        await asyncio.wait_for(asyncio.gather(*(f.wait() for f in firsts)), 30)
        t0 = time.perf_counter()
        await stub.ResumeJob(svc.ResumeJobRequest(job_id=job.id))
        await asyncio.wait_for(asyncio.gather(*tasks), seconds + 60)
        elapsed = time.perf_counter() - t0
        final = (await stub.GetJob(svc.GetJobRequest(job_id=job.id))).job
    all_lag = [x for sub in lags for x in sub]
    # a subscriber that keeps up sees every durable sequence number: no gaps
    gaps = [sum(max(0, b - a - 1) for a, b in itertools.pairwise(s)) for s in seqs]
    total_msgs = sum(len(s) for s in seqs)
    return {
        "subscribers": subs,
        "reported": int(rate * seconds),
        "events_written": final.sequence,
        "msgs": total_msgs,
        "elapsed_s": elapsed,
        "msgs_per_s": total_msgs / elapsed,
        "lag_p50_ms": pct(all_lag, 50) * 1e3,
        "lag_p99_ms": pct(all_lag, 99) * 1e3,
        "lag_max_ms": max(all_lag, default=float("nan")) * 1e3,
        "subscribers_with_gaps": sum(1 for g in gaps if g),
        "missed_events": sum(gaps),
    }


async def echo_stream(spec: Spec) -> dict[str, Any]:
    subs, per = int(spec["subscribers"]), int(spec["messages"])
    async with _channel(spec["target"]) as ch:
        call: Any = ch.unary_stream(
            STREAM, response_deserializer=svc.WatchProgressResponse.FromString
        )
        seqs: list[list[int]] = [[] for _ in range(subs)]
        t0 = time.perf_counter()
        counts = await asyncio.wait_for(
            asyncio.gather(
                *(_read_stream(call(str(per).encode()), None, seqs[i], None) for i in range(subs))
            ),
            DEADLINE_S,
        )
        elapsed = time.perf_counter() - t0
    return {"msgs": sum(counts), "elapsed_s": elapsed, "msgs_per_s": sum(counts) / elapsed}


async def idle_watches(spec: Spec) -> dict[str, Any]:
    """``count`` idle WatchProgress streams (one paused job each); the server's RSS
    before and after they are all open."""
    import psutil  # type: ignore[import-untyped]

    count, per_conn = int(spec["count"]), 500
    proc = psutil.Process(int(spec["server_pid"]))
    chans = [
        _channel(spec["target"], separate=True) for _ in range((count + per_conn - 1) // per_conn)
    ]
    try:
        stubs = [svc_grpc.JobServiceStub(c) for c in chans]
        req = _submit_request(start_paused=True)
        sem = asyncio.Semaphore(64)

        async def sub(i: int) -> str:
            async with sem:
                return (await stubs[i % len(stubs)].SubmitJob(req)).job.id

        ids = await asyncio.gather(*(sub(i) for i in range(count)))
        await asyncio.sleep(1.0)
        before = proc.memory_info().rss
        calls: list[Any] = []
        tasks: list[asyncio.Task[int]] = []
        opened = 0
        for lo in range(0, count, 250):  # open in batches; each batch's snapshots first
            firsts = [asyncio.Event() for _ in range(lo, min(count, lo + 250))]
            for j, first in enumerate(firsts):
                c = stubs[(lo + j) // per_conn].WatchProgress(
                    svc.WatchProgressRequest(job_id=ids[lo + j])
                )
                calls.append(c)
                tasks.append(asyncio.create_task(_read_stream(c, None, [], first)))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.gather(*(f.wait() for f in firsts)), 20)
            opened += sum(f.is_set() for f in firsts)
        await asyncio.sleep(1.0)
        after = proc.memory_info().rss
        for call in calls:
            call.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    finally:
        for chan in chans:
            await chan.close()
    return {
        "watches": opened,
        "rss_before_mb": before / 2**20,
        "rss_after_mb": after / 2**20,
        "kb_per_watch": (after - before) / 1024 / max(1, opened),
    }


async def reads(spec: Spec) -> dict[str, Any]:
    """GetJob on known ids and filtered ListJobs first pages, one call at a time."""
    ids: list[str] = spec["ids"]
    filters: list[str] = spec["filters"]
    n_list = int(spec["list_calls"])
    async with _channel(spec["target"]) as ch:
        stub = svc_grpc.JobServiceStub(ch)
        get_lat: list[float] = []
        for i, job_id in enumerate(ids):
            t0 = time.perf_counter()
            await stub.GetJob(svc.GetJobRequest(job_id=job_id))
            if i >= 50:  # after warm-up
                get_lat.append(time.perf_counter() - t0)
        list_lat: dict[str, list[float]] = {f: [] for f in filters}
        rows = 0
        for i in range(n_list + len(filters) * 5):
            f = filters[i % len(filters)]
            t0 = time.perf_counter()
            resp = await stub.ListJobs(svc.ListJobsRequest(filter=f, page_size=50))
            if i >= len(filters) * 5:
                list_lat[f].append(time.perf_counter() - t0)
            rows += len(resp.jobs)
    every = [x for v in list_lat.values() for x in v]
    return {
        "get_p50_ms": pct(get_lat, 50) * 1e3,
        "get_p99_ms": pct(get_lat, 99) * 1e3,
        "list_p50_ms": pct(every, 50) * 1e3,
        "list_p99_ms": pct(every, 99) * 1e3,
        "list_p99_by_filter_ms": {f: pct(v, 99) * 1e3 for f, v in list_lat.items()},
        "list_rows": rows,
    }


WORKLOADS: dict[str, Callable[[Spec], Awaitable[dict[str, Any]]]] = {
    "echo_unary": echo_unary,
    "submit": submit,
    "e2e": e2e,
    "start_latency": start_latency,
    "watch": watch,
    "echo_stream": echo_stream,
    "idle_watches": idle_watches,
    "reads": reads,
}


async def _main(spec: Spec) -> dict[str, Any]:
    from .batch_client import WORKLOADS as BATCH_WORKLOADS
    from .http_client import WORKLOADS as HTTP_WORKLOADS
    from .worker_client import WORKLOADS as WORKER_WORKLOADS

    run = {**WORKLOADS, **HTTP_WORKLOADS, **WORKER_WORKLOADS, **BATCH_WORKLOADS}[spec["workload"]]
    return await asyncio.wait_for(run(spec), DEADLINE_S)


def main() -> None:
    spec: Spec = json.loads(sys.stdin.read())
    try:
        import uvloop

        result = uvloop.run(_main(spec))
    except ImportError:
        result = asyncio.run(_main(spec))
    print(json.dumps(result))


if __name__ == "__main__":
    main()

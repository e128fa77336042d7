"""The schedule bench's client (``python -m tests.bench.schedule_load``, JSON on stdin):
create ``count`` interval schedules whose nominal times are spread evenly over the
interval, let each fire once in a measured window, and report the fire lag of every
run (its job's create time minus its nominal time)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import sys
import time
from typing import Any

import grpc
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc
from jobplane.v1 import schedule_service_pb2 as spb
from jobplane.v1 import schedule_service_pb2_grpc as spb_grpc

from .stats import pct

NOMINAL = "jobplane.dev/nominal-time"


async def _create(stub: spb_grpc.ScheduleServiceStub, count: int, interval_s: float,
                  base: float, concurrency: int) -> None:  # fmt: skip
    todo = iter(range(count))

    async def worker() -> None:
        for i in todo:
            s = spb.Schedule(overlap_policy=spb.OVERLAP_POLICY_ALLOW_ALL)
            s.spec.interval.FromNanoseconds(int(interval_s * 1e9))
            # Anchors spread over one interval: count / interval_s runs a second.
            s.spec.start_time.FromNanoseconds(int((base + i * interval_s / count) * 1e9))
            s.job.type = "demo.echo"
            req = spb.CreateScheduleRequest(schedule_id=f"b{i}", schedule=s)
            await stub.CreateSchedule(req, timeout=60)

    await asyncio.gather(*(worker() for _ in range(concurrency)))


async def _lags(jobs: svc_grpc.JobServiceStub, lo: float, hi: float) -> list[float]:
    out: list[float] = []
    token = ""
    # Bounded: the server's pages end.
    while True:
        req = svc.ListJobsRequest(
            filter='labels:"jobplane.dev/schedule"', page_size=1000, page_token=token
        )
        page = await jobs.ListJobs(req, timeout=60)
        for job in page.jobs:
            nominal = dt.datetime.fromisoformat(job.labels[NOMINAL]).timestamp()
            if lo <= nominal < hi:
                out.append(job.create_time.ToNanoseconds() / 1e9 - nominal)
        token = page.next_page_token
        if not token:
            return out


async def run(spec: dict[str, Any]) -> dict[str, Any]:
    count, interval_s = int(spec["count"]), float(spec["interval_s"])
    async with grpc.aio.insecure_channel(spec["target"]) as channel:
        t0 = time.time()
        base = t0 + float(spec["setup_s"])  # the first nominal times come after creation
        await _create(spb_grpc.ScheduleServiceStub(channel), count, interval_s, base, 64)
        created_s = time.time() - t0
        window = (base, base + interval_s)  # each schedule's first nominal time, once
        await asyncio.sleep(max(0.0, window[1] + 3.0 - time.time()))
        lags = await _lags(svc_grpc.JobServiceStub(channel), *window)
    ms = [x * 1000 for x in lags]
    return {
        "schedules": count,
        "runs_in_window": len(lags),
        "create_s": created_s,
        "late_setup": created_s > float(spec["setup_s"]),
        "lag_p50_ms": pct(ms, 50),
        "lag_p99_ms": pct(ms, 99),
        "lag_max_ms": max(ms) if ms else float("nan"),
        "rate_per_s": count / interval_s,
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(run(json.loads(sys.stdin.read())))))

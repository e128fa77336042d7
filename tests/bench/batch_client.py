"""Load-client workloads of SubmitJobs (run by :mod:`.client`'s process): batches of
``batch`` no-op jobs per call; every loop bounded in count and time."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

Spec = dict[str, Any]


async def submit_batch(spec: Spec) -> dict[str, Any]:
    """``concurrency`` callers each sending SubmitJobs of ``batch`` jobs until ``count``
    jobs or ``seconds`` pass; a job counts once its call answered (durably written)."""
    from .client import _channel, _drain, _submit_request

    size, count = int(spec["batch"]), int(spec["count"])
    seconds, conc = float(spec["seconds"]), int(spec["concurrency"])
    item = _submit_request(spec.get("type", "demo.echo"), start_paused=bool(spec.get("paused")))
    req = svc.SubmitJobsRequest(requests=[item] * size)
    async with _channel(spec["target"]) as ch:
        stub = svc_grpc.JobServiceStub(ch)
        await stub.SubmitJobs(req)  # warm-up
        lat: list[float] = []
        issued = 0
        start = time.perf_counter()
        stop_at = start + seconds

        async def worker() -> None:
            nonlocal issued
            while issued < count and time.perf_counter() < stop_at:
                issued += size
                t0 = time.perf_counter()
                resp = await stub.SubmitJobs(req)
                assert len(resp.jobs) == size
                lat.append(time.perf_counter() - t0)

        await asyncio.gather(*(worker() for _ in range(conc)))
        elapsed = time.perf_counter() - start
        jobs = len(lat) * size
        result = {
            "calls": len(lat),
            "jobs": jobs,
            "elapsed_s": elapsed,
            "jobs_per_s": jobs / elapsed,
            "call_ms": 1e3 * sorted(lat)[len(lat) // 2],
        }
        if not spec.get("paused"):
            result["drain_s"] = await _drain(stub, float(spec.get("drain_timeout_s", 90)))
        return result


WORKLOADS = {"submit_batch": submit_batch}

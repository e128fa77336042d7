"""Case 11: soak: mixed load (submit, wait, watch, cancel, list) with retention on.

The fast suite runs a short variant (JOBPLANE_SOAK_SHORT_S, default 8 s) that checks
no job is lost and tasks return to baseline; ``make soak`` runs the long one
(JOBPLANE_SOAK_S, default 540 s) that also checks RSS, open files and tasks stay flat.
"""

from __future__ import annotations

import asyncio
import collections
import gc
import os
import random
import statistics
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import grpc
import pytest
from google.protobuf import duration_pb2
from jobplane.server import app
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from ..conftest import StartServer
from ._support import (
    HANDLERS,
    is_terminal,
    live_tasks,
    open_fds,
    rss_mb,
    status_name,
    submit_request,
    task_baseline,
)

WORKERS = 8


@dataclass
class Tally:
    acked: set[str] = field(default_factory=set)
    finished: dict[str, str] = field(default_factory=dict)
    evicted_unseen: set[str] = field(default_factory=set)
    ops: collections.Counter[str] = field(default_factory=collections.Counter)
    samples: list[dict[str, float]] = field(default_factory=list)


async def _wait_end(stub: svc_grpc.JobServiceAsyncStub, job_id: str, tally: Tally) -> None:
    for _ in range(10):
        try:
            resp = await stub.WaitJob(
                svc.WaitJobRequest(job_id=job_id, timeout=duration_pb2.Duration(seconds=30)),
                timeout=40,
            )
        except grpc.aio.AioRpcError as exc:
            if exc.code() == grpc.StatusCode.NOT_FOUND:
                tally.evicted_unseen.add(job_id)
                return
            raise
        if is_terminal(resp.job):
            tally.finished[job_id] = status_name(resp.job.status)
            return


async def _watch_end(stub: svc_grpc.JobServiceAsyncStub, job_id: str, tally: Tally) -> None:
    last = None
    async for ev in stub.WatchProgress(svc.WatchProgressRequest(job_id=job_id), timeout=60):
        last = ev
    if last is not None and last.status in (3, 4, 5, 6):
        tally.finished[job_id] = status_name(last.status)
    else:
        await _wait_end(stub, job_id, tally)


async def _worker(
    stub: svc_grpc.JobServiceAsyncStub, rng: random.Random, until: float, tally: Tally, run: str
) -> None:
    while time.monotonic() < until:
        op = rng.choices(["echo", "sleep_watch", "cancel", "fail", "list"], [4, 3, 2, 1, 1])[0]
        tally.ops[op] += 1
        if op == "list":
            flt = rng.choice(
                ["", "status = SUCCEEDED", f'labels.run = "{run}"', 'type = "demo.echo"']
            )
            resp = await stub.ListJobs(svc.ListJobsRequest(filter=flt, page_size=50), timeout=10)
            if resp.next_page_token:
                await stub.ListJobs(
                    svc.ListJobsRequest(filter=flt, page_size=50, page_token=resp.next_page_token),
                    timeout=10,
                )
            continue
        labels = {"run": run}
        rid = uuid.uuid4().hex
        if op == "echo":
            req = submit_request("demo.echo", {"n": rng.random()}, labels=labels, request_id=rid)
        elif op == "fail":
            req = submit_request("demo.fail", {"times": 1}, labels=labels, request_id=rid)
        else:
            steps = rng.randint(2, 8)
            req = submit_request(
                "demo.sleep", {"seconds": rng.uniform(0.05, 0.4), "steps": steps}, labels=labels
            )
        job_id = (await stub.SubmitJob(req, timeout=10)).job.id
        tally.acked.add(job_id)
        if op == "sleep_watch":
            await _watch_end(stub, job_id, tally)
        elif op == "cancel":
            await asyncio.sleep(rng.uniform(0, 0.3))
            try:
                await stub.CancelJob(
                    svc.CancelJobRequest(job_id=job_id, force=rng.random() < 0.5), timeout=10
                )
            except grpc.aio.AioRpcError as exc:
                assert exc.code() == grpc.StatusCode.FAILED_PRECONDITION, exc
            await _wait_end(stub, job_id, tally)
        else:
            await _wait_end(stub, job_id, tally)


async def _sampler(running: app.Running, until: float, every_s: float, tally: Tally) -> None:
    pid = os.getpid()
    while time.monotonic() < until:
        await asyncio.sleep(every_s)
        stats = running.manager.stats()
        tally.samples.append(
            {
                "t": time.monotonic(),
                "rss_mb": rss_mb(pid),
                "fds": open_fds(pid),
                "tasks": live_tasks(),
                "topics": stats["topics"],
                "subscribers": stats["subscribers"],
                "stored_jobs": await running.store.count(),
            }
        )


async def soak(
    start_server: StartServer, tmp_path: Path, seconds: float, every_s: float
) -> dict[str, float]:
    running = await start_server(
        db=f"sqlite:///{tmp_path / 'soak.db'}",
        handler_modules=(HANDLERS,),
        max_concurrency=8,
        retention_s=2.0,
        max_terminal_jobs=300,
    )
    rng = random.Random(11)
    tally = Tally()
    run = uuid.uuid4().hex[:8]
    async with grpc.aio.insecure_channel(running.target) as channel:
        stub = svc_grpc.JobServiceStub(channel)
        gc.collect()
        base = {t.get_name() for t in asyncio.all_tasks()}
        base_tasks = await task_baseline()
        until = time.monotonic() + seconds
        sampler = asyncio.create_task(_sampler(running, until, every_s, tally))
        workers = [
            asyncio.create_task(_worker(stub, random.Random(rng.random()), until, tally, run))
            for _ in range(WORKERS)
        ]
        await asyncio.wait_for(asyncio.gather(*workers), seconds + 120)
        await sampler
        for _ in range(100):  # tasks back to the baseline once the load stops
            if live_tasks() <= base_tasks:
                break
            await asyncio.sleep(0.05)
        end_tasks = live_tasks()
        extra = [t for t in asyncio.all_tasks() if t.get_name() not in base]
    lost = tally.acked - set(tally.finished) - tally.evicted_unseen
    samples = tally.samples
    third = max(1, len(samples) // 3)
    head, tail = samples[third : 2 * third] or samples[:1], samples[-third:]

    def growth(key: str) -> float:
        return statistics.median(s[key] for s in tail) - statistics.median(s[key] for s in head)

    figures = {
        "seconds": seconds,
        "jobs": len(tally.acked),
        "lost": len(lost),
        "evicted_before_seen": len(tally.evicted_unseen),
        "rss_mb_first": samples[0]["rss_mb"],
        "rss_mb_max": max(s["rss_mb"] for s in samples),
        "rss_growth_mb": growth("rss_mb"),
        "fds_growth": growth("fds"),
        "tasks_growth": growth("tasks"),
        "max_topics": max(s["topics"] for s in samples),
        "max_stored_jobs": max(s["stored_jobs"] for s in samples),
        "tasks_after_vs_base": end_tasks - base_tasks,
    }
    print(f"soak {dict(tally.ops)} {figures}")
    assert not lost, f"jobs never seen terminal: {sorted(lost)[:5]}"
    assert not tally.evicted_unseen
    assert end_tasks <= base_tasks, [repr(t)[:300] for t in extra]
    return figures


async def test_soak_short(start_server: StartServer, tmp_path: Path) -> None:
    """Injects: 8 s of mixed load from 8 clients (submit+wait, submit+watch, submit+cancel,
    failing jobs, filtered paged lists) with retention on (2 s, at most 300 terminal jobs).
    Asserts: every acknowledged job was seen terminal, none evicted unseen, asyncio tasks
    back to baseline after the load."""
    seconds = float(os.environ.get("JOBPLANE_SOAK_SHORT_S", "8"))
    await soak(start_server, tmp_path, seconds, every_s=1.0)


@pytest.mark.slow
@pytest.mark.timeout(900)
async def test_soak_long(start_server: StartServer, tmp_path: Path) -> None:
    """Injects: the same load for JOBPLANE_SOAK_S (default 540 s). Asserts: as the short
    run, plus RSS growth < 25 MB, open files +/- 5 and task count growth <= 10 between the
    middle and the last third of the run, and the store stays bounded by retention."""
    seconds = float(os.environ.get("JOBPLANE_SOAK_S", "540"))
    figures = await soak(start_server, tmp_path, seconds, every_s=5.0)
    assert figures["rss_growth_mb"] < 25
    assert abs(figures["fds_growth"]) <= 5
    assert figures["tasks_growth"] <= 10
    assert figures["max_stored_jobs"] < 2000

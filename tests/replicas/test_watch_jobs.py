"""WatchJobs on PostgreSQL replicas: one order of every replica's changes, and a
client that switches replica mid-stream resumes by cursor with no gap or duplicate."""

from __future__ import annotations

import asyncio
import contextlib

from jobplane.v1 import job_service_pb2 as svc

from ..support import assert_each_change_once
from .conftest import TERMINAL, StartCluster

JOBS = 120


async def _history(cluster: object, job_id: str) -> list[int]:
    stub = cluster.replicas[0].stub  # type: ignore[attr-defined]
    """QUEUED, then every later status change as the store replays it."""
    req = svc.WatchProgressRequest(job_id=job_id, after_sequence=1)
    out = [1]  # JOB_STATUS_QUEUED
    async for ev in stub.WatchProgress(req, timeout=20):
        if ev.kind == svc.WATCH_EVENT_KIND_STATUS:
            out.append(int(ev.status))
    return out


async def test_switching_replica_mid_stream_sees_every_change_once(
    start_cluster: StartCluster,
) -> None:
    cluster = await start_cluster(2)
    r0, r1 = cluster.replicas
    start = (await r0.stub.ListJobs(svc.ListJobsRequest())).watch_cursor
    seen: list[svc.WatchJobsResponse] = []
    switched = asyncio.Event()

    async def follow() -> None:
        cursor = start
        for replica in (r0, r1):
            call = replica.stub.WatchJobs(svc.WatchJobsRequest(after_cursor=cursor))
            async for ev in call:
                seen.append(ev)
                cursor = ev.cursor
                if replica is r0 and len(seen) >= JOBS:
                    call.cancel()  # switch replica mid-stream
                    switched.set()
                    break

    reader = asyncio.create_task(follow())
    ids = [(await cluster.submit(i, "demo.echo", {"i": i})).id for i in range(JOBS * 2)]
    final = [await cluster.wait(j, i) for i, j in enumerate(ids)]
    assert all(j.status in TERMINAL for j in final)
    await asyncio.wait_for(switched.wait(), 20)
    histories = {j: await _history(cluster, j) for j in ids}
    expected = sum(len(h) for h in histories.values())
    for _ in range(500):  # bounded: 10 s
        if len(seen) >= expected:
            break
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.3)  # a duplicate would arrive now
    reader.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await reader
    assert_each_change_once(seen, histories)

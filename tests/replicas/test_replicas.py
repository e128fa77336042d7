"""Three replicas, one PostgreSQL: any replica answers for any job."""

from __future__ import annotations

import asyncio
import collections
import json
import time

import asyncpg
import pytest
from jobplane.v1 import job_pb2 as pb
from jobplane.v1 import job_service_pb2 as svc

from ..store import pg
from ..support import record_timing
from .conftest import Cluster, StartCluster

pytestmark = pytest.mark.postgres


async def _run_round_robin(cluster: Cluster, n: int) -> None:
    sem = asyncio.Semaphore(64)

    async def one(i: int) -> pb.Job:
        async with sem:
            job = await cluster.submit(i, "test.work", {"seconds": 0.01, "steps": 2})
            return await cluster.wait(job.id, i + 1)

    started = time.monotonic()
    jobs = await asyncio.gather(*(one(i) for i in range(n)))
    took = time.monotonic() - started
    assert all(j.status == pb.JOB_STATUS_SUCCEEDED for j in jobs)
    names = cluster.by_pid()
    starts = collections.Counter(
        (job_id, attempt) for what, job_id, attempt, _, _ in cluster.runs() if what == "start"
    )
    assert len(starts) == n and set(starts.values()) == {1}, "an attempt ran twice"
    ran_by = {
        (job_id, attempt): names[pid]
        for what, job_id, attempt, pid, _ in cluster.runs()
        if what == "start"
    }
    per_replica = collections.Counter()
    for job in jobs:
        assert len(job.attempts) == 1
        attempt = job.attempts[0]
        assert attempt.worker == ran_by[(job.id, attempt.number)]
        assert json.loads(json.dumps(dict(job.output)))["pid"] in names
        per_replica[attempt.worker] += 1
    print(f"{n} jobs on 3 replicas in {took:.2f}s ({n / took:.0f} jobs/s): {dict(per_replica)}")
    assert len(per_replica) == 3, f"some replica ran nothing: {per_replica}"


async def test_round_robin_each_attempt_claimed_once(start_cluster: StartCluster) -> None:
    await _run_round_robin(await start_cluster(3), 300)


@pytest.mark.slow
async def test_round_robin_2000_jobs(start_cluster: StartCluster) -> None:
    await _run_round_robin(await start_cluster(3), 2000)


async def test_same_request_id_on_every_replica_makes_one_job(start_cluster: StartCluster) -> None:
    cluster = await start_cluster(3)
    for round_ in range(5):
        jobs = await asyncio.gather(
            *(cluster.submit(i, "test.work", {}, request_id=f"req-{round_}") for i in range(9))
        )
        assert len({j.id for j in jobs}) == 1
    listed = await cluster.replicas[0].stub.ListJobs(svc.ListJobsRequest(page_size=100))
    assert len(listed.jobs) == 5


async def test_watch_on_another_replica_sees_every_status_event(
    start_cluster: StartCluster,
) -> None:
    cluster = await start_cluster(3)
    # Fails its first attempt: RUNNING → RETRYING → QUEUED → RUNNING → SUCCEEDED, with progress.
    job = await cluster.submit(
        0, "test.work", {"seconds": 1.0, "steps": 20, "fail_until": 1}, max_attempts=3
    )
    job = await cluster.until(job.id, lambda j: j.status == pb.JOB_STATUS_RUNNING)
    runner = job.attempts[-1].worker
    watcher = next(r for r in cluster.replicas if r.name != runner)
    other = next(r for r in cluster.replicas if r.name not in (runner, watcher.name))
    seen = []
    async for event in watcher.stub.WatchProgress(svc.WatchProgressRequest(job_id=job.id)):
        seen.append(event)
        if len(seen) == 8:  # switch replicas half way, resuming by sequence
            break
    last = seen[-1].sequence
    async for event in other.stub.WatchProgress(
        svc.WatchProgressRequest(job_id=job.id, after_sequence=last)
    ):
        seen.append(event)
    seqs = [e.sequence for e in seen]
    assert seqs == sorted(set(seqs)), f"out of order or repeated: {seqs}"
    assert (
        seen[-1].status == pb.JOB_STATUS_SUCCEEDED
        and seen[-1].job.status == pb.JOB_STATUS_SUCCEEDED
    )
    stored = await _status_events(cluster, job.id)
    first = seen[0].sequence
    statuses = {e.sequence: e.status for e in seen if e.kind != svc.WATCH_EVENT_KIND_PROGRESS}
    missing = {s: st for s, st in stored.items() if s > first and statuses.get(s) != st}
    assert not missing, f"status events never delivered: {missing}; got {seqs}"
    assert any(e.kind == svc.WATCH_EVENT_KIND_PROGRESS for e in seen)


async def _status_events(cluster: Cluster, job_id: str) -> dict[int, int]:
    schema = cluster.url.rsplit("schema=", 1)[1]
    conn = await asyncpg.connect(cluster.url.split("?")[0])
    try:
        rows = await conn.fetch(
            f'SELECT seq, data FROM "{schema}".events WHERE job_id = $1', job_id
        )
    finally:
        await conn.close()
    return {r["seq"]: json.loads(r["data"])["s"] for r in rows}


async def test_cancel_on_one_replica_stops_the_handler_on_another(
    start_cluster: StartCluster,
) -> None:
    cluster = await start_cluster(3)
    for round_ in range(3):
        job = await cluster.submit(round_, "test.block", {})
        job = await cluster.until(job.id, lambda j: j.status == pb.JOB_STATUS_RUNNING)
        runner = job.attempts[-1].worker
        canceller = next(r for r in cluster.replicas if r.name != runner)
        await asyncio.sleep(0.2)
        t0 = time.time()
        done = await canceller.stub.CancelJob(svc.CancelJobRequest(job_id=job.id, reason="test"))
        assert done.job.status == pb.JOB_STATUS_CANCELED
        marker = cluster.dir / f"{job.id}.stopped"
        for _ in range(1000):  # 10 s at most (the time it takes is a bench figure)
            if marker.exists():
                break
            await asyncio.sleep(0.01)
        assert marker.exists(), "the running handler never saw the cancel"
        stopped_at, pid = marker.read_text().split()
        assert cluster.by_pid()[int(pid)] == runner
        delay = float(stopped_at) - t0
        record_timing("cross_replica_cancel_ms", delay * 1000, "ms", 1000.0,
                      "CancelJob on one replica until the handler on another stopped")  # fmt: skip
    assert pg  # the schema helpers are shared with the store suite

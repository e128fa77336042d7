"""Replica failures: kill -9 loses nothing; a replica frozen past its lease is fenced."""

from __future__ import annotations

import asyncio
import collections
import signal
import time

import pytest
from jobplane.v1 import job_pb2 as pb

from .conftest import TERMINAL, StartCluster

pytestmark = pytest.mark.postgres


async def test_kill9_of_one_replica_mid_run_ends_every_job(start_cluster: StartCluster) -> None:
    cluster = await start_cluster(3, args=["--max-concurrency", "8"])
    payload = {"seconds": 1.5, "steps": 5}
    jobs = [await cluster.submit(i, "test.work", payload, max_attempts=3) for i in range(60)]
    victim = cluster.replicas[0]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # until the victim runs something
        if any(names == victim.pid for _, _, _, names, _ in cluster.runs()):
            break
        await asyncio.sleep(0.05)
    victim.proc.kill9()
    t_kill = time.time()
    survivors = cluster.replicas[1:]
    finals = await asyncio.gather(
        *(cluster.wait(j.id, 1 + i % 2, timeout_s=60) for i, j in enumerate(jobs))
    )
    assert all(j.status == pb.JOB_STATUS_SUCCEEDED for j in finals), collections.Counter(
        pb.JobStatus.Name(j.status) for j in finals
    )
    runs = cluster.runs()
    starts = collections.Counter((job_id, a) for what, job_id, a, _, _ in runs if what == "start")
    assert set(starts.values()) == {1}, "an attempt ran twice"
    rescued = 0
    for job in finals:
        assert len(job.attempts) <= job.max_attempts
        assert job.attempts[-1].worker in {r.name for r in survivors}
        for attempt in job.attempts[:-1]:
            assert attempt.worker == victim.name
            assert attempt.outcome == pb.JOB_STATUS_STALLED
            rescued += 1
    assert rescued > 0
    last_end = max(t for what, _, _, _, t in runs if what == "end")
    print(f"kill -9: {rescued} attempts rescued; all done {last_end - t_kill:.1f}s after the kill")


async def test_replica_frozen_past_its_lease_is_fenced(start_cluster: StartCluster) -> None:
    cluster = await start_cluster(2)
    job = await cluster.submit(0, "test.work", {"seconds": 4.0, "steps": 40}, max_attempts=3)
    job = await cluster.until(job.id, lambda j: j.status == pb.JOB_STATUS_RUNNING)
    frozen = cluster.by_name(job.attempts[-1].worker)
    other = next(r for r in cluster.replicas if r is not frozen)
    frozen.signal(signal.SIGSTOP)
    try:
        # Lease 2 s: the other replica rescues the attempt and runs the next one.
        taken = await cluster.until(  # asked of the replica that is not frozen
            job.id,
            lambda j: j.status == pb.JOB_STATUS_RUNNING and j.attempts[-1].worker == other.name,
            timeout_s=15,
            i=cluster.replicas.index(other),
        )
    finally:
        frozen.signal(signal.SIGCONT)
    assert taken.attempts[0].outcome == pb.JOB_STATUS_STALLED
    final = await cluster.wait(job.id, 1, timeout_s=30)
    # Give the thawed replica time to try its stale writes (progress, the outcome).
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        ends = [r for r in cluster.runs() if r[0] == "end" and r[3] == frozen.pid]
        if ends:
            break
        await asyncio.sleep(0.1)
    assert ends, "the thawed replica's handler never finished its stale attempt"
    await asyncio.sleep(0.5)
    after = await cluster.get(job.id)
    assert final.status == after.status == pb.JOB_STATUS_SUCCEEDED
    assert after.sequence == final.sequence, "a stale write landed after the job ended"
    assert [a.worker for a in after.attempts] == [frozen.name, other.name]
    assert after.attempts[0].outcome == pb.JOB_STATUS_STALLED
    assert after.output["attempt"] == 2 and after.output["pid"] == other.pid
    assert after.status in TERMINAL

"""Cases 1 and 2: the server process dies (kill -9, or a handler's os._exit) and restarts
on the same SQLite file."""

from __future__ import annotations

import asyncio
import os
import random
import time
import uuid
from pathlib import Path

import grpc
import pytest
from jobplane.server.domain.model import JobStatus
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from ..support import ServerProcess
from ._support import HANDLERS, check_history, get_jobs, status_history, submit_request
from ._support import wait_all_terminal as wait_terminal

SEED = int(os.environ.get("JOBPLANE_FAULT_SEED", "0")) or random.randrange(1, 2**31)
ARGS = (
    "--handlers", HANDLERS, "--max-concurrency", "8", "--default-backoff", "50ms",
    "--default-max-backoff", "200ms", "--default-max-attempts", "4", "--log-level", "WARNING",
)  # fmt: skip
RETRYABLE = (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED)


def _job_request(rng: random.Random, i: int, run: str, path: Path) -> svc.SubmitJobRequest:
    kind = rng.random()
    labels = {"run": run}
    rid = f"{run}-{i}"
    if kind < 0.7:
        payload = {"path": str(path), "seconds": rng.uniform(0, 0.4), "steps": rng.randint(1, 4)}
        return submit_request("faults.record", payload, labels=labels, request_id=rid)
    if kind < 0.85:
        return submit_request("demo.echo", {"i": i}, labels=labels, request_id=rid)
    return submit_request("demo.fail", {"times": 1}, labels=labels, request_id=rid)


async def _submit_all(
    stub: svc_grpc.JobServiceAsyncStub, reqs: list[svc.SubmitJobRequest], acked: dict[str, str]
) -> int:
    """Submit each request until acknowledged, retrying with the same request_id across
    crashes. Returns how many calls failed (and were retried)."""
    failures = 0
    for req in reqs:
        for _ in range(200):
            try:
                resp = await stub.SubmitJob(req, timeout=2)
            except grpc.aio.AioRpcError as exc:
                assert exc.code() in RETRYABLE, exc
                failures += 1
                await asyncio.sleep(0.05)
                continue
            prev = acked.setdefault(req.request_id, resp.job.id)
            assert prev == resp.job.id, f"request_id {req.request_id} got two jobs"
            break
        else:
            raise AssertionError(f"{req.request_id} never acknowledged")
    return failures


async def _crash_rounds(srv: ServerProcess, rng: random.Random, kills: int) -> list[float]:
    """kill -9 at random moments, restart at once; returns each recovery time (s)."""
    recoveries: list[float] = []
    for _ in range(kills):
        await asyncio.sleep(rng.uniform(0.2, 1.5))
        await asyncio.to_thread(srv.kill9)
        t0 = time.monotonic()
        await asyncio.to_thread(srv.restart)
        recoveries.append(time.monotonic() - t0)
    return recoveries


def _runs(path: Path) -> dict[str, list[tuple[int, str]]]:
    out: dict[str, list[tuple[int, str]]] = {}
    if path.exists():
        for line in path.read_text().splitlines():
            job_id, attempt, what = line.split()
            out.setdefault(job_id, []).append((int(attempt), what))
    return out


async def crash_restart(tmp_path: Path, jobs: int, kills: int) -> dict[str, float]:
    rng = random.Random(SEED)
    run = uuid.uuid4().hex[:12]
    path = tmp_path / "runs.log"
    srv = ServerProcess(db=f"sqlite:///{tmp_path / 'jobs.db'}", args=ARGS).start()
    try:
        reqs = [_job_request(rng, i, run, path) for i in range(jobs)]
        acked: dict[str, str] = {}
        async with grpc.aio.insecure_channel(srv.target) as channel:
            stub = svc_grpc.JobServiceStub(channel)
            submitter = asyncio.create_task(_submit_all(stub, reqs, acked))
            recoveries = await _crash_rounds(srv, rng, kills)
            failures = await asyncio.wait_for(submitter, 120)
            # one more kill with work in flight, after every submit was acknowledged
            recoveries += await _crash_rounds(srv, rng, 1)
            ids = list(acked.values())
            assert len(ids) == jobs and len(set(ids)) == jobs
            listed = await stub.ListJobs(
                svc.ListJobsRequest(filter=f'labels.run = "{run}"', page_size=1000)
            )
            stored = {j.id for j in listed.jobs}
            lost = [j for j in ids if j not in stored]
            final = await wait_terminal(stub, [j for j in ids if j in stored], timeout_s=60)
            histories = {j: await status_history(stub, j) for j in final}
    finally:
        srv.kill9()
    stuck = {
        j: JobStatus(v.status).name
        for j, v in final.items()
        if int(v.status) < 3 or int(v.status) > 6
    }
    assert not lost, f"seed {SEED}: acknowledged jobs lost: {lost[:5]}"
    assert not stuck, f"seed {SEED}: jobs not terminal: {stuck}"
    assert len(listed.jobs) == jobs, "a retried submit created a second job"
    runs = _runs(path)
    for job_id, job in final.items():
        # attempt counts tell the truth
        assert job.attempt == len(job.attempts), job
        assert 1 <= job.attempt <= job.max_attempts, job
        assert all(a.HasField("end_time") for a in job.attempts), job
        # every run the handler logged is an attempt of its own: none ran twice under one
        # attempt number (an undercount), none beyond the job's attempt count
        executed = [a for a, what in runs.get(job_id, []) if what == "start"]
        assert len(executed) == len(set(executed)), (job_id, executed)
        assert set(executed) <= set(range(1, job.attempt + 1)), (job_id, executed, job.attempt)
        if job.type == "faults.record" and JobStatus(job.status) == JobStatus.SUCCEEDED:
            assert (job.attempt, "end") in runs[job_id], job_id
    for job_id, statuses in histories.items():
        assert not check_history(int(JobStatus.QUEUED), statuses), (job_id, statuses)
    interrupted = sum(
        1 for j in final.values() for a in j.attempts if a.error.reason == "JOB_INTERRUPTED"
    )
    return {
        "jobs": jobs,
        "lost": len(lost),
        "kills": kills + 1,
        "interrupted_attempts": interrupted,
        "retried_submits": failures,
        "max_recovery_s": max(recoveries),
    }


async def test_kill9_at_random_moments_loses_nothing(tmp_path: Path) -> None:
    """Injects: kill -9 of a child server at 3 random moments while 200 jobs are being
    submitted, queued, running and finishing, plus one after the last submit; restart on
    the same SQLite file each time; clients retry unacknowledged submits with the same
    request_id. Asserts: every acknowledged job exists once and ends in exactly one
    terminal state (every event history follows the transition table), attempt counts
    match the attempt records and every execution the handler logged, and each restart
    serves again within 10 s."""
    figures = await crash_restart(tmp_path, jobs=200, kills=3)
    print(f"crash-restart seed={SEED} {figures}")
    assert figures["lost"] == 0
    assert figures["max_recovery_s"] < 10


@pytest.mark.slow
async def test_kill9_soak_many_rounds(tmp_path: Path) -> None:
    """Injects: 12 kill -9 at random moments during 600 jobs. Asserts as the fast case."""
    figures = await crash_restart(tmp_path, jobs=600, kills=12)
    print(f"crash-restart soak seed={SEED} {figures}")
    assert figures["lost"] == 0


async def test_handler_that_kills_its_server_ends_failed(tmp_path: Path) -> None:
    """Injects: a handler that os._exit()s the server on every attempt (max_attempts 3);
    a supervisor restarts the server whenever it dies. Asserts: the job ends FAILED with
    reason JOB_INTERRUPTED after exactly 3 attempts (each executed once, as the file
    shows), the server then stays up (no crash loop), and it took 3 crashes, no more."""
    path = tmp_path / "runs.log"
    srv = ServerProcess(db=f"sqlite:///{tmp_path / 'jobs.db'}", args=ARGS).start()
    crashes = 0
    try:
        async with grpc.aio.insecure_channel(srv.target) as channel:
            stub = svc_grpc.JobServiceStub(channel)
            req = submit_request("faults.exit", {"path": str(path)}, max_attempts=3)
            job_id = (await stub.SubmitJob(req, timeout=5)).job.id
            for _ in range(10):
                assert srv.proc is not None
                try:
                    await asyncio.to_thread(srv.proc.wait, 3)
                except Exception:
                    break  # still up for 3 s: no crash loop
                crashes += 1
                await asyncio.to_thread(srv.restart)
            assert srv.proc is not None and srv.proc.poll() is None, "server keeps crashing"
            job = (await get_jobs(stub, [job_id]))[job_id]
            statuses = await status_history(stub, job_id)
    finally:
        srv.kill9()
    assert JobStatus(job.status) == JobStatus.FAILED, job
    assert job.error.reason == "JOB_INTERRUPTED"
    assert job.attempt == 3 and len(job.attempts) == 3
    assert [a.error.reason for a in job.attempts] == ["JOB_INTERRUPTED"] * 3
    assert crashes == 3
    assert sorted(_runs(path)[job_id]) == [(1, "start"), (2, "start"), (3, "start")]
    assert not check_history(int(JobStatus.QUEUED), statuses), statuses


@pytest.mark.parametrize("max_attempts", [2])
async def test_isolated_handler_that_exits_fails_only_its_attempts(
    start_server: object, tmp_path: Path, max_attempts: int
) -> None:
    """Injects: the same os._exit handler registered isolated=True (runs in a child
    process). Asserts: the server never dies; the job ends FAILED with reason
    HANDLER_PROCESS_DIED after max_attempts attempts."""
    path = tmp_path / "runs.log"
    running = await start_server(handler_modules=(HANDLERS,))  # type: ignore[operator]
    async with grpc.aio.insecure_channel(running.target) as channel:
        stub = svc_grpc.JobServiceStub(channel)
        req = submit_request("faults.exit_isolated", {"path": str(path)}, max_attempts=max_attempts)
        job_id = (await stub.SubmitJob(req, timeout=5)).job.id
        job = (await wait_terminal(stub, [job_id], timeout_s=30))[job_id]
    assert JobStatus(job.status) == JobStatus.FAILED, job
    assert job.error.reason == "HANDLER_PROCESS_DIED"
    assert job.attempt == max_attempts
    assert len(_runs(path)[job_id]) == max_attempts

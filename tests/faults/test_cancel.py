"""Case 4: cancel at every point of a job's life."""

from __future__ import annotations

import asyncio
import collections
import random
import time
from pathlib import Path

import grpc
import pytest
from jobplane.server import app
from jobplane.server.domain.model import JobStatus
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from ..conftest import StartServer
from ._support import HANDLERS, check_history, error_reason, status_history, submit_request

GRACE_S = 0.5


def _ticks(path: Path) -> dict[str, list[float]]:
    out: dict[str, list[float]] = collections.defaultdict(list)
    if path.exists():
        for line in path.read_text().splitlines():
            job_id, _, t = line.split()
            out[job_id].append(float(t))
    return out


async def _one(
    stub: svc_grpc.JobServiceAsyncStub,
    rng: random.Random,
    path: Path,
    phases: collections.Counter[str],
) -> tuple[str, bool, float, bool]:
    """Submit a ticker, cancel it after a random delay, check the answer against the end.
    Returns (job id, canceled?, when the answer came, force)."""
    seconds = rng.uniform(0.0, 0.15)
    req = submit_request("faults.ticker", {"path": str(path), "seconds": seconds})
    job = (await stub.SubmitJob(req, timeout=10)).job
    r = rng.random()
    if r < 0.15:
        delay = 0.0  # queued / starting
    elif r < 0.85:
        delay = rng.uniform(0.0, seconds + 0.02)  # running / finishing
    else:
        delay = seconds + rng.uniform(0.02, 0.1)  # (probably) finished
    await asyncio.sleep(delay)
    force = rng.random() < 0.5
    cancel = svc.CancelJobRequest(job_id=job.id, reason="race", force=force)
    try:
        answer = (await stub.CancelJob(cancel, timeout=10)).job
        canceled = True
        at = time.time()
        assert JobStatus(answer.status) == JobStatus.CANCELED, answer
        phases["queued" if answer.attempt == 0 else "running"] += 1
    except grpc.aio.AioRpcError as exc:
        at = time.time()
        assert exc.code() == grpc.StatusCode.FAILED_PRECONDITION, exc
        assert error_reason(exc) == "JOB_ALREADY_COMPLETE", exc
        canceled = False
        phases["finished"] += 1
    final = (await stub.WaitJob(svc.WaitJobRequest(job_id=job.id), timeout=20)).job
    if canceled:
        assert JobStatus(final.status) == JobStatus.CANCELED, final
        again = (await stub.CancelJob(cancel, timeout=10)).job  # idempotent
        assert JobStatus(again.status) == JobStatus.CANCELED and again.sequence == final.sequence
    else:
        assert JobStatus(final.status) == JobStatus.SUCCEEDED, final
    statuses = await status_history(stub, job.id)
    assert not check_history(int(JobStatus.QUEUED), statuses), (job.id, statuses)
    return job.id, canceled, at, force


async def test_cancel_at_every_point_of_a_jobs_life(
    start_server: StartServer, tmp_path: Path
) -> None:
    """Injects: 300 jobs (a handler that writes a timestamped tick every 5 ms for 0-150 ms
    and never checks cancellation), 8 at a time on 4 slots, each canceled (force or not)
    after a random delay: while queued, starting, running, finishing or finished.
    Asserts: exactly one terminal state per job (event history follows the table), the
    cancel answer agrees with it (OK+CANCELED → ends CANCELED, a second cancel is an
    idempotent OK; FAILED_PRECONDITION → ends SUCCEEDED), and a canceled job writes no
    tick after the answer with force, nor later than the cancel grace (+ 0.2 s of event
    loop latency) without."""
    running: app.Running = await start_server(
        handler_modules=(HANDLERS,), cancel_grace_s=GRACE_S, max_concurrency=4
    )
    rng = random.Random(4)
    path = tmp_path / "ticks.log"
    phases: collections.Counter[str] = collections.Counter()
    async with grpc.aio.insecure_channel(running.target) as channel:
        stub = svc_grpc.JobServiceStub(channel)
        sem = asyncio.Semaphore(8)

        async def bounded() -> tuple[str, bool, float, bool]:
            async with sem:
                return await _one(stub, rng, path, phases)

        results = await asyncio.gather(*(bounded() for _ in range(300)))
    ticks = _ticks(path)
    late = []
    for job_id, canceled, at, force in results:
        if canceled:
            limit = at + (0.02 if force else GRACE_S + 0.2)
            if any(t > limit for t in ticks.get(job_id, [])):
                late.append((job_id, force, max(ticks[job_id]) - at))
    assert not late, f"side effects after cancel: {late[:5]}"
    print(f"cancel races: {dict(phases)}")
    assert phases["queued"] and phases["running"] and phases["finished"]


@pytest.mark.parametrize("force", [True, False])
async def test_canceled_handler_side_effects_stop(
    start_server: StartServer, tmp_path: Path, force: bool
) -> None:
    """Injects: a long ticker (10 s, never checks cancellation) canceled while running.
    Asserts: the job is CANCELED at once, and its ticks stop at once with force, within
    the cancel grace period without."""
    running: app.Running = await start_server(handler_modules=(HANDLERS,), cancel_grace_s=GRACE_S)
    path = tmp_path / "ticks.log"
    async with grpc.aio.insecure_channel(running.target) as channel:
        stub = svc_grpc.JobServiceStub(channel)
        req = submit_request("faults.ticker", {"path": str(path), "seconds": 10})
        job = (await stub.SubmitJob(req, timeout=5)).job
        for _ in range(100):
            if _ticks(path).get(job.id):
                break
            await asyncio.sleep(0.02)
        answer = await stub.CancelJob(svc.CancelJobRequest(job_id=job.id, force=force), timeout=5)
        at = time.time()
        assert JobStatus(answer.job.status) == JobStatus.CANCELED
        await asyncio.sleep(GRACE_S + 0.3)
        last = max(_ticks(path)[job.id])
        assert last <= at + (0.02 if force else GRACE_S + 0.2), last - at
        assert running.runtime.stats()["running"] == 0

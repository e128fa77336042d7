"""Cancel racing completion: exactly one terminal state, and the cancel answer agrees."""

from __future__ import annotations

import asyncio
import random

import grpc
from jobplane.server import app
from jobplane.v1 import job_pb2 as pb
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from .helpers import TERMINAL, submit, wait, watch


async def _race_once(stub: svc_grpc.JobServiceStub, delay_s: float) -> None:
    job = await submit(stub, "demo.echo", {"n": 1})
    await asyncio.sleep(delay_s)
    try:
        answer = (await stub.CancelJob(svc.CancelJobRequest(job_id=job.id))).job
        cancel_won = True
    except grpc.aio.AioRpcError as exc:
        assert exc.code() == grpc.StatusCode.FAILED_PRECONDITION, exc.details()
        cancel_won = False
    final = await wait(stub, job.id)
    assert final.status in TERMINAL
    if cancel_won:
        assert answer.status == pb.JOB_STATUS_CANCELED
        assert final.status == pb.JOB_STATUS_CANCELED, "the cancel answer agrees with the end"
    else:
        assert final.status == pb.JOB_STATUS_SUCCEEDED
    events = await watch(stub, job.id, after=1)
    terminal_events = [
        e for e in events if e.kind == svc.WATCH_EVENT_KIND_STATUS and e.status in TERMINAL
    ]
    assert len(terminal_events) == 1, (
        f"one terminal event, got {[e.status for e in terminal_events]}"
    )
    assert len(final.attempts) <= 1


async def test_cancel_vs_complete_race(server: app.Running) -> None:
    rng = random.Random(7)
    async with grpc.aio.insecure_channel(server.target) as ch:
        stub = svc_grpc.JobServiceStub(ch)
        outcomes = []
        for _ in range(300):
            await _race_once(stub, rng.choice([0.0, 0.0, 0.0005, 0.001, 0.002, 0.004]))
            outcomes.append(1)
        # Concurrent flavour: many jobs racing at once.
        await asyncio.gather(*(_race_once(stub, rng.random() * 0.003) for _ in range(200)))
    assert len(outcomes) == 300

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


async def _race_once(stub: svc_grpc.JobServiceStub, delay_s: float) -> bool:
    """One cancel racing one short job; True when the cancel won."""
    # a 3 ms handler: a cancel sent at once finds it running, one sent later finds it done
    job = await submit(stub, "demo.sleep", {"seconds": 0.003, "steps": 1})
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
    return cancel_won


async def test_cancel_vs_complete_race(server: app.Running) -> None:
    rng = random.Random(7)
    async with grpc.aio.insecure_channel(server.target) as ch:
        stub = svc_grpc.JobServiceStub(ch)
        wins = [
            await _race_once(stub, rng.choice([0.0, 0.0, 0.001, 0.002, 0.003, 0.004, 0.006, 0.05]))
            for _ in range(300)
        ]
        # Concurrent flavour: many jobs racing at once.
        wins += await asyncio.gather(*(_race_once(stub, rng.random() * 0.006) for _ in range(200)))
    # A race where one side always wins proves nothing about the other: both happened.
    assert 0 < sum(wins) < len(wins), f"cancel won {sum(wins)} of {len(wins)} races"

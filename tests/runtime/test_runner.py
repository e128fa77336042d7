"""One attempt of an in-process handler (runtime/runner.py through the local worker):
outcomes, errors, timeout, cancel (cooperative, then hard), progress coalescing,
fencing and draining — on a real SQLite store, no gRPC."""

from __future__ import annotations

import threading
import time

import pytest
from jobplane.server.domain import lifecycle
from jobplane.server.domain.model import EventKind, JobStatus
from jobplane.server.domain.outcomes import StopReason

from ..store.jobs import make_job
from .inproc import Local, seen, until

S = JobStatus


async def test_an_output_and_all_progress_before_it(local: Local) -> None:
    events = await local.run(make_job(type="ok"))
    progress = [e for e in events if e.kind is EventKind.PROGRESS]
    assert progress[-1].progress.current == 500
    assert len(progress) < 50  # coalesced: at most one write in flight
    assert events[-1].status is S.SUCCEEDED and events[-1].output == {"n": 500}
    row = await local.store.get(events[-1].job_id)
    assert row is not None and row.progress.current == 500 and row.lease_owner == ""
    await local.idle()


@pytest.mark.parametrize(
    ("handler", "status", "reason"),
    [
        ("fails", S.RETRYING, "FLAKY"),
        ("fatal", S.FAILED, "NON_RETRYABLE_INPUT"),
        ("crashes", S.RETRYING, "HANDLER_ERROR"),
        ("bad_result", S.RETRYING, "BAD_HANDLER_RESULT"),
    ],
)
async def test_errors_become_the_attempts_failure(
    local: Local, handler: str, status: JobStatus, reason: str
) -> None:
    events = await local.run(make_job(type=handler, max_attempts=2), until=[S.RETRYING])
    last = events[-1]
    assert last.status is status and last.error is not None and last.error.reason == reason
    await local.idle()


async def test_a_thread_handler_runs_off_the_event_loop(local: Local) -> None:
    events = await local.run(make_job(type="blocking"))
    assert events[-1].output is not None
    assert events[-1].output["thread"] != threading.get_ident()


async def test_a_timeout_tells_the_handler_and_fails_the_attempt(local: Local) -> None:
    events = await local.run(make_job(type="cooperative", timeout_s=0.05, max_attempts=1))
    last = events[-1]
    assert last.status is S.FAILED and last.error is not None
    assert last.error.reason == "JOB_TIMEOUT"
    assert seen["reason"] == "timeout"
    await local.idle()


async def test_a_handler_deaf_to_cancel_is_cancelled_hard_after_the_grace(
    local: Local,
) -> None:
    job = make_job(type="deaf")
    await local.run(job, until=[S.RUNNING])
    await until(lambda: "running" in seen)
    await local.store.update(job.id, lambda j: lifecycle.cancel(j, time.time(), "test"))
    t0 = time.monotonic()
    assert local.dispatcher.stop_running(job.id, StopReason.CANCELED)
    await local.idle()
    assert seen.get("hard") is True and time.monotonic() - t0 >= 0.1
    row = await local.store.get(job.id)
    assert row is not None and row.status is S.CANCELED and row.output is None


async def test_an_attempt_taken_over_writes_nothing(local: Local) -> None:
    job = make_job(type="cooperative")
    await local.run(job, until=[S.RUNNING])
    await until(lambda: "running" in seen)
    # Another replica rescued it: RUNNING again, but a later attempt under its lease.
    rescue = lifecycle.rescue(time.time(), "JOB_STALLED", "lease expired", lambda: 0.0)
    await local.store.update(job.id, rescue)
    await local.store.update(job.id, lambda j: lifecycle.requeue(j, time.time()))
    await local.store.update(job.id, lambda j: lifecycle.start(j, time.time(), "other", 30))
    local.worker.stop(job.id, StopReason.CANCELED)  # (a wrong reason: the fence decides)
    await local.idle()
    row = await local.store.get(job.id)
    assert row is not None and row.status is S.RUNNING and row.attempt == 2
    assert row.lease_owner == "other" and row.output is None


async def test_a_silent_attempt_is_reported_once_and_marked_stalled(local: Local) -> None:
    job = make_job(type="cooperative", heartbeat_timeout_s=0.02)
    await local.run(job, until=[S.RUNNING])
    await until(lambda: bool(local.worker.silent()) or "silent" in seen, mark="silent")
    assert local.worker.silent() == []  # already reported
    assert local.worker.holding(job.id) is None  # stopping: not stopped twice elsewhere
    local.worker.stop(job.id, StopReason.STALLED, force=True)
    await local.idle()
    row = await local.store.get(job.id)
    assert row is not None and row.status is S.RUNNING  # the rescue is the caller's write


async def test_draining_hands_an_unfinished_attempt_back_to_the_queue(local: Local) -> None:
    job = make_job(type="deaf", max_attempts=1)
    await local.run(job, until=[S.RUNNING])
    await until(lambda: "running" in seen)
    await local.dispatcher.stop_claiming()
    await local.dispatcher.drain(0.05)
    assert local.worker.slots.running == 0 and seen.get("hard") is True
    row = await local.store.get(job.id)
    assert row is not None and row.status is S.QUEUED and row.max_attempts == 2
    assert row.attempts[-1].error is not None
    assert row.attempts[-1].error.reason == "JOB_RELEASED"

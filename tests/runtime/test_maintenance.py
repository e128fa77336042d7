"""The maintenance services (runtime/maintenance/), one duty each, run once by hand
against a real store; and the periodic shape they share."""

from __future__ import annotations

import asyncio
import time

from jobplane.server.domain import lifecycle
from jobplane.server.domain.model import JobStatus
from jobplane.server.domain.outcomes import StopReason
from jobplane.server.runtime.maintenance import rescue_orphans
from jobplane.server.runtime.maintenance.heartbeats import Heartbeats
from jobplane.server.runtime.maintenance.leases import LeaseRenewal
from jobplane.server.runtime.maintenance.periodic import Parts as Duties
from jobplane.server.runtime.maintenance.periodic import Periodic
from jobplane.server.runtime.maintenance.rescue import Rescuer

from ..store.jobs import make_job, running
from .conftest import Parts
from .inproc import Local, seen, until

S = JobStatus


def duties(local: Local) -> Duties:
    return Duties(local.store, local.broker, local.dispatcher)


async def test_a_silent_attempt_is_stalled_rescued_and_stopped(local: Local) -> None:
    job = make_job(type="cooperative", heartbeat_timeout_s=0.02, max_attempts=2)
    await local.run(job, until=[S.RUNNING])
    await until(lambda: "running" in seen)
    await asyncio.sleep(0.05)
    await Heartbeats(duties(local), 1.0).run_once(time.time())
    row = await local.store.get(job.id)
    assert row is not None and row.status is S.RETRYING
    assert row.error is not None and row.error.reason == "JOB_STALLED"
    await local.idle()  # the handler was told to stop and its slot is free
    row = await local.store.get(job.id)
    assert row is not None and row.status is S.RETRYING  # its late end wrote nothing


async def test_leases_of_local_attempts_are_renewed(local: Local) -> None:
    job = make_job(type="cooperative")
    await local.run(job, until=[S.RUNNING])
    before = await local.store.get(job.id)
    assert before is not None and before.lease_expire_time is not None
    now = time.time() + 100
    await LeaseRenewal(duties(local), lease_s=30.0, interval_s=1.0).run_once(now)
    after = await local.store.get(job.id)
    assert after is not None and after.lease_expire_time == now + 30.0
    local.worker.stop(job.id, StopReason.CANCELED)
    await local.idle()


async def test_expired_leases_are_rescued_and_their_holder_told(parts: Parts) -> None:
    worker = parts.worker("w1")
    mine = make_job()
    await parts.commits.submit(mine)
    await worker.wait_taken(1)
    gone = running(make_job(), worker="gone", lease_s=0.01)
    await parts.store.submit(gone)
    rescuer = Rescuer(Duties(parts.store, parts.broker, parts.dispatcher), 1.0)
    await rescuer.run_once(time.time() + 60)  # both leases have expired by then
    for job_id in (mine.id, gone.id):
        row = await parts.store.get(job_id)
        assert row is not None and row.status is S.RETRYING, job_id
    assert worker.stops == {mine.id: [StopReason.STALLED]}


async def test_a_restart_rescues_its_own_attempts_or_all(parts: Parts) -> None:
    ours = running(make_job(), worker="me")
    theirs = running(make_job(), worker="other")
    for job in (ours, theirs):
        await parts.store.submit(job)
    rescued = await rescue_orphans(parts.store, parts.broker, "me")
    assert [c.job.id for c in rescued] == [ours.id]
    rescued = await rescue_orphans(parts.store, parts.broker, None)
    assert [c.job.id for c in rescued] == [theirs.id]
    row = await parts.store.get(theirs.id)
    assert row is not None and row.error is not None
    assert row.error.reason == "JOB_INTERRUPTED"


async def test_a_failing_duty_runs_again_on_its_interval(parts: Parts) -> None:
    runs: list[float] = []

    class Flaky(Periodic):
        name = "flaky"

        async def run_once(self, now: float) -> None:
            runs.append(now)
            if len(runs) == 1:
                raise RuntimeError("first run fails")

    duty = Flaky(Duties(parts.store, parts.broker, parts.dispatcher), 0.01)
    duty.start()
    try:
        await until(lambda: len(runs) >= 3)
    finally:
        await duty.stop()
    assert runs == sorted(runs)


def test_the_lifecycle_rule_of_a_stall_is_the_rescue() -> None:
    job = running(make_job(max_attempts=1))
    change = lifecycle.rescue(time.time(), "JOB_STALLED", "m", lambda: 0.0)(job)
    assert [e.status for e in change.events] == [S.STALLED, S.FAILED]

"""Building jobs for store tests."""

from __future__ import annotations

import itertools
import time
from typing import Any

from jobplane.server.domain import lifecycle
from jobplane.server.domain.ids import new_job_id
from jobplane.server.domain.model import Job, JobStatus

_tick = itertools.count()


def make_job(**changes: Any) -> Job:
    """A QUEUED job as the manager would submit it; later calls are strictly newer."""
    now = time.time() + next(_tick) * 1e-6
    base = Job(
        id=new_job_id(),
        type="t",
        create_time=now,
        update_time=now,
        sequence=1,
        max_attempts=2,
        payload={"n": 1},
        labels={"team": "a"},
    )
    return base.evolve(**changes)


def running(job: Job, worker: str = "w1", lease_s: float = 30.0, now: float | None = None) -> Job:
    return lifecycle.start(job, now or time.time(), worker, lease_s).job


QUEUED, RUNNING, RETRYING, STALLED = (
    JobStatus.QUEUED,
    JobStatus.RUNNING,
    JobStatus.RETRYING,
    JobStatus.STALLED,
)

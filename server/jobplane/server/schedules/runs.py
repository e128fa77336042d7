"""Runs: how a schedule's run becomes a normal job, through the manager's submit path.

A run's request_id is derived from (schedule id, nominal time), so asking twice for
the same run — after a crash, or from two replicas — finds the job the first ask
created instead of creating another. That, not any lock, is the exactly-once.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable

from jobplane.server.api import requests as rq
from jobplane.server.api.manager import Manager
from jobplane.server.domain import errors
from jobplane.server.domain.model import Job
from jobplane.server.domain.schedule import NOMINAL_LABEL, SCHEDULE_LABEL, Schedule
from jobplane.server.schedules.spec import jitter_for, rfc3339

log = logging.getLogger("jobplane.schedules")

#: (schedule, request id, schedule time, extra labels) → the validated submit.
BuildRun = Callable[[Schedule, str, float, dict[str, str]], rq.SubmitJob]


def run_request_id(schedule_id: str, nominal: float) -> str:
    """The request id of the run of ``schedule_id`` at ``nominal`` (at most 100 chars)."""
    return f"schedule:{schedule_id}:{rfc3339(nominal)}"


def trigger_request_id(schedule_id: str, key: str) -> str:
    return f"schedule:{schedule_id}:trigger:{key}"


class Runs:
    """Creates, inspects and cancels a schedule's runs (jobs in the schedule's tenant)."""

    def __init__(self, manager: Manager, build: BuildRun) -> None:
        self._m = manager
        self._build = build

    async def create(self, s: Schedule, nominal: float, request_id: str = "") -> Job:
        """The run of ``s`` at ``nominal``: created, or found if it exists already."""
        labels = {SCHEDULE_LABEL: s.id, NOMINAL_LABEL: rfc3339(nominal)}
        start = nominal + jitter_for(s.id, nominal, s.spec.jitter_s)
        spec = self._build(s, request_id or run_request_id(s.id, nominal), start, labels)
        try:
            return await self._m.submit(spec, s.tenant)
        except errors.AlreadyExistsError as exc:
            # The run exists but was made from an older template (the schedule was
            # updated between two asks): it is still this nominal time's one run.
            job_id = exc.metadata.get("job_id", "")
            if not job_id:
                raise
            return await self._m.get(rq.JobRef(job_id), s.tenant)

    async def active(self, job_id: str, tenant: str) -> bool:
        """The run has not ended (a run deleted by retention has)."""
        if not job_id:
            return False
        try:
            job = await self._m.get(rq.JobRef(job_id), tenant)
        except errors.JobNotFoundError:
            return False
        return not job.terminal

    async def cancel(self, job_id: str, tenant: str, schedule_id: str) -> None:
        """Cancel a run being replaced (CANCEL_OTHER); one that just ended is left alone."""
        with contextlib.suppress(errors.JobNotFoundError, errors.FailedPreconditionError):
            reason = f"replaced by the next run of schedule {schedule_id}"
            await self._m.cancel(rq.CancelJob(job_id=job_id, reason=reason, force=False), tenant)

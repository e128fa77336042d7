"""Actions on many jobs at once: CancelJobs, RetryJobs, DeleteJobs, and DeleteJob.

Each call selects, newest first, up to ``max_jobs`` jobs that match the caller's
filter *and* the action (live jobs to cancel, FAILED/CANCELED/EXPIRED ones to retry,
terminal ones to delete), so a job it acted on no longer matches and a caller
repeating while ``more`` always makes progress. The per-job rules are the
single-job ones (:mod:`lifecycle`), queued together so the group commit writes them
in a few transactions; a job that changed meanwhile so the action no longer applies
is left as it is and not counted. Tenancy is the list's: ``tenant=None`` is every
tenant.

Internal module: handler authors use :mod:`jobplane.server`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Collection

from jobplane.server.api import many
from jobplane.server.api import requests as rq
from jobplane.server.domain import errors, lifecycle
from jobplane.server.domain.filters import Bool, Cmp
from jobplane.server.domain.model import (
    CANCELABLE,
    REDRIVABLE,
    TERMINAL,
    Change,
    Job,
    JobStatus,
)
from jobplane.server.domain.outcomes import StopReason
from jobplane.server.events.broker import Broker
from jobplane.server.runtime.dispatcher import Dispatcher
from jobplane.server.store.base import Page, Rule, Store


def _lenient(rule: Rule) -> Rule:
    """``rule``, but a job it no longer applies to (it moved on since it was
    selected) is left unchanged instead of failing the call."""

    def apply(job: Job) -> Change:
        try:
            return rule(job)
        except errors.FailedPreconditionError:
            return lifecycle.unchanged(job)

    return apply


class Bulk:
    """The actions on many jobs, over the same parts as the manager."""

    def __init__(self, store: Store, broker: Broker, dispatcher: Dispatcher) -> None:
        self._store = store
        self._broker = broker
        self._dispatcher = dispatcher

    async def _select(
        self, req: many.ManyJobs, tenant: str | None, statuses: Collection[JobStatus]
    ) -> tuple[list[Job], bool]:
        """Up to ``req.max_jobs`` jobs matching the filter in one of ``statuses``, and
        whether more match."""
        either = Bool("OR", tuple(Cmp("status", "=", s) for s in sorted(statuses)))
        node = Bool("AND", (req.filter, either))
        jobs = await self._store.list_jobs(Page(tenant, node, req.max_jobs + 1))
        return jobs[: req.max_jobs], len(jobs) > req.max_jobs

    async def _apply(self, jobs: list[Job], rule: Rule) -> list[Change]:
        # Every update is queued before any is awaited: one group commit takes them all.
        writes = [self._store.update(job.id, _lenient(rule)) for job in jobs]
        changes = [c for c in await asyncio.gather(*writes) if c is not None and c.events]
        for change in changes:
            self._broker.publish_change(change)
        return changes

    async def cancel(self, req: many.ManyJobs, tenant: str | None = None) -> tuple[int, bool]:
        """CancelJobs: (jobs canceled, more match)."""
        jobs, more = await self._select(req, tenant, CANCELABLE)
        now, reason = time.time(), req.reason
        changes = await self._apply(jobs, lambda j: lifecycle.cancel(j, now, reason))
        for change in changes:  # a handler running one here is told to stop
            self._dispatcher.stop_running(change.job.id, StopReason.CANCELED, force=req.force)
        return len(changes), more

    async def retry(self, req: many.ManyJobs, tenant: str | None = None) -> tuple[int, bool]:
        """RetryJobs: (jobs re-queued, more match)."""
        jobs, more = await self._select(req, tenant, REDRIVABLE)
        now = time.time()
        changes = await self._apply(jobs, lambda j: lifecycle.redrive(j, now, 1))
        if changes:
            self._dispatcher.wake()
        return len(changes), more

    async def delete_many(self, req: many.ManyJobs, tenant: str | None = None) -> tuple[int, bool]:
        """DeleteJobs: (terminal jobs deleted, more match)."""
        jobs, more = await self._select(req, tenant, TERMINAL)
        return len(await self._delete(jobs)), more

    async def delete(self, req: rq.JobRef, tenant: str | None = None) -> None:
        """DeleteJob: one terminal job; a live one is FAILED_PRECONDITION."""
        job = await self._store.get(req.job_id)
        if job is None or (tenant is not None and job.tenant != tenant):
            raise errors.JobNotFoundError(req.job_id)
        if not await self._delete([job]):
            raise errors.FailedPreconditionError(
                f"job {job.id} is {job.status.name}; only a finished job (succeeded, failed, "
                "canceled or expired) can be deleted: cancel it first",
                reason="JOB_NOT_TERMINAL",
                metadata={"job_id": job.id, "status": job.status.name},
            )

    async def _delete(self, jobs: list[Job]) -> list[Job]:
        gone = await self._store.delete_terminal([job.id for job in jobs])
        for job in gone:
            self._broker.publish_deleted(job)
        return gone

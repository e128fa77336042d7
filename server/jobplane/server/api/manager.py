"""The manager: submit / get / list / cancel / pause / resume / retry / wait / watch.

The lifecycle rules of the API live here (and in :mod:`lifecycle`). It takes the
valid requests of :mod:`.requests` (their limits are checked there, once); the
service layer only translates between protobuf and these calls.

Internal module: handler authors use :mod:`jobplane.server`.
"""

from __future__ import annotations

import asyncio
import builtins
import dataclasses
import time
from collections.abc import AsyncGenerator, Sequence

from jobplane.server.api import many, paging
from jobplane.server.api import requests as rq
from jobplane.server.api.bulk import Bulk
from jobplane.server.api.config import ApiConfig
from jobplane.server.domain import errors, lifecycle, matching
from jobplane.server.domain.errors import SubscriberClosed
from jobplane.server.domain.ids import new_job_id
from jobplane.server.domain.model import (
    Change,
    Event,
    EventKind,
    Job,
    JobStatus,
    progress_event,
    status_event,
)
from jobplane.server.domain.outcomes import StopReason
from jobplane.server.events.broker import Broker
from jobplane.server.events.watchlog import WatchLog, encode_cursor
from jobplane.server.runtime.commits import Commits
from jobplane.server.runtime.dispatcher import Dispatcher
from jobplane.server.runtime.types import KnownTypes
from jobplane.server.store.base import Page, Store


class Manager:
    """The one place the API's lifecycle rules live. ``tenant=None`` means any tenant."""

    def __init__(
        self,
        store: Store,
        broker: Broker,
        dispatcher: Dispatcher,
        commits: Commits,
        types: KnownTypes,
        config: ApiConfig,
        watch_log: WatchLog | None = None,
    ) -> None:
        #: WatchJobs reads the store's log (app.start starts and stops its pruning).
        self.watch_log = watch_log or WatchLog(store, retention_s=86400.0, poll_s=None)
        if watch_log is None:
            broker.tap(self.watch_log.on_change)
        self._store = store
        self._broker = broker
        self._dispatcher = dispatcher
        self._commits = commits
        self._types = types
        self._config = config
        #: CancelJobs, RetryJobs, DeleteJobs, DeleteJob (:mod:`.bulk`).
        self.bulk = Bulk(store, broker, dispatcher)

    # -- submit and read ----------------------------------------------------

    async def submit(self, spec: rq.SubmitJob, tenant: str = "") -> Job:
        """Create the job (a known type), or return the one ``spec.request_id`` already
        made for the same request; the same request_id for another is ALREADY_EXISTS."""
        await self._types.check(spec.type)
        job = self._new_job(spec, tenant)
        stored, created = await self._commits.submit(job)
        if not created and stored.request_hash != spec.request_hash:
            raise errors.AlreadyExistsError(
                f"request_id {spec.request_id!r} was already used for a different request "
                f"(job {stored.id}); use a new request_id for a new job",
                metadata={"job_id": stored.id, "request_id": spec.request_id},
            )
        return stored

    async def submit_many(self, specs: Sequence[rq.SubmitJob], tenant: str = "") -> list[Job]:
        """SubmitJobs: every job of ``specs`` in one durable write, all or nothing, in
        order; each request_id as in :meth:`submit`. The dispatcher is woken once."""
        checked: set[str] = set()
        for i, spec in enumerate(specs):
            if spec.type not in checked:
                try:
                    await self._types.check(spec.type)
                except errors.InvalidArgumentError as exc:
                    raise many.in_batch(i, exc) from None
                checked.add(spec.type)
        jobs = [self._new_job(spec, tenant) for spec in specs]

        def existing(i: int, new: Job, held: Job) -> None:
            if held.request_hash != new.request_hash:
                raise errors.AlreadyExistsError(
                    f"requests[{i}]: request_id {new.request_id!r} was already used for a "
                    f"different request (job {held.id}); use a new request_id for a new job",
                    metadata={"job_id": held.id, "request_id": new.request_id, "index": str(i)},
                )

        out = await self._store.submit_many(jobs, existing)
        publish = self._broker.publish_change
        for job, created in out:
            if created:
                publish(Change(job, (status_event(job),)))
        self._dispatcher.wake()
        # The dispatcher keeps only its earliest due time: the earliest of the batch.
        dues = [t for j in jobs for t in (j.schedule_time, j.expire_time) if t is not None]
        if dues:
            self._dispatcher.wake(min(dues))
        return [job for job, _ in out]

    def _new_job(self, spec: rq.SubmitJob, tenant: str) -> Job:
        """The job ``spec`` asks for, the config's defaults filling what it leaves unset."""
        cfg = self._config
        now = time.time()
        ttl = spec.ttl_s if spec.ttl_s is not None else cfg.queued_ttl_s
        return Job(
            id=new_job_id(),
            type=spec.type,
            tenant=tenant,
            payload=spec.payload,
            status=JobStatus.PAUSED if spec.start_paused else JobStatus.QUEUED,
            priority=spec.priority,
            labels=dict(spec.labels),
            max_attempts=spec.max_attempts or cfg.default_max_attempts,
            create_time=now,
            update_time=now,
            request_id=spec.request_id,
            request_hash=spec.request_hash,
            sequence=1,
            timeout_s=spec.timeout_s if spec.timeout_s is not None else cfg.default_timeout_s,
            retry=spec.retry or cfg.default_retry,
            schedule_time=spec.schedule_time,
            heartbeat_timeout_s=spec.heartbeat_timeout_s
            if spec.heartbeat_timeout_s is not None
            else cfg.default_heartbeat_timeout_s,
            expire_time=now + ttl if ttl is not None else None,
        )

    async def get(self, req: rq.JobRef, tenant: str | None = None) -> Job:
        return await self._get(req.job_id, tenant)

    async def _get(self, job_id: str, tenant: str | None) -> Job:
        # The store looks the id up within the tenant, before any row is decoded: a
        # foreign id and a missing one take the same path and the same time (no
        # existence oracle). The second check keeps tenants apart whatever a store does.
        job = await self._store.get(job_id, tenant)
        if job is None or (tenant is not None and job.tenant != tenant):
            raise errors.JobNotFoundError(job_id)
        return job

    async def list(
        self, req: rq.ListJobs, tenant: str | None = None
    ) -> tuple[builtins.list[Job], str]:
        """A page of jobs, newest first, and the token of the next page ("" at the end)."""
        text, size = req.filter_text, req.page_size
        after = paging.read_token(req.page_token, text, tenant) if req.page_token else None
        jobs = await self._store.list_jobs(Page(tenant, req.filter, size + 1, after))
        token = ""
        if len(jobs) > size:
            jobs = jobs[:size]
            last = jobs[-1]
            token = paging.make_token(last.create_time, last.id, text, tenant)
        return jobs, token

    # -- changes ---------------------------------------------------------------

    async def _change(self, job_id: str, tenant: str | None, rule: lifecycle.Rule) -> Job:
        def scoped(job: Job) -> Change:
            if tenant is not None and job.tenant != tenant:
                raise errors.JobNotFoundError(job_id)
            return rule(job)

        change = await self._store.update(job_id, scoped)
        if change is None:
            raise errors.JobNotFoundError(job_id)
        self._broker.publish_change(change)
        return change.job

    async def cancel(self, req: rq.CancelJob, tenant: str | None = None) -> Job:
        reason = req.reason
        job = await self._change(
            req.job_id, tenant, lambda j: lifecycle.cancel(j, time.time(), reason)
        )
        if job.status is JobStatus.CANCELED:  # a handler running it here is told to stop
            self._dispatcher.stop_running(job.id, StopReason.CANCELED, force=req.force)
        return job

    async def pause(self, req: rq.JobRef, tenant: str | None = None) -> Job:
        return await self._change(req.job_id, tenant, lambda j: lifecycle.pause(j, time.time()))

    async def resume(self, req: rq.JobRef, tenant: str | None = None) -> Job:
        job = await self._change(req.job_id, tenant, lambda j: lifecycle.resume(j, time.time()))
        self._dispatcher.wake(job.schedule_time)
        return job

    async def retry(self, req: rq.RetryJob, tenant: str | None = None) -> Job:
        additional = req.additional_attempts
        job = await self._change(
            req.job_id, tenant, lambda j: lifecycle.redrive(j, time.time(), additional)
        )
        self._dispatcher.wake()
        return job

    # -- waiting and watching ------------------------------------------------------

    async def wait(self, req: rq.WaitJob, tenant: str | None = None) -> Job:
        """The job once it is terminal, or as it is when ``req.timeout_s`` has passed."""
        job_id = req.job_id
        sub = self._broker.subscribe(job_id)
        try:
            job = await self._get(job_id, tenant)
            if job.terminal:
                return job
            deadline = time.monotonic() + req.timeout_s
            while (left := deadline - time.monotonic()) > 0:
                try:
                    event = await asyncio.wait_for(sub.get(), left)
                except (TimeoutError, SubscriberClosed):
                    break
                if event.kind is EventKind.DELETED:
                    raise errors.JobNotFoundError(job_id)
                if event.terminal:
                    return event.job or await self._get(job_id, tenant)
            return await self._get(job_id, tenant)
        finally:
            self._broker.unsubscribe(sub)

    async def watch(
        self, req: rq.WatchProgress, tenant: str | None = None
    ) -> AsyncGenerator[Event, None]:
        """The job's events after ``req.after_sequence`` (a snapshot first when it is 0);
        live progress at most once per ``req.progress_interval_s`` (the latest)."""
        job_id, after = req.job_id, req.after_sequence
        # Subscribe before reading, so nothing published in between is missed.
        sub = self._broker.subscribe(job_id, req.progress_interval_s)
        try:
            job = await self._get(job_id, tenant)
            if after == 0:
                last = job.sequence
                yield dataclasses.replace(status_event(job), kind=EventKind.SNAPSHOT, job=job)
                if job.terminal:
                    return
            else:
                if after > job.sequence:
                    raise errors.OutOfRangeError(
                        f"after_sequence {after} is ahead of job {job_id}'s latest event "
                        f"({job.sequence}); resume with a sequence you received",
                        metadata={"latest_sequence": str(job.sequence)},
                    )
                last = after
                for event in await self._replay(job, after):
                    last = event.sequence
                    yield event
                    if event.terminal:
                        return
                if job.terminal:
                    return
            while True:
                try:
                    event = await sub.get()
                except SubscriberClosed:
                    raise errors.UnavailableError(
                        f"the server is shutting down; watch again (here after restart or on "
                        f"another replica) with after_sequence={last}",
                        metadata={"after_sequence": str(last)},
                    ) from None
                if event.kind is EventKind.DELETED:
                    raise errors.JobNotFoundError(job_id)
                if event.sequence <= last:
                    continue
                last = event.sequence
                if event.terminal and event.job is None:
                    event = dataclasses.replace(event, job=await self._get(job_id, tenant))
                yield event
                if event.terminal:
                    return
        finally:
            self._broker.unsubscribe(sub)

    async def _replay(self, job: Job, after: int) -> builtins.list[Event]:
        """Events in (after, job.sequence]: from memory if the backlog has them all,
        else the durable status events plus the latest progress (coalesced)."""
        events = self._broker.backlog_after(job.id, after)
        if events is None:
            stored = await self._store.events_after(job.id, after)
            if stored is None:
                raise errors.OutOfRangeError(
                    f"events after {after} of job {job.id} are no longer retained; "
                    "watch again with after_sequence 0 for a fresh snapshot"
                )
            events = stored
            last = events[-1].sequence if events else after
            if last < job.sequence:  # the latest change was progress: the coalesced latest
                events.append(
                    progress_event(job.id, job.sequence, job.attempt, job.progress, job.status)
                )
        events = [e for e in events if e.sequence <= job.sequence]
        if events and events[-1].terminal and events[-1].job is None:
            events[-1] = dataclasses.replace(events[-1], job=job)
        return events

    async def watch_jobs(
        self, req: rq.WatchJobs, tenant: str | None = None
    ) -> AsyncGenerator[tuple[str, Event], None]:
        """(cursor, status event with the job after it) of every job matching the
        filter in ``tenant`` (None: every tenant): after ``req.after`` (a position of
        the store's WatchJobs log), or from now on."""
        node = req.filter

        def accepts(job: Job) -> bool:
            return (tenant is None or job.tenant == tenant) and matching.matches(node, job)

        follow = self.watch_log.follow(req.after, accepts)
        try:
            async for position, event in follow:
                yield encode_cursor(position), event
        except SubscriberClosed:
            raise errors.UnavailableError(
                "the server is shutting down; watch again with the last cursor elsewhere"
            ) from None
        finally:
            await follow.aclose()

    async def watch_cursor(self) -> str:
        """The cursor of the log's head: read before a ListJobs, so watching after it
        misses no change the list does not show."""
        return encode_cursor(await self.watch_log.head())

    def stats(self) -> dict[str, int]:
        return {**self._broker.stats(), **self._dispatcher.stats()}

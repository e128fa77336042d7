"""AsyncJobClient: the one implementation of the client (the sync client wraps it)."""

from __future__ import annotations

import asyncio
import builtins
import uuid
from collections.abc import AsyncGenerator, AsyncIterator, Iterable, Mapping
from datetime import datetime
from types import TracebackType
from typing import Any, Final, Self, TypeVar

from google.protobuf.message import Message
from jobplane.client._config import (
    DEFAULT_TARGET,
    DEFAULT_TIMEOUT_S,
    ReconnectPolicy,
    RetryConfig,
    TlsConfig,
)
from jobplane.client._errors import JobplaneError, ServerUnavailable
from jobplane.client._messages import duration, submit_request
from jobplane.client._schedules import ScheduleMethods
from jobplane.client._status import is_terminal
from jobplane.client._transport import AioTransport, Transport
from jobplane.client._watch import resume_watch, resume_watch_jobs
from jobplane.v1 import job_pb2, job_service_pb2

_R = TypeVar("_R", bound=Message)
_Many = TypeVar(
    "_Many",
    job_service_pb2.CancelJobsResponse,
    job_service_pb2.RetryJobsResponse,
    job_service_pb2.DeleteJobsResponse,
)

#: How long ``wait`` waits by default: long, but not forever.
DEFAULT_WAIT_S: Final = 24 * 3600.0
# One WaitJob long poll asks for at most this long (the server caps it anyway).
_WAIT_CHUNK_S: Final = 60.0


class AsyncJobClient(ScheduleMethods):
    """An asyncio client for JobService and ScheduleService; methods return the
    generated messages.

    Use :func:`connect` (or the constructor) inside a running event loop, and
    close it with ``await client.close()`` or ``async with``. ``timeout_s`` is
    the deadline of each unary call. Failures raise
    :class:`~jobplane.client.JobplaneError` subclasses.
    """

    def __init__(
        self,
        target: str = DEFAULT_TARGET,
        *,
        token: str | None = None,
        tls: TlsConfig | None = None,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        retry: RetryConfig | None = None,
        reconnect: ReconnectPolicy | None = None,
        transport: Transport | None = None,
        tenant: str | None = None,
    ) -> None:
        self._transport: Transport = transport or AioTransport(
            target, token=token, tls=tls, retry=retry, tenant=tenant
        )
        self._timeout_s = timeout_s
        self._reconnect = reconnect or ReconnectPolicy()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the channel."""
        await self._transport.close()

    async def submit(
        self,
        job_type: str,
        payload: Mapping[str, Any] | None = None,
        *,
        priority: int | None = None,
        labels: Mapping[str, str] | None = None,
        timeout_s: float | None = None,
        max_attempts: int = 0,
        retry_policy: job_pb2.RetryPolicy | None = None,
        schedule_time: datetime | None = None,
        heartbeat_timeout_s: float | None = None,
        ttl_s: float | None = None,
        start_paused: bool = False,
        request_id: str | None = None,
    ) -> job_pb2.Job:
        """Submit a job of ``job_type`` and return it (QUEUED, PAUSED or scheduled).

        ``request_id`` defaults to a fresh UUID, so gRPC's retries of this call
        never create a second job. Unset options take the server's defaults;
        ``schedule_time`` must be timezone-aware.
        """
        options = {
            "priority": priority,
            "labels": labels,
            "timeout_s": timeout_s,
            "max_attempts": max_attempts,
            "retry_policy": retry_policy,
            "schedule_time": schedule_time,
            "heartbeat_timeout_s": heartbeat_timeout_s,
            "ttl_s": ttl_s,
            "start_paused": start_paused,
            "request_id": request_id,
        }
        request = submit_request(job_type, payload, options)
        response = await self._unary("SubmitJob", request, job_service_pb2.SubmitJobResponse)
        return response.job

    async def submit_many(
        self, jobs: Iterable[Mapping[str, Any] | job_service_pb2.SubmitJobRequest]
    ) -> builtins.list[job_pb2.Job]:
        """Submit up to 1,000 jobs in one call (SubmitJobs), all or nothing; the jobs
        come back in order.

        Each job is a ``SubmitJobRequest`` or a mapping of :meth:`submit`'s arguments
        (``job_type`` — or ``type`` — and ``payload``, ``priority``, ``labels``, …). A
        job without a request_id gets a fresh UUID, so retries never duplicate it.
        """
        requests = []
        for job in jobs:
            if isinstance(job, job_service_pb2.SubmitJobRequest):
                request = job_service_pb2.SubmitJobRequest()
                request.CopyFrom(job)
                request.request_id = request.request_id or str(uuid.uuid4())
            else:
                args = dict(job)
                job_type = args.pop("job_type", None) or args.pop("type", "")
                request = submit_request(job_type, args.pop("payload", None), args)
            requests.append(request)
        batch = job_service_pb2.SubmitJobsRequest(requests=requests)
        response = await self._unary("SubmitJobs", batch, job_service_pb2.SubmitJobsResponse)
        return builtins.list(response.jobs)

    async def cancel_many(
        self, filter: str, *, reason: str = "", force: bool = False, max_jobs: int = 0
    ) -> int:
        """Cancel every live job matching ``filter`` (required), ``max_jobs`` per call
        (0: the server's default), calling again while more match; the count."""
        request = job_service_pb2.CancelJobsRequest(
            filter=filter, reason=reason, force=force, max_jobs=max_jobs
        )
        return await self._repeat("CancelJobs", request, job_service_pb2.CancelJobsResponse)

    async def retry_many(self, filter: str, *, max_jobs: int = 0) -> int:
        """Re-queue every FAILED, CANCELED or EXPIRED job matching ``filter`` (required),
        as :meth:`cancel_many` repeats; the count."""
        request = job_service_pb2.RetryJobsRequest(filter=filter, max_jobs=max_jobs)
        return await self._repeat("RetryJobs", request, job_service_pb2.RetryJobsResponse)

    async def delete_many(self, filter: str, *, max_jobs: int = 0) -> int:
        """Delete every terminal job matching ``filter`` (required), as
        :meth:`cancel_many` repeats; the count."""
        request = job_service_pb2.DeleteJobsRequest(filter=filter, max_jobs=max_jobs)
        return await self._repeat("DeleteJobs", request, job_service_pb2.DeleteJobsResponse)

    async def delete(self, job_id: str) -> None:
        """Delete a terminal job (a live one is FAILED_PRECONDITION: cancel it first)."""
        request = job_service_pb2.DeleteJobRequest(job_id=job_id)
        await self._unary("DeleteJob", request, job_service_pb2.DeleteJobResponse)

    async def _repeat(self, method: str, request: Message, response_type: type[_Many]) -> int:
        total = 0
        # Each call acts on jobs that then no longer match: bounded by the matching jobs.
        while True:
            response = await self._unary(method, request, response_type)
            total += response.count
            if not response.more:
                return total

    async def get(self, job_id: str) -> job_pb2.Job:
        """Return the job ``job_id``."""
        request = job_service_pb2.GetJobRequest(job_id=job_id)
        return (await self._unary("GetJob", request, job_service_pb2.GetJobResponse)).job

    async def cancel(self, job_id: str, *, reason: str = "", force: bool = False) -> job_pb2.Job:
        """Cancel a job (idempotent if already canceled); ``force`` skips the grace period."""
        request = job_service_pb2.CancelJobRequest(job_id=job_id, reason=reason, force=force)
        return (await self._unary("CancelJob", request, job_service_pb2.CancelJobResponse)).job

    async def pause(self, job_id: str) -> job_pb2.Job:
        """Hold a queued job until :meth:`resume`."""
        request = job_service_pb2.PauseJobRequest(job_id=job_id)
        return (await self._unary("PauseJob", request, job_service_pb2.PauseJobResponse)).job

    async def resume(self, job_id: str) -> job_pb2.Job:
        """Put a paused job back in the queue."""
        request = job_service_pb2.ResumeJobRequest(job_id=job_id)
        return (await self._unary("ResumeJob", request, job_service_pb2.ResumeJobResponse)).job

    async def retry(self, job_id: str, *, additional_attempts: int = 1) -> job_pb2.Job:
        """Re-queue a failed, canceled or expired job with ``additional_attempts`` more."""
        request = job_service_pb2.RetryJobRequest(
            job_id=job_id, additional_attempts=additional_attempts
        )
        return (await self._unary("RetryJob", request, job_service_pb2.RetryJobResponse)).job

    async def wait(self, job_id: str, *, timeout_s: float = DEFAULT_WAIT_S) -> job_pb2.Job:
        """Return the job once it is terminal, or as it is when ``timeout_s`` passes.

        Loops WaitJob long polls; if the server goes away in between (after
        gRPC's own retries), reconnects per the client's :class:`ReconnectPolicy`.
        Check :func:`is_terminal` on the result to tell the two outcomes apart.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        failures = 0
        # Bounded by `deadline` and by the reconnect policy's attempt cap.
        while True:
            remaining = deadline - loop.time()
            try:
                job = await self._wait_once(job_id, remaining)
            except ServerUnavailable:
                failures += 1
                if failures > self._reconnect.max_attempts or remaining <= 0:
                    raise
                await asyncio.sleep(min(self._reconnect.delay_s(failures), remaining))
                continue
            failures = 0
            if is_terminal(job.status) or loop.time() >= deadline:
                return job

    async def _wait_once(self, job_id: str, remaining_s: float) -> job_pb2.Job:
        if remaining_s <= 0:
            return await self.get(job_id)
        chunk_s = min(remaining_s, _WAIT_CHUNK_S)
        request = job_service_pb2.WaitJobRequest(job_id=job_id, timeout=duration(chunk_s))
        response = await self._transport.unary(
            "WaitJob", request, job_service_pb2.WaitJobResponse, timeout_s=chunk_s + self._timeout_s
        )
        return response.job

    def watch(
        self,
        job_id: str,
        *,
        after_sequence: int = 0,
        resync: bool = True,
        progress_interval_s: float | None = None,
    ) -> AsyncIterator[job_service_pb2.WatchProgressResponse]:
        """Iterate over a job's events (snapshot, status changes, progress) until terminal.

        Survives server restarts and dropped streams: it reconnects with backoff
        and resumes after the last sequence seen, with no gap and no duplicate.
        ``after_sequence`` resumes a watch of your own. See
        :func:`~jobplane.client._watch.resume_watch` for the details.
        ``progress_interval_s`` asks the server for at most one progress event per
        that many seconds, always the latest (status changes all arrive).
        """

        def open_stream(after: int) -> AsyncGenerator[job_service_pb2.WatchProgressResponse, None]:
            request = job_service_pb2.WatchProgressRequest(job_id=job_id, after_sequence=after)
            if progress_interval_s:
                request.progress_interval.FromNanoseconds(int(progress_interval_s * 1e9))
            return self._transport.stream(
                "WatchProgress", request, job_service_pb2.WatchProgressResponse
            )

        return resume_watch(
            open_stream, after_sequence=after_sequence, policy=self._reconnect, resync=resync
        )

    def watch_jobs(
        self, filter: str = "", *, after_cursor: str = ""
    ) -> AsyncIterator[job_service_pb2.WatchJobsResponse]:
        """Iterate over the status changes of every job matching ``filter`` (AIP-160),
        from now on, or right after ``after_cursor`` (a response's ``cursor``, or a
        ListJobs page's ``watch_cursor`` for list-then-watch).

        Never ends by itself: across server restarts, dropped connections and
        replicas it reconnects with backoff and resumes after the last cursor, with
        no gap and no duplicate (see :func:`~jobplane.client._watch.resume_watch_jobs`).
        """

        def open_stream(cursor: str) -> AsyncGenerator[job_service_pb2.WatchJobsResponse, None]:
            request = job_service_pb2.WatchJobsRequest(filter=filter, after_cursor=cursor)
            return self._transport.stream("WatchJobs", request, job_service_pb2.WatchJobsResponse)

        return resume_watch_jobs(open_stream, after_cursor=after_cursor, policy=self._reconnect)

    async def list_page(
        self, filter: str = "", *, page_size: int = 0, page_token: str = ""
    ) -> job_service_pb2.ListJobsResponse:
        """Return one page of jobs, newest first (``filter`` is AIP-160, see ListJobsRequest)."""
        request = job_service_pb2.ListJobsRequest(
            filter=filter, page_size=page_size, page_token=page_token
        )
        return await self._unary("ListJobs", request, job_service_pb2.ListJobsResponse)

    async def list(
        self, filter: str = "", *, page_size: int = 100, limit: int | None = None
    ) -> AsyncIterator[job_pb2.Job]:
        """Iterate over all jobs matching ``filter``, newest first, page by page.

        ``filter`` is AIP-160, e.g. ``status = FAILED AND labels.team = "ml"``;
        ``limit`` stops after that many jobs.
        """
        seen_tokens: builtins.set[str] = set()
        token = ""
        count = 0
        # Bounded: ends on the last page, at `limit`, or on a page token seen before.
        while True:
            size = page_size if limit is None else min(page_size, limit - count)
            page = await self.list_page(filter, page_size=size, page_token=token)
            for job in page.jobs:
                yield job
                count += 1
                if limit is not None and count >= limit:
                    return
            token = page.next_page_token
            if not token:
                return
            if token in seen_tokens:
                raise JobplaneError("the server repeated a page token", code="INTERNAL")
            seen_tokens.add(token)

    async def _unary(self, method: str, request: Message, response_type: type[_R]) -> _R:
        return await self._transport.unary(
            method, request, response_type, timeout_s=self._timeout_s
        )


def connect(
    target: str = DEFAULT_TARGET,
    *,
    token: str | None = None,
    tls: TlsConfig | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    retry: RetryConfig | None = None,
    reconnect: ReconnectPolicy | None = None,
    tenant: str | None = None,
) -> AsyncJobClient:
    """Open an :class:`AsyncJobClient` to ``target`` (call inside a running event loop).

    ``token`` is sent as ``authorization: Bearer <token>``; ``tls`` selects a TLS
    channel; ``timeout_s`` is each unary call's deadline; ``tenant`` (admins only)
    names the tenant to act on (``x-jobplane-tenant``; ``*`` for every tenant's reads).
    """
    return AsyncJobClient(
        target,
        token=token,
        tls=tls,
        timeout_s=timeout_s,
        retry=retry,
        reconnect=reconnect,
        tenant=tenant,
    )

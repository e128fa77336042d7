"""The gRPC servicer: protobuf ⇄ manager calls, domain errors ⇄ status codes. Nothing else.

Any unexpected exception is logged with its traceback and answered INTERNAL with
a generic message; no traceback ever reaches a caller, and nothing answers UNKNOWN.
"""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import Any, TypeVar

import grpc
from jobplane.server.api.config import ApiConfig
from jobplane.server.api.manager import Manager
from jobplane.server.auth import current_tenant
from jobplane.server.domain import errors
from jobplane.server.rpc import decode, encode, status
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

_T = TypeVar("_T")
log = logging.getLogger("jobplane.service")
Req = TypeVar("Req")
Resp = TypeVar("Resp")
Ctx = grpc.aio.ServicerContext[Any, Any]


def tenant_of(context: Ctx) -> str | None:
    """The tenant this call acts on, as the security guard decided it for the
    authenticated caller (None: every tenant, admins only). Open servers have one
    tenant ''. Never read from request metadata here."""
    return current_tenant()


async def _abort(context: Ctx, exc: BaseException) -> None:
    if isinstance(exc, errors.ServerError):
        err = exc
    else:
        log.error("internal error in %s", type(exc).__name__, exc_info=exc)
        err = status.internal()
    await context.abort_with_status(status.to_status(err))


def unary(
    fn: Callable[[Any, Req, Ctx], Awaitable[Resp]],
) -> Callable[[Any, Req, Ctx], Awaitable[Resp]]:
    @functools.wraps(fn)
    async def wrapper(self: Any, request: Req, context: Ctx) -> Resp:
        try:
            return await fn(self, request, context)
        except (grpc.aio.AbortError, grpc.aio.UsageError):
            raise
        except Exception as exc:
            await _abort(context, exc)
            raise AssertionError("unreachable") from exc

    return wrapper


def streaming(
    fn: Callable[[Any, Req, Ctx], Awaitable[None]],
) -> Callable[[Any, Req, Ctx], Awaitable[None]]:
    """The server-streaming twin of :func:`unary` (the method writes with
    ``context.write``): errors end the stream with a status."""

    @functools.wraps(fn)
    async def wrapper(self: Any, request: Req, context: Ctx) -> None:
        try:
            await fn(self, request, context)
        except (grpc.aio.AbortError, grpc.aio.UsageError):
            raise
        except Exception as exc:
            await _abort(context, exc)

    return wrapper


#: The watch streams write pre-serialized messages: an event fanned out to many
#: subscribers is serialized once (see ``encode.event_wire``).
RAW_STREAMS = frozenset(
    f"/{svc.DESCRIPTOR.services_by_name['JobService'].full_name}/{name}"
    for name in ("WatchProgress", "WatchJobs")
)


def _bytes_or(serialize: Callable[[Any], bytes]) -> Callable[[Any], bytes]:
    def serializer(message: Any) -> bytes:
        return message if type(message) is bytes else serialize(message)

    return serializer


def raw_responses(method: str, handler: grpc.RpcMethodHandler[Any, Any]) -> Any:
    """For the watch streams: a response serializer that passes bytes through."""
    if method not in RAW_STREAMS or handler.unary_stream is None:
        return handler
    assert handler.response_serializer is not None
    return grpc.unary_stream_rpc_method_handler(
        handler.unary_stream,
        request_deserializer=handler.request_deserializer,
        response_serializer=_bytes_or(handler.response_serializer),
    )


class JobService(svc_grpc.JobServiceServicer):
    """JobService over the manager: decode the request, call, encode the result."""

    def __init__(self, manager: Manager, config: ApiConfig) -> None:
        self._m = manager
        self._limits = config

    @unary
    async def SubmitJob(self, request: svc.SubmitJobRequest, context: Ctx) -> svc.SubmitJobResponse:
        job = await self._m.submit(
            decode.submit_job(request, self._limits), tenant_of(context) or ""
        )
        return svc.SubmitJobResponse(job=encode.job_pb(job))

    @unary
    async def SubmitJobs(
        self, request: svc.SubmitJobsRequest, context: Ctx
    ) -> svc.SubmitJobsResponse:
        specs = decode.submit_jobs(request, self._limits)
        jobs = await self._m.submit_many(specs, tenant_of(context) or "")
        resp = svc.SubmitJobsResponse()
        for job in jobs:
            encode.job_pb(job, resp.jobs.add())
        return resp

    @unary
    async def CancelJobs(
        self, request: svc.CancelJobsRequest, context: Ctx
    ) -> svc.CancelJobsResponse:
        count, more = await self._m.bulk.cancel(decode.many_jobs(request), tenant_of(context))
        return svc.CancelJobsResponse(count=count, more=more)

    @unary
    async def RetryJobs(self, request: svc.RetryJobsRequest, context: Ctx) -> svc.RetryJobsResponse:
        count, more = await self._m.bulk.retry(decode.many_jobs(request), tenant_of(context))
        return svc.RetryJobsResponse(count=count, more=more)

    @unary
    async def DeleteJobs(
        self, request: svc.DeleteJobsRequest, context: Ctx
    ) -> svc.DeleteJobsResponse:
        req = decode.many_jobs(request)
        count, more = await self._m.bulk.delete_many(req, tenant_of(context))
        return svc.DeleteJobsResponse(count=count, more=more)

    @unary
    async def DeleteJob(self, request: svc.DeleteJobRequest, context: Ctx) -> svc.DeleteJobResponse:
        await self._m.bulk.delete(decode.job_ref(request), tenant_of(context))
        return svc.DeleteJobResponse()

    @unary
    async def GetJob(self, request: svc.GetJobRequest, context: Ctx) -> svc.GetJobResponse:
        job = await self._m.get(decode.job_ref(request), tenant_of(context))
        return svc.GetJobResponse(job=encode.job_pb(job))

    @unary
    async def ListJobs(self, request: svc.ListJobsRequest, context: Ctx) -> svc.ListJobsResponse:
        req = decode.list_jobs(request, self._limits)
        cursor = await self._m.watch_cursor()  # before the list: list-then-watch misses nothing
        jobs, token = await self._m.list(req, tenant_of(context))
        resp = svc.ListJobsResponse(next_page_token=token, watch_cursor=cursor)
        for job in jobs:
            encode.job_pb(job, resp.jobs.add())
        return resp

    @unary
    async def CancelJob(self, request: svc.CancelJobRequest, context: Ctx) -> svc.CancelJobResponse:
        job = await self._m.cancel(decode.cancel_job(request), tenant_of(context))
        return svc.CancelJobResponse(job=encode.job_pb(job))

    @unary
    async def WaitJob(self, request: svc.WaitJobRequest, context: Ctx) -> svc.WaitJobResponse:
        job = await self._m.wait(decode.wait_job(request, self._limits), tenant_of(context))
        return svc.WaitJobResponse(job=encode.job_pb(job))

    @unary
    async def PauseJob(self, request: svc.PauseJobRequest, context: Ctx) -> svc.PauseJobResponse:
        job = await self._m.pause(decode.job_ref(request), tenant_of(context))
        return svc.PauseJobResponse(job=encode.job_pb(job))

    @unary
    async def ResumeJob(self, request: svc.ResumeJobRequest, context: Ctx) -> svc.ResumeJobResponse:
        job = await self._m.resume(decode.job_ref(request), tenant_of(context))
        return svc.ResumeJobResponse(job=encode.job_pb(job))

    @unary
    async def RetryJob(self, request: svc.RetryJobRequest, context: Ctx) -> svc.RetryJobResponse:
        job = await self._m.retry(decode.retry_job(request), tenant_of(context))
        return svc.RetryJobResponse(job=encode.job_pb(job))

    @streaming
    async def WatchJobs(  # type: ignore[override,unused-ignore]
        self, request: svc.WatchJobsRequest, context: Ctx
    ) -> None:
        watch = self._m.watch_jobs(decode.watch_jobs(request), tenant_of(context))
        await _write_all(
            context, watch, lambda item: encode.lifecycle_pb(item[1], item[0]).SerializeToString()
        )

    @streaming
    async def WatchProgress(  # type: ignore[override,unused-ignore]
        self, request: svc.WatchProgressRequest, context: Ctx
    ) -> None:
        watch = self._m.watch(decode.watch_progress(request), tenant_of(context))
        await _write_all(context, watch, encode.event_wire)


async def _write_all(
    context: Ctx, watch: AsyncGenerator[_T, None], wire: Callable[[_T], bytes]
) -> None:
    """Write every item of ``watch`` pre-serialized. aclosing: a dropped call
    (CancelledError at a write) unsubscribes at once, not whenever the abandoned
    generator is garbage-collected."""
    write = context.write
    async with contextlib.aclosing(watch):
        async for item in watch:
            await write(wire(item))

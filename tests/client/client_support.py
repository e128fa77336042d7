"""Play the server for the client over grpc_testing's scripted channel.

The client runs over :class:`SyncChannelTransport`, the same ``AsyncJobClient``
code as in production with a sync transport underneath; the test takes each
call the client makes and answers it by hand. Takes run on worker threads
because grpc_testing blocks until the client's call arrives.
"""

from __future__ import annotations

import asyncio
from typing import Any

import grpc
import grpc_testing
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status
from jobplane.v1 import job_pb2, job_service_pb2

SERVICE = job_service_pb2.DESCRIPTOR.services_by_name["JobService"]
TAKE_TIMEOUT_S = 10.0


def rich_status(
    code: grpc.StatusCode,
    message: str,
    *,
    reason: str = "",
    metadata: dict[str, str] | None = None,
    violations: tuple[tuple[str, str], ...] = (),
) -> tuple[Any, grpc.StatusCode, str]:
    """(trailing metadata, code, details) for a status with ErrorInfo / BadRequest details."""
    details = []
    if reason:
        info = error_details_pb2.ErrorInfo(
            reason=reason, domain="jobplane.dev", metadata=metadata or {}
        )
        packed = any_pb2.Any()
        packed.Pack(info)
        details.append(packed)
    if violations:
        bad = error_details_pb2.BadRequest(
            field_violations=[
                error_details_pb2.BadRequest.FieldViolation(field=f, description=d)
                for f, d in violations
            ]
        )
        packed = any_pb2.Any()
        packed.Pack(bad)
        details.append(packed)
    status = status_pb2.Status(code=getattr(code_pb2, code.name), message=message, details=details)
    converted = rpc_status.to_status(status)
    return converted.trailing_metadata, converted.code, converted.details


def job(job_id: str = "j1", status: int = job_pb2.JOB_STATUS_QUEUED, **fields: Any) -> job_pb2.Job:
    """A Job message."""
    return job_pb2.Job(id=job_id, type="demo.sleep", status=status, **fields)


def event(
    sequence: int, status: int = job_pb2.JOB_STATUS_RUNNING, percent: float = 0.0
) -> job_service_pb2.WatchProgressResponse:
    """A progress (or, with a terminal status, final) WatchProgressResponse."""
    kind = job_service_pb2.WATCH_EVENT_KIND_PROGRESS
    return job_service_pb2.WatchProgressResponse(
        sequence=sequence,
        status=status,
        kind=kind,
        progress=job_pb2.Progress(current=percent / 10, total=10, percent=percent),
    )


class ScriptedServer:
    """The test's side of a grpc_testing channel."""

    def __init__(self) -> None:
        self.channel = grpc_testing.channel(
            job_service_pb2.DESCRIPTOR.services_by_name.values(),
            grpc_testing.strict_real_time(),
        )

    async def take_unary(self, method: str) -> tuple[Any, Any, Any]:
        """Wait for the client's next call of ``method``: (metadata, request, rpc)."""
        descriptor = SERVICE.methods_by_name[method]
        return await asyncio.wait_for(
            asyncio.to_thread(self.channel.take_unary_unary, descriptor), TAKE_TIMEOUT_S
        )

    async def take_stream(self, method: str) -> tuple[Any, Any, Any]:
        """Wait for the client to open a server stream of ``method``."""
        descriptor = SERVICE.methods_by_name[method]
        return await asyncio.wait_for(
            asyncio.to_thread(self.channel.take_unary_stream, descriptor), TAKE_TIMEOUT_S
        )

    async def answer(self, method: str, response: Any) -> Any:
        """Take one call of ``method``, answer it OK, and return its request."""
        _, request, rpc = await self.take_unary(method)
        rpc.terminate(response, (), grpc.StatusCode.OK, "")
        return request

    async def fail(self, method: str, code: grpc.StatusCode, message: str, **kw: Any) -> Any:
        """Take one call of ``method``, fail it with a rich status, and return its request."""
        _, request, rpc = await self.take_unary(method)
        trailing, code, details = rich_status(code, message, **kw)
        rpc.terminate(None, trailing, code, details)
        return request

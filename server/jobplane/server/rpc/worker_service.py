"""WorkerService: remote workers take tasks, report, complete (see worker_service.proto).

Protobuf ⇄ :class:`~jobplane.server.runtime.remote_work.RemoteWork` calls, nothing
else; the tenant is the security guard's (a worker of tenant A is only ever handed
tenant A's jobs; an admin acting on ``*`` serves every tenant).
"""

from __future__ import annotations

import time
from typing import Any

from google.protobuf import timestamp_pb2
from jobplane.server.api import requests as rq
from jobplane.server.domain import errors
from jobplane.server.domain.model import JobError, JsonDict, Progress
from jobplane.server.domain.outcomes import Outcome
from jobplane.server.rpc import decode, encode
from jobplane.server.rpc.service import Ctx, streaming, tenant_of, unary
from jobplane.server.runtime.remote import Command, Held
from jobplane.server.runtime.remote_work import RemoteWork
from jobplane.server.runtime.tokens import TaskToken
from jobplane.v1 import job_pb2 as pb
from jobplane.v1 import worker_service_pb2 as ws
from jobplane.v1 import worker_service_pb2_grpc as ws_grpc

SERVICE_NAME = ws.DESCRIPTOR.services_by_name["WorkerService"].full_name
MAX_WORKER_ID_CHARS = 200
MAX_REASON_CHARS = 200
MAX_MESSAGE_CHARS = 2000


def _worker_id(text: str) -> str:
    if len(text) > MAX_WORKER_ID_CHARS:
        raise errors.InvalidArgumentError(
            f"worker_id is longer than {MAX_WORKER_ID_CHARS} characters", field="worker_id"
        )
    return text or "worker"


def _ts(t: float) -> timestamp_pb2.Timestamp:
    msg = timestamp_pb2.Timestamp()
    msg.FromNanoseconds(int(t * 1e9))
    return msg


def task_pb(held: Held) -> ws.Task:
    job = held.job
    task = ws.Task(task_token=held.token, job=encode.job_pb(job))
    if job.checkpoint is not None:
        task.job.checkpoint.update(job.checkpoint)
    if job.lease_expire_time is not None:
        task.lease_expire_time.CopyFrom(_ts(job.lease_expire_time))
    return task


def _command_pb(command: Command) -> ws.ListenTasksResponse:
    if command.cancel:
        cancel = ws.TaskCancel(
            task_token=command.held.token, reason=command.reason, force=command.force
        )
        return ws.ListenTasksResponse(cancel=cancel)
    return ws.ListenTasksResponse(task=task_pb(command.held))


def _progress(msg: pb.Progress) -> Progress:
    details = decode.struct_dict(msg.details) if msg.HasField("details") else None
    return Progress(
        current=msg.current,
        total=msg.total,
        message=msg.message[:MAX_MESSAGE_CHARS],
        details=details,
        update_time=time.time(),
    )


def _outcome(request: ws.CompleteTaskRequest) -> Outcome:
    which = request.WhichOneof("result")
    if which == "output":
        return Outcome.ok(decode.struct_dict(request.output))
    if which != "error":
        raise errors.InvalidArgumentError(
            "set result: output (succeeded) or error (failed)", field="result"
        )
    failure = request.error
    details: JsonDict | None = (
        decode.struct_dict(failure.details) if failure.HasField("details") else None
    )
    error = JobError(
        code="FAILED_PRECONDITION" if failure.non_retryable else "INTERNAL",
        reason=(failure.reason or "HANDLER_ERROR")[:MAX_REASON_CHARS],
        message=failure.message[:MAX_MESSAGE_CHARS],
        details=details,
    )
    return Outcome.failed(error, final=failure.non_retryable)


def _wait_s(request: ws.PollTaskRequest) -> float:
    if not request.HasField("wait"):
        return 0.0
    w = request.wait
    return rq.duration_s(w.seconds, w.nanos, "wait", allow_zero=True)


class WorkerService(ws_grpc.WorkerServiceServicer):
    def __init__(self, work: RemoteWork) -> None:
        self._work = work

    @unary
    async def PollTask(self, request: ws.PollTaskRequest, context: Ctx) -> ws.PollTaskResponse:
        held = await self._work.poll(
            _worker_id(request.worker_id), list(request.types), _wait_s(request),
            tenant_of(context),
        )  # fmt: skip
        return ws.PollTaskResponse() if held is None else ws.PollTaskResponse(task=task_pb(held))

    @streaming
    async def ListenTasks(  # type: ignore[override,unused-ignore]  # writes, as the watches do
        self, request: ws.ListenTasksRequest, context: Ctx
    ) -> None:
        session = await self._work.listen(
            _worker_id(request.worker_id), list(request.types), request.slots,
            tenant_of(context),
        )  # fmt: skip
        try:
            async for command in session.commands():
                await context.write(_command_pb(command))
        finally:
            self._work.close(session)

    @unary
    async def ReportProgress(
        self, request: ws.ReportProgressRequest, context: Ctx
    ) -> ws.ReportProgressResponse:
        token = TaskToken.decode(request.task_token)
        progress = _progress(request.progress) if request.HasField("progress") else None
        checkpoint: dict[str, Any] | None = (
            decode.struct_dict(request.checkpoint) if request.HasField("checkpoint") else None
        )
        cancel, until = await self._work.report(token, progress, checkpoint, tenant_of(context))
        return ws.ReportProgressResponse(cancel_requested=cancel, lease_expire_time=_ts(until))

    @unary
    async def CompleteTask(
        self, request: ws.CompleteTaskRequest, context: Ctx
    ) -> ws.CompleteTaskResponse:
        token = TaskToken.decode(request.task_token)
        job = await self._work.complete(token, _outcome(request), tenant_of(context))
        return ws.CompleteTaskResponse(job=encode.job_pb(job))

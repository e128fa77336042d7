"""One leased task on a remote worker: run its handler, report, complete."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any

import grpc  # type: ignore[import-untyped,unused-ignore]
from jobplane.client._errors import JobplaneError, from_rpc_error
from jobplane.handlers import JsonDict, Registered
from jobplane.v1 import job_pb2, worker_service_pb2
from jobplane.worker._context import TaskContext
from jobplane.worker._outcome import exception_request, failure_request, output_request

log = logging.getLogger("jobplane.worker")

#: Per-call deadline of ReportProgress / CompleteTask.
CALL_TIMEOUT_S = 10.0
#: How long a finished result is retried while the server is unreachable (a restart).
COMPLETE_RETRY_S = 60.0


class TaskRun:
    """Runs one task: the handler, a reporter that sends progress and renews the lease
    (a third of what is left of it, every 0.2..10 s), then CompleteTask."""

    def __init__(
        self, task: worker_service_pb2.Task, registered: Registered | None, stub: Any, metadata: Any
    ) -> None:
        self.token = task.task_token
        self.job = task.job
        self._registered = registered
        self._stub = stub
        self._metadata = metadata
        self._lease_expire = (
            task.lease_expire_time.ToNanoseconds() / 1e9
            if task.HasField("lease_expire_time")
            else time.time() + 30.0
        )
        #: With a heartbeat_timeout, the lease is renewed only while the handler itself
        #: heartbeats (reports progress, checkpoints, heartbeat()) within it: a hung
        #: handler goes silent and its attempt stalls, as it would in the server.
        self._heartbeat_s = (
            task.job.heartbeat_timeout.ToNanoseconds() / 1e9
            if task.job.HasField("heartbeat_timeout")
            else 0.0
        )
        self._pending: job_pb2.Progress | None = None
        self._kick = asyncio.Event()
        self._ended = False
        self._handler: asyncio.Future[Any] | None = None
        #: Set by a drain: a task that does not finish is handed back (JOB_RELEASED).
        self.released = False
        #: The server refused the token: nothing more is sent for this task.
        self.lost = False
        self.ctx = TaskContext(
            task.job,
            loop=asyncio.get_running_loop(),
            on_progress=self._on_progress,
            on_checkpoint=self._checkpoint,
        )

    def cancel(self, reason: str, *, force: bool = False) -> None:
        """Cooperative cancel; ``force`` also cancels an async handler's coroutine
        (a thread handler cannot be killed: it must watch ``ctx.cancelled``)."""
        self.ctx.request_cancel(reason)
        if force and self._handler is not None:
            self._handler.cancel()

    async def run(self) -> None:
        reporter = asyncio.create_task(self._report_loop())
        try:
            request = await self._invoke()
        finally:
            # Stopped by a flag, not by cancel(): Python 3.11's wait_for swallows a
            # cancel that lands as its awaited event fires (the handler's last
            # report_progress), which left the reporter running forever.
            self._ended = True
            self._kick.set()
            await reporter
        if self._pending is not None:  # the last progress lands before the outcome
            await self._send(self._take_pending())
        await self.complete(request)

    async def _invoke(self) -> worker_service_pb2.CompleteTaskRequest:
        reg = self._registered
        if reg is None:
            return failure_request(
                self.token, "UNKNOWN_JOB_TYPE", f"no handler for {self.job.type!r}",
                non_retryable=True,
            )  # fmt: skip
        try:
            if reg.is_async:
                self._handler = asyncio.ensure_future(reg.fn(self.ctx))  # type: ignore[arg-type]
                result = await self._handler
            else:
                result = await asyncio.to_thread(reg.fn, self.ctx)
        except asyncio.CancelledError as exc:
            current = asyncio.current_task()
            if current is not None and current.cancelling():
                raise  # this run itself is being cancelled, not just the handler
            return self._failed(exc)
        except Exception as exc:
            log.info(
                "job %s attempt %d raised %s", self.job.id, self.job.attempt, type(exc).__name__
            )
            return self._failed(exc)
        return output_request(self.token, result)

    def _failed(self, exc: BaseException) -> worker_service_pb2.CompleteTaskRequest:
        return exception_request(
            self.token, exc, cancel_reason=self.ctx.cancel_reason, released=self.released
        )

    async def complete(self, request: worker_service_pb2.CompleteTaskRequest) -> None:
        """Send the outcome; retried while the server is UNAVAILABLE (a restart must
        not lose a finished result), for up to COMPLETE_RETRY_S."""
        deadline = time.monotonic() + COMPLETE_RETRY_S
        delay_s = 0.1
        while not self.lost:
            try:
                await self._stub.CompleteTask(
                    request, metadata=self._metadata, timeout=CALL_TIMEOUT_S
                )
                return
            except grpc.RpcError as exc:
                error = from_rpc_error(exc)
                if error.code != "UNAVAILABLE" or time.monotonic() > deadline:
                    self._refused(error, "complete")
                    return
            await asyncio.sleep(delay_s)
            delay_s = min(2.0, delay_s * 2)

    # -- progress, heartbeats, checkpoints -----------------------------------

    def _on_progress(self, progress: job_pb2.Progress | None) -> None:
        if progress is not None:
            self._pending = progress
        self._kick.set()

    def _take_pending(self) -> job_pb2.Progress | None:
        progress, self._pending = self._pending, None
        return progress

    def _beat_every_s(self) -> float:
        return min(10.0, max(0.2, (self._lease_expire - time.time()) / 3))

    async def _report_loop(self) -> None:
        """At most one ReportProgress in flight: bursts coalesce to the latest."""
        while not self.lost and not self._ended:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._kick.wait(), self._beat_every_s())
            self._kick.clear()
            if self._ended:
                return  # run() flushes the last progress itself
            progress = self._take_pending()
            if progress is None and self._handler_silent():
                continue
            await self._send(progress)

    def _handler_silent(self) -> bool:
        silent_s = time.monotonic() - self.ctx.last_heartbeat
        return self._heartbeat_s > 0 and silent_s > self._heartbeat_s

    async def _send(
        self, progress: job_pb2.Progress | None, checkpoint: JsonDict | None = None
    ) -> None:
        if self.lost:
            return
        request = worker_service_pb2.ReportProgressRequest(task_token=self.token)
        if progress is not None:
            request.progress.CopyFrom(progress)
        if checkpoint is not None:
            request.checkpoint.update(checkpoint)
        try:
            response = await self._stub.ReportProgress(
                request, metadata=self._metadata, timeout=CALL_TIMEOUT_S
            )
        except grpc.RpcError as exc:
            self._refused(from_rpc_error(exc), "progress")
            if checkpoint is not None:
                raise from_rpc_error(exc) from exc
            return
        if response.HasField("lease_expire_time"):
            self._lease_expire = response.lease_expire_time.ToNanoseconds() / 1e9
        if response.cancel_requested:
            self.cancel("cancel requested")

    async def _checkpoint(self, data: JsonDict) -> None:
        await self._send(None, checkpoint=data)

    def _refused(self, error: JobplaneError, what: str) -> None:
        if error.reason in ("TASK_LEASE_LOST", "INVALID_TASK_TOKEN"):
            self.lost = True
            self.cancel("lease lost")
            log.warning(
                "job %s attempt %d: %s refused: %s", self.job.id, self.job.attempt, what, error
            )
        else:
            log.warning(
                "job %s attempt %d: %s failed: %s", self.job.id, self.job.attempt, what, error
            )

"""The remote worker: a ListenTasks session with slots, reconnects and a drain."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any

import grpc  # type: ignore[import-untyped,unused-ignore]
import grpc.aio  # type: ignore[import-untyped,unused-ignore]
from jobplane.client._errors import JobplaneError, from_rpc_error
from jobplane.client._transport import _auth_metadata, _credentials
from jobplane.handlers import Registry
from jobplane.v1 import worker_service_pb2, worker_service_pb2_grpc
from jobplane.worker._config import WorkerConfig
from jobplane.worker._outcome import RELEASED, failure_request
from jobplane.worker._task import TaskRun

log = logging.getLogger("jobplane.worker")

#: Errors that retrying cannot fix: the worker stops with them.
FATAL_CODES = frozenset(
    {"UNAUTHENTICATED", "PERMISSION_DENIED", "INVALID_ARGUMENT", "UNIMPLEMENTED"}
)
#: A stream that lived this long was healthy: the backoff starts over.
HEALTHY_STREAM_S = 5.0
#: After the grace, how long cancelled handlers get to return before their tasks
#: are handed back regardless.
CANCEL_WAIT_S = 5.0


class Worker:
    """Runs the handlers of ``registry`` for tasks pushed by the server, at most
    ``config.concurrency`` at once. ``await run()`` until :meth:`stop`."""

    def __init__(self, registry: Registry, config: WorkerConfig) -> None:
        if not registry.names():
            raise ValueError("the registry has no handlers")
        self.registry = registry
        self.config = config
        self._runs: dict[str, tuple[TaskRun, asyncio.Task[None]]] = {}
        self._freed = asyncio.Event()
        self._stopping = asyncio.Event()
        self._metadata = _auth_metadata(config.token, config.tenant)
        self._stub: Any = None
        #: Tasks whose handlers ignored the drain (thread handlers that never return).
        self.stuck = 0

    @property
    def running(self) -> int:
        """How many tasks run now."""
        return len(self._runs)

    def stop(self) -> None:
        """Begin the drain: take no more tasks, let running ones finish (see run)."""
        self._stopping.set()

    async def run(self) -> None:
        """Listen until :meth:`stop`, reconnecting with backoff; then drain: running
        handlers get ``grace_s``, then are cancelled and their tasks handed back."""
        channel = _channel(self.config)
        self._stub = worker_service_pb2_grpc.WorkerServiceStub(channel)
        try:
            await self._session_loop()
            await self._drain()
        finally:
            await channel.close()

    async def _session_loop(self) -> None:
        failures = 0
        while not self._stopping.is_set():
            free = await self._wait_free()
            if free == 0:
                return
            opened = time.monotonic()
            error = await self._session(free)
            if self._stopping.is_set():
                return
            if error is not None and error.code in FATAL_CODES:
                raise error
            failures = 1 if time.monotonic() - opened > HEALTHY_STREAM_S else failures + 1
            delay_s = self.config.reconnect_delay_s(failures)
            log.warning("task stream ended (%s); reconnecting in %.2fs", error or "OK", delay_s)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), delay_s)

    async def _wait_free(self) -> int:
        """Slots free now (0 once stopping). After a reconnect, tasks still running
        from the old stream keep theirs: the new stream asks only for the rest."""
        while not self._stopping.is_set():
            free = self.config.concurrency - self._busy()
            if free > 0:
                return free
            self._freed.clear()
            stop = asyncio.ensure_future(self._stopping.wait())
            freed = asyncio.ensure_future(self._freed.wait())
            await asyncio.wait({stop, freed}, return_when=asyncio.FIRST_COMPLETED)
            stop.cancel()
            freed.cancel()
        return 0

    async def _session(self, slots: int) -> JobplaneError | None:
        """One ListenTasks stream, until it ends, fails or the worker stops."""
        listen = asyncio.create_task(self._listen(slots))
        stop = asyncio.ensure_future(self._stopping.wait())
        await asyncio.wait({listen, stop}, return_when=asyncio.FIRST_COMPLETED)
        stop.cancel()
        if not listen.done():
            listen.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await listen
            return None
        return listen.result()

    async def _listen(self, slots: int) -> JobplaneError | None:
        request = worker_service_pb2.ListenTasksRequest(
            worker_id=self.config.worker_id,
            types=self.registry.names(),
            slots=slots,
            labels=self.config.labels,
        )
        call = self._stub.ListenTasks(request, metadata=self._metadata)
        try:
            async for message in call:
                self._dispatch(message)
        except grpc.RpcError as exc:
            return from_rpc_error(exc)
        finally:
            call.cancel()
        return None

    def _dispatch(self, message: worker_service_pb2.ListenTasksResponse) -> None:
        kind = message.WhichOneof("command")
        if kind == "task":
            self._start(message.task)
        elif kind == "cancel":
            entry = self._runs.get(message.cancel.task_token)
            if entry is not None:
                entry[0].cancel(message.cancel.reason or "canceled", force=message.cancel.force)

    def _start(self, task: worker_service_pb2.Task) -> None:
        run = TaskRun(task, self.registry.get(task.job.type), self._stub, self._metadata)
        if self._busy() >= self.config.concurrency:
            # Only just after a reconnect, while the old stream's tasks still run:
            # hand it back rather than exceed the slots.
            request = failure_request(run.token, RELEASED, "no free slot on this worker")
            asyncio.create_task(run.complete(request))  # noqa: RUF006 - bounded by CALL_TIMEOUT_S
            return
        running = asyncio.create_task(run.run(), name=f"job {task.job.id}")
        self._runs[run.token] = (run, running)
        running.add_done_callback(lambda _: self._finished(run.token))

    def _busy(self) -> int:
        """Slots in use. A task whose lease was lost no longer holds one: the server
        already counts it out of flight (and may push its retry here), and its
        handler was told to stop, so it only winds down."""
        return sum(1 for run, _ in self._runs.values() if not run.lost)

    def _finished(self, token: str) -> None:
        entry = self._runs.pop(token, None)
        if entry is not None and not entry[1].cancelled() and entry[1].exception() is not None:
            log.error("task of job %s crashed", entry[0].job.id, exc_info=entry[1].exception())
        self._freed.set()

    async def _drain(self) -> None:
        if not self._runs:
            return
        log.info("draining: %d task(s) running, grace %.1fs", len(self._runs), self.config.grace_s)
        await asyncio.wait([t for _, t in self._runs.values()], timeout=self.config.grace_s)
        for run, _ in self._runs.values():
            run.released = True
            run.cancel("worker draining", force=True)
        if self._runs:
            await asyncio.wait([t for _, t in self._runs.values()], timeout=CANCEL_WAIT_S)
        for run, running in list(self._runs.values()):
            # A thread handler that ignores ctx.cancelled: hand its task back anyway.
            self.stuck += 1
            running.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await running
            await run.complete(failure_request(run.token, RELEASED, "the worker drained"))


def _channel(config: WorkerConfig) -> Any:
    options = [
        # Notice a dead server under a quiet stream; servers refuse pings more often
        # than every 5 min by default, so stay above (as the client does).
        ("grpc.keepalive_time_ms", 360_000),
        ("grpc.keepalive_timeout_ms", 20_000),
    ]
    if config.tls is None:
        return grpc.aio.insecure_channel(config.target, options=options)
    return grpc.aio.secure_channel(config.target, _credentials(config.tls), options=options)

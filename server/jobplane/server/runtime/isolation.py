"""Running plain-function handlers off the event loop, and ending them when they won't stop.

A thread cannot be killed in Python, so jobplane offers two ways to run a plain
(blocking) handler:

* **thread** (the default): a daemon thread per attempt. Cancellation is
  cooperative (``ctx.cancelled``); on a hard cancel or timeout the job's outcome
  is recorded at once and its worker slot freed, but a handler that never checks
  keeps running detached until it returns (its result is discarded by the fence).
  Because the thread is a daemon, it never holds up shutdown.
* **process** (``registry.register(name, fn, isolated=True)``): each attempt runs in
  a child process (multiprocessing, *spawn* context). A hard cancel, timeout or
  shutdown kills the process, so its side effects stop for certain, and a handler
  that crashes its process (``os._exit``, a segfault) fails only its attempt
  (reason ``HANDLER_PROCESS_DIED``) instead of the server. If the server itself dies
  (even ``kill -9``), the child notices within 0.2 s and exits. The handler must be a
  module-level function (it is imported by name in the child); its ``ctx`` offers
  the payload, attempt, progress, heartbeat, checkpoints and cancellation.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from jobplane.server.domain.model import JsonDict
from jobplane.server.runtime.context import (
    HandlerError,
    JobCancelled,
    JobContext,
    NonRetryableError,
)
from jobplane.server.store.futures import settle

#: How often the parent polls its child (messages, cancellation, exit).
TICK_S = 0.02
#: The child sends progress at most this often; the latest is always flushed.
PROGRESS_EVERY_S = 0.01
KILL_WAIT_S = 5.0
#: How often an isolated handler's process checks that its server still lives.
ORPHAN_CHECK_S = 0.2


# -- threads ---------------------------------------------------------------------


async def run_in_thread(fn: Callable[[JobContext], Any], ctx: JobContext) -> Any:
    """Run ``fn(ctx)`` in a daemon thread; cancelling the await abandons the thread."""
    loop = asyncio.get_running_loop()
    fut: asyncio.Future[Any] = loop.create_future()

    def target() -> None:
        value: Any = None
        error: BaseException | None = None
        try:
            value = fn(ctx)
        except BaseException as exc:
            error = exc
        with contextlib.suppress(RuntimeError):  # the loop is gone: nobody waits
            loop.call_soon_threadsafe(settle, fut, value, error)

    threading.Thread(target=target, name=f"job-{ctx.job_id}", daemon=True).start()
    return await fut


# -- processes: the child side ------------------------------------------------------


class ChildContext:
    """The ``ctx`` of an isolated handler, inside its child process."""

    def __init__(self, info: JsonDict, conn: Connection, cancel: Any) -> None:
        self.job_id: str = info["job_id"]
        self.type: str = info["type"]
        self.payload: JsonDict = info["payload"]
        self.attempt: int = info["attempt"]
        self.max_attempts: int = info["max_attempts"]
        self.labels: dict[str, str] = info["labels"]
        self.checkpoint_data: JsonDict | None = info["checkpoint"]
        self.cancel_reason = ""
        self._conn = conn
        self._cancel = cancel
        self._pending: tuple[Any, ...] | None = None
        self._last_sent = 0.0

    @property
    def cancelled(self) -> bool:
        return bool(self._cancel.is_set())

    def raise_if_cancelled(self) -> None:
        if self.cancelled:
            raise JobCancelled("cancelled")

    def wait_cancelled(self, timeout_s: float | None = None) -> bool:
        return bool(self._cancel.wait(timeout_s))

    def report_progress(
        self, current: float, total: float = 0.0, message: str = "", details: JsonDict | None = None
    ) -> None:
        self._pending = ("progress", float(current), float(total), message, details)
        now = time.monotonic()
        if now - self._last_sent >= PROGRESS_EVERY_S:
            self.flush()

    def heartbeat(self) -> None:
        now = time.monotonic()
        if now - self._last_sent >= PROGRESS_EVERY_S:
            self._last_sent = now
            self._conn.send(("heartbeat",))

    def checkpoint(self, data: JsonDict) -> None:
        """Blocks until the checkpoint is durable."""
        self.flush()
        self.checkpoint_data = dict(data)
        self._conn.send(("checkpoint", dict(data)))
        self._conn.recv()

    def flush(self) -> None:
        if self._pending is not None:
            self._conn.send(self._pending)
            self._pending = None
            self._last_sent = time.monotonic()


def _orphan_watch(parent_pid: int) -> None:
    """Exit when the server is gone (even ``kill -9``): no handler outlives its server."""
    while os.getppid() == parent_pid:
        time.sleep(ORPHAN_CHECK_S)
    os._exit(70)


def _child_main(fn: Callable[[Any], Any], info: JsonDict, conn: Connection, cancel: Any) -> None:
    threading.Thread(
        target=_orphan_watch, args=(info["server_pid"],), name="orphan-watch", daemon=True
    ).start()
    ctx = ChildContext(info, conn, cancel)
    try:
        result = fn(ctx)
        if inspect.iscoroutine(result):
            result = asyncio.run(result)
        ctx.flush()
        conn.send(("ok", result))
    except JobCancelled:
        conn.send(("cancelled",))
    except HandlerError as exc:
        conn.send(("handler_error", str(exc), exc.reason, exc.retryable, exc.details))
    except BaseException as exc:
        conn.send(("exception", type(exc).__name__, str(exc)[:2000]))
    finally:
        conn.close()


# -- processes: the parent side -----------------------------------------------------


def _job_info(ctx: JobContext) -> JsonDict:
    return {
        "job_id": ctx.job_id,
        "type": ctx.type,
        "payload": ctx.payload,
        "attempt": ctx.attempt,
        "max_attempts": ctx.max_attempts,
        "labels": ctx.labels,
        "checkpoint": ctx.checkpoint_data,
        "server_pid": os.getpid(),
    }


def _outcome(msg: tuple[Any, ...]) -> Any:
    """The result of a final message, or raise what the handler raised."""
    kind = msg[0]
    if kind == "ok":
        return msg[1]
    if kind == "cancelled":
        raise JobCancelled("cancelled")
    if kind == "handler_error":
        _, text, reason, retryable, details = msg
        cls = HandlerError if retryable else NonRetryableError
        raise cls(text, reason=reason, details=details)
    _, name, text = msg
    raise HandlerError(f"{name}: {text}", details={"exception_type": name})


async def _reap(proc: Any) -> None:
    """Kill ``proc`` if it still runs and wait (bounded) until it is gone."""
    if proc.exitcode is None:
        proc.kill()
    deadline = time.monotonic() + KILL_WAIT_S
    while proc.exitcode is None and time.monotonic() < deadline:
        proc.join(0)
        if proc.exitcode is None:
            await asyncio.sleep(TICK_S)


async def run_in_process(fn: Callable[[Any], Any], ctx: JobContext) -> Any:
    """Run ``fn`` in a spawned child; cancelling the await kills the child."""
    mp = multiprocessing.get_context("spawn")
    parent, child = mp.Pipe(duplex=True)
    cancel = mp.Event()
    proc = mp.Process(
        target=_child_main,
        args=(fn, _job_info(ctx), child, cancel),
        name=f"jobplane-job-{ctx.job_id}",
        daemon=True,
    )
    proc.start()
    child.close()
    try:
        while True:
            if ctx.cancelled and not cancel.is_set():
                cancel.set()
            alive = proc.is_alive()
            while parent.poll():
                try:
                    msg = parent.recv()
                except (EOFError, OSError):
                    break
                kind = msg[0]
                if kind == "progress":
                    ctx.report_progress(*msg[1:])
                elif kind == "heartbeat":
                    ctx.heartbeat()
                elif kind == "checkpoint":
                    await ctx.checkpoint(msg[1])
                    parent.send(("ack",))
                else:
                    return _outcome(msg)
            if not alive:
                proc.join(0)
                raise HandlerError(
                    f"the handler's process exited with code {proc.exitcode} without a result",
                    reason="HANDLER_PROCESS_DIED",
                    details={"exit_code": proc.exitcode},
                )
            await asyncio.sleep(TICK_S)
    finally:
        await _reap(proc)
        parent.close()

"""One attempt of an in-process handler, from its start to the write of its outcome.

* The handler runs as a coroutine, in a thread (plain functions) or in a child
  process (``isolated``), see :mod:`.isolation`.
* Timeout: the attempt is told to stop (reason ``timeout``) when ``job.timeout_s``
  passes, and fails with JOB_TIMEOUT.
* Stop: cooperative first (``ctx.cancelled``), then hard: the handler's task is
  cancelled after the grace period (at once with ``force``).
* Progress goes through a coalescing :class:`.ProgressWriter`; all of it is written
  before the outcome.
* The outcome is turned into a rule by :func:`lifecycle.outcome` and written fenced
  by (attempt, lease owner): an attempt that was canceled, stalled or taken over
  writes nothing.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from typing import Any, Protocol

from jobplane.server.domain import lifecycle
from jobplane.server.domain.model import Job, JobError, JsonDict, Progress
from jobplane.server.domain.outcomes import Outcome, StopReason
from jobplane.server.runtime import isolation
from jobplane.server.runtime.context import HandlerError, JobCancelled, JobContext
from jobplane.server.runtime.progress import ProgressWriter
from jobplane.server.runtime.registry import Registered

log = logging.getLogger("jobplane.runner")


class AttemptHost(Protocol):
    """What a runner needs from the worker that runs it."""

    @property
    def lease_owner(self) -> str: ...

    @property
    def cancel_grace_s(self) -> float: ...

    def progress_writer(self, job: Job) -> ProgressWriter: ...

    async def checkpoint(self, job: Job, data: JsonDict) -> None: ...

    async def finish(self, job: Job, rule: lifecycle.Rule) -> None:
        """Write the attempt's outcome (``rule``, already fenced)."""
        ...

    def ended(self, runner: Runner) -> None:
        """The attempt is over (its outcome written or dropped): free its slot."""
        ...


class Runner:
    """Runs one attempt; :meth:`start` it once."""

    def __init__(self, job: Job, handler: Registered | None, host: AttemptHost) -> None:
        self.job = job
        self._handler = handler
        self._host = host
        self._loop = asyncio.get_running_loop()
        self._progress = host.progress_writer(job)
        self.ctx = JobContext(
            job,
            loop=self._loop,
            on_progress=self._on_progress,
            on_checkpoint=lambda data: host.checkpoint(job, data),
        )
        #: Why the server stopped it (None: it was not told to stop).
        self.stop_reason: StopReason | None = None
        self.task: asyncio.Task[None] | None = None
        self._hard_timer: asyncio.TimerHandle | None = None
        self._timeout_timer: asyncio.TimerHandle | None = None
        self._over = False

    @property
    def stopping(self) -> bool:
        """Told to stop, or already over."""
        return self.stop_reason is not None or self._over

    def start(self) -> None:
        self.task = asyncio.create_task(self._run(), name=f"job-{self.job.id}")
        timeout = self.job.timeout_s
        if timeout is not None and timeout > 0:
            self._timeout_timer = self._loop.call_later(timeout, self._on_timeout)

    def stop(self, reason: StopReason, *, force: bool = False) -> None:
        """Tell the handler to stop; cancel its task hard after the grace period."""
        if self.stop_reason is None:
            self.stop_reason = reason
        self.ctx.request_cancel(reason.value)
        grace = 0.0 if force else self._host.cancel_grace_s
        if self._hard_timer is not None:
            if not force:
                return
            self._hard_timer.cancel()
        self._hard_timer = self._loop.call_later(grace, self._hard_cancel)

    def mark_stalled(self) -> None:
        """Its heartbeat was lost: whatever it ends with, the store holds the rescue."""
        self.stop_reason = StopReason.STALLED

    # -- timers --------------------------------------------------------------

    def _on_timeout(self) -> None:
        if self.stop_reason is None and not self._over:
            log.info("job %s timed out", self.job.id)
            self.stop(StopReason.TIMEOUT)

    def _hard_cancel(self) -> None:
        if self.task is not None and not self.task.done():
            log.info("job %s: cancelling its handler task hard (%s)", self.job.id, self.stop_reason)
            self.task.cancel()

    # -- the attempt ---------------------------------------------------------

    async def _run(self) -> None:
        try:
            outcome = await self._invoke()
            await self._finish(outcome)
        except Exception:
            log.exception("job %s: recording its outcome failed", self.job.id)
        finally:
            for timer in (self._hard_timer, self._timeout_timer):
                if timer is not None:
                    timer.cancel()
            self._over = True
            self._host.ended(self)

    async def _invoke(self) -> Outcome:
        job, reg = self.job, self._handler
        if reg is None:
            return Outcome.failed(
                JobError(
                    code="UNIMPLEMENTED",
                    reason="HANDLER_NOT_REGISTERED",
                    message=f"no handler for {job.type!r} on {self._host.lease_owner}",
                )
            )
        try:
            result = await self._call(reg)
        except asyncio.CancelledError:
            if self.stop_reason is None:
                raise
            return Outcome.stopped()
        except JobCancelled:
            return Outcome.stopped()
        except HandlerError as exc:
            code = "INTERNAL" if exc.retryable else "FAILED_PRECONDITION"
            error = JobError(code=code, reason=exc.reason, message=str(exc), details=exc.details)
            return Outcome.failed(error, final=not exc.retryable)
        except Exception as exc:
            log.info("job %s attempt %d raised %s", job.id, job.attempt, type(exc).__name__)
            return Outcome.failed(_raised(exc))
        if result is not None and not isinstance(result, dict):
            return Outcome.failed(
                JobError(
                    code="INTERNAL",
                    reason="BAD_HANDLER_RESULT",
                    message=f"handler returned {type(result).__name__}, not a dict",
                )
            )
        return Outcome.ok(result)

    async def _call(self, reg: Registered) -> Any:
        if reg.isolated:
            return await isolation.run_in_process(reg.fn, self.ctx)
        if reg.is_async:
            return await reg.fn(self.ctx)  # type: ignore[misc]
        return await isolation.run_in_thread(reg.fn, self.ctx)

    async def _finish(self, outcome: Outcome) -> None:
        await self._progress.flush()  # progress reported before the end comes first
        job, owner = self.job, self._host.lease_owner
        rule = lifecycle.outcome(
            job, time.time(), self.stop_reason, outcome, owner, random.random()
        )
        if rule is not None:
            await self._host.finish(job, lifecycle.fenced(job.attempt, owner, rule))

    def _on_progress(self, progress: Progress) -> None:
        if not self.stopping:
            self._progress.report(progress)


def _raised(exc: Exception) -> JobError:
    name = type(exc).__name__
    return JobError(
        code="INTERNAL",
        reason="HANDLER_ERROR",
        message=f"{name}: {exc}"[:2000],
        details={"exception_type": name},
    )

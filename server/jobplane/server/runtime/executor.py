"""The executor: claims ready jobs and runs their handlers.

* Bounded concurrency: a global limit and per-type pools; claims take the highest
  (effective) priority first, then FIFO.
* Every outcome is recorded, fenced by (attempt, lease owner): a handler that
  finishes after its job was canceled, stalled or taken over writes nothing.
* Cancellation is cooperative first (``ctx.cancelled``), then hard: the handler's
  task is cancelled after the grace period (at once with ``force``).
* Timeouts fail the attempt with JOB_TIMEOUT; a handler silent past its heartbeat
  timeout is STALLED and rescued (RETRYING or FAILED).
* On start, jobs a dead process left RUNNING are rescued, never lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import random
import time
from collections.abc import Sequence
from typing import Any

from jobplane.server.domain import lifecycle
from jobplane.server.domain.model import Change, Job, JobError, JobStatus, JsonDict, Progress
from jobplane.server.events.broker import Broker
from jobplane.server.runtime import isolation
from jobplane.server.runtime.config import RuntimeConfig
from jobplane.server.runtime.context import HandlerError, JobCancelled, JobContext
from jobplane.server.runtime.registry import Registry
from jobplane.server.store.base import Claim, Store

log = logging.getLogger("jobplane.executor")
POLL_S = 1.0


@dataclasses.dataclass(slots=True)
class _Running:
    job: Job
    ctx: JobContext
    task: asyncio.Task[None] | None = None
    #: Why the executor stopped it: "canceled", "timeout", "stalled", "shutdown".
    stop_reason: str = ""
    hard_timer: asyncio.TimerHandle | None = None
    timeout_timer: asyncio.TimerHandle | None = None
    #: Progress not yet written; one writer task per job drains it (coalescing bursts).
    pending_progress: Progress | None = None
    progress_writer: asyncio.Task[None] | None = None


class Executor:
    """Runs jobs from the store; publishes every durable change to the broker."""

    def __init__(
        self,
        store: Store,
        broker: Broker,
        registry: Registry,
        config: RuntimeConfig,
        *,
        shared: bool = False,
    ) -> None:
        """``shared``: other replicas use the same store (so a start rescues only this
        worker's jobs, not every running one)."""
        self._store = store
        self._shared = shared
        self._broker = broker
        self._registry = registry
        self._config = config
        self.worker = config.worker_id or "jobplane"
        self._running: dict[str, _Running] = {}
        #: Slots promised to claims in flight (see reserve).
        self._reserved = 0
        #: Claims in flight that may start a job: a submit's, or one chained to a
        #: finishing job's write (that one takes the finishing job's slot).
        self._claiming = 0
        self._per_type: dict[str, int] = {}
        self._pools = dict(config.pools)
        self._wake = asyncio.Event()
        self._maybe_ready = True
        self._next_due: float | None = 0.0
        self._stopping = False
        self._loop_task: asyncio.Task[None] | None = None
        self._ticker: asyncio.Task[None] | None = None
        self._rand = random.Random()

    # -- public ------------------------------------------------------------

    async def start(self) -> None:
        now = time.time()
        rescued = await self._store.rescue(
            now, None if self._solo else self.worker, self._crash_rule(now)
        )
        for change in rescued:
            self._broker.publish_change(change)
        if rescued:
            log.warning("rescued %d jobs left running by a dead process", len(rescued))
        self._loop_task = asyncio.create_task(self._dispatch_loop(), name="jobplane-dispatch")
        self._ticker = asyncio.create_task(self._tick_loop(), name="jobplane-ticker")

    @property
    def _solo(self) -> bool:
        return not self._shared

    def wake(self, due_time: float | None = None) -> None:
        """Something may be runnable now (or at ``due_time``)."""
        if due_time is not None and due_time > time.time():
            if self._next_due is None or due_time < self._next_due:
                self._next_due = due_time
        else:
            self._maybe_ready = True
        self._wake.set()

    def stop_running(self, job_id: str, reason: str, *, force: bool = False) -> bool:
        """Tell a running handler to stop; cancel its task hard after the grace period."""
        run = self._running.get(job_id)
        if run is None:
            return False
        if not run.stop_reason:
            run.stop_reason = reason
        run.ctx.request_cancel(reason)
        grace = 0.0 if force else self._config.cancel_grace_s
        if run.hard_timer is not None:
            if not force:
                return True
            run.hard_timer.cancel()
        run.hard_timer = asyncio.get_running_loop().call_later(grace, self._hard_cancel, job_id)
        return True

    def running_attempts(self) -> list[tuple[str, int]]:
        """(job id, attempt) of every handler running here."""
        return [(job_id, run.job.attempt) for job_id, run in self._running.items()]

    def on_store_change(
        self,
        job_id: str,
        status: JobStatus,
        attempt: int,
        *,
        sequence: int | None = None,
        owner: str | None = None,
    ) -> None:
        """The stored job changed elsewhere (another replica, a rescuer): stop our
        handler unless the row still runs our attempt. ``sequence`` (of a notice)
        older than our claim is stale and ignored; ``owner`` is the lease owner."""
        run = self._running.get(job_id)
        if run is None or run.stop_reason or (run.task is not None and run.task.done()):
            return
        if sequence is not None and sequence <= run.job.sequence:
            return
        ours = owner is None or owner == self.worker
        if status is JobStatus.RUNNING and attempt == run.job.attempt and ours:
            return
        reason = "canceled" if status is JobStatus.CANCELED else "stalled"
        log.info("job %s is %s in the store; stopping its handler here", job_id, status.name)
        self.stop_running(job_id, reason)

    def stats(self) -> dict[str, int]:
        return {"running": len(self._running)}

    async def shutdown(self, grace_s: float) -> None:
        """Stop claiming; let handlers finish for ``grace_s``; release the rest to the queue."""
        self._stopping = True
        self._wake.set()
        for task in (self._loop_task, self._ticker):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        tasks = [r.task for r in self._running.values() if r.task is not None]
        if tasks:
            await asyncio.wait(tasks, timeout=grace_s)
        for job_id in list(self._running):
            self.stop_running(job_id, "shutdown", force=True)
        tasks = [r.task for r in self._running.values() if r.task is not None]
        if tasks:
            await asyncio.wait(tasks, timeout=max(1.0, self._config.cancel_grace_s))

    # -- dispatch ----------------------------------------------------------

    async def _dispatch_loop(self) -> None:
        while not self._stopping:
            self._wake.clear()
            try:
                await self._dispatch_once()
            except Exception:
                log.exception("dispatch failed; retrying")
                await asyncio.sleep(0.2)
            if self._maybe_ready and self._free() > 0:
                continue
            timeout = POLL_S
            if self._next_due is not None:
                timeout = max(0.0, min(timeout, self._next_due - time.time()))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout)

    def _free(self) -> int:
        return self._config.max_concurrency - len(self._running) - self._reserved

    def _claim(self, limit: int, now: float, freed: str = "") -> Claim:
        """A claim of up to ``limit`` jobs, with each pool's remaining room (``freed``:
        the type of a finishing job whose slot the claim takes)."""
        room: dict[str, int] = {}
        if self._pools:
            # Claims in flight may each start a job of any pool's type.
            busy, claiming = self._per_type, self._claiming
            for t, n in self._pools.items():
                room[t] = n - busy.get(t, 0) - claiming + (t == freed)
        return Claim(
            limit=limit, now=now, worker=self.worker, lease_s=self._config.lease_s, type_room=room
        )

    def reserve(self) -> Claim | None:
        """A claim of one job for a submit to run with its insert (see
        :meth:`Store.submit`), its slot reserved until :meth:`claimed`; None when no
        slot is free."""
        if self._stopping or self._free() <= 0:
            return None
        claim = self._claim(1, time.time())
        self._reserved += 1
        self._claiming += 1
        return claim

    def claimed(self, changes: Sequence[Change]) -> None:
        """A reserved claim is done (``changes``: what it started, possibly nothing):
        free its slot, announce and run what it started."""
        self._reserved -= 1
        self._claiming -= 1
        self._started(changes)

    def _started(self, changes: Sequence[Change]) -> None:
        for change in changes:
            self._broker.publish_change(change)
            self._launch(change.job)
        if self._pools and not changes:  # a pool it held back may have room now
            self.wake()

    async def _dispatch_once(self) -> None:
        now = time.time()
        if self._next_due is not None and self._next_due <= now:
            self._next_due = None
            changes = await self._store.due(now)
            for change in changes:
                self._broker.publish_change(change)
            if changes:
                self._maybe_ready = True
            self._next_due = await self._store.next_due_time()
        free = self._free()
        if free <= 0 or not self._maybe_ready:
            return
        changes = await self._store.claim(self._claim(free, now))
        if len(changes) < free:
            self._maybe_ready = False
        for change in changes:
            self._broker.publish_change(change)
            self._launch(change.job)

    async def _tick_loop(self) -> None:
        """Once a second: due timers, lease renewal, heartbeat and retention checks."""
        last_renew = last_evict = last_age = 0.0
        while not self._stopping:
            await asyncio.sleep(POLL_S)
            now = time.time()
            try:
                self._maybe_ready = True
                if self._next_due is None:
                    self._next_due = await self._store.next_due_time()
                self._wake.set()
                await self._check_heartbeats(now)
                if self._running and now - last_renew >= self._config.lease_s / 3:
                    last_renew = now
                    ids = [(j, r.job.attempt) for j, r in self._running.items()]
                    await self._store.renew(ids, self.worker, now + self._config.lease_s)
                if not self._solo:
                    await self._rescue_expired(now)
                cfg = self._config
                if (
                    cfg.retention_s is not None or cfg.max_terminal_jobs is not None
                ) and now - last_evict >= 5:
                    last_evict = now
                    removed = await self._store.evict(now, cfg.retention_s, cfg.max_terminal_jobs)
                    if removed:
                        log.info("retention removed %d terminal jobs", removed)
                if cfg.priority_aging_s and now - last_age >= cfg.priority_aging_s / 2:
                    last_age = now
                    await self._store.age(now, cfg.priority_aging_s)
            except Exception:
                log.exception("periodic tick failed")

    async def _rescue_expired(self, now: float) -> None:
        changes = await self._store.rescue(
            now, "", self._stall_rule(now, "JOB_STALLED", "lease expired")
        )
        for change in changes:
            self._broker.publish_change(change)

    async def _check_heartbeats(self, now: float) -> None:
        mono = time.monotonic()
        for job_id, run in list(self._running.items()):
            limit = run.job.heartbeat_timeout_s
            if limit is None or run.stop_reason or mono - run.ctx.last_heartbeat <= limit:
                continue
            log.warning("job %s missed its heartbeat (%.1fs); stalled", job_id, limit)
            run.stop_reason = "stalled"
            change = await self._store.update(
                job_id,
                self._fenced(
                    run.job, self._stall_rule(now, "JOB_STALLED", f"no heartbeat for {limit}s")
                ),
            )
            if change is not None:
                self._broker.publish_change(change)
            self.stop_running(job_id, "stalled", force=True)
            self.wake()

    # -- running one job ---------------------------------------------------

    def _launch(self, job: Job) -> None:
        loop = asyncio.get_running_loop()
        ctx = JobContext(
            job,
            loop=loop,
            on_progress=lambda p: self._progress(job, p),
            on_checkpoint=lambda data: self._checkpoint(job, data),
        )
        run = _Running(job=job, ctx=ctx)
        self._running[job.id] = run
        self._per_type[job.type] = self._per_type.get(job.type, 0) + 1
        run.task = asyncio.create_task(self._run(run), name=f"job-{job.id}")
        timeout = job.timeout_s
        if timeout is not None and timeout > 0:
            run.timeout_timer = loop.call_later(timeout, self._on_timeout, job.id)

    def _on_timeout(self, job_id: str) -> None:
        run = self._running.get(job_id)
        if run is not None and not run.stop_reason:
            log.info("job %s timed out", job_id)
            self.stop_running(job_id, "timeout")

    def _hard_cancel(self, job_id: str) -> None:
        run = self._running.get(job_id)
        if run is not None and run.task is not None and not run.task.done():
            log.info("job %s: cancelling its handler task hard (%s)", job_id, run.stop_reason)
            run.task.cancel()

    async def _run(self, run: _Running) -> None:
        job = run.job
        try:
            outcome = await self._invoke(run)
            await self._finish(run, outcome)
        except Exception:
            log.exception("job %s: recording its outcome failed", job.id)
        finally:
            for timer in (run.hard_timer, run.timeout_timer):
                if timer is not None:
                    timer.cancel()
            self._running.pop(job.id, None)
            self._per_type[job.type] -= 1
            self._maybe_ready = True
            if self._free() > 0:  # (else its slot went to the job its write claimed)
                self._wake.set()

    async def _invoke(self, run: _Running) -> tuple[str, Any]:
        reg = self._registry.get(run.job.type)
        if reg is None:
            err = JobError(code="UNIMPLEMENTED", reason="HANDLER_NOT_REGISTERED",
                           message=f"no handler for {run.job.type!r} on {self.worker}")  # fmt: skip
            return "error", err
        try:
            if reg.isolated:
                result = await isolation.run_in_process(reg.fn, run.ctx)
            elif reg.is_async:
                result = await reg.fn(run.ctx)  # type: ignore[misc]
            else:
                result = await isolation.run_in_thread(reg.fn, run.ctx)
        except asyncio.CancelledError:
            if not run.stop_reason:
                raise
            return "stopped", None
        except JobCancelled:
            return "stopped", None
        except HandlerError as exc:
            code = "INTERNAL" if exc.retryable else "FAILED_PRECONDITION"
            return "error", JobError(
                code=code, reason=exc.reason, message=str(exc), details=exc.details
            )
        except Exception as exc:
            log.info("job %s attempt %d raised %s", run.job.id, run.job.attempt, type(exc).__name__)
            return "error", JobError(code="INTERNAL", reason="HANDLER_ERROR",
                                     message=f"{type(exc).__name__}: {exc}"[:2000],
                                     details={"exception_type": type(exc).__name__})  # fmt: skip
        if result is not None and not isinstance(result, dict):
            return "error", JobError(code="INTERNAL", reason="BAD_HANDLER_RESULT",
                                     message=f"handler returned {type(result).__name__}, not a dict")  # fmt: skip
        return "ok", result

    async def _finish(self, run: _Running, outcome: tuple[str, Any]) -> None:
        kind, value = outcome
        if run.progress_writer is not None:  # progress reported before the end comes first
            with contextlib.suppress(Exception):
                await run.progress_writer
        now = time.time()
        rule = lifecycle.outcome(
            run.job, now, run.stop_reason, kind, value, self.worker, self._rand.random()
        )
        if rule is None:
            return
        if self._stopping:
            change = await self._store.update(run.job.id, self._fenced(run.job, rule))
        else:
            change = await self._finish_and_claim(run.job, self._fenced(run.job, rule), now)
        if change is not None and change.events:
            self._broker.publish_change(change)
            if change.job.status is JobStatus.RETRYING:
                self.wake(change.job.next_attempt_time)

    def _finish_and_claim(
        self, job: Job, rule: lifecycle.Rule, now: float
    ) -> asyncio.Future[Change | None]:
        """Write ``job``'s outcome and, in the same write, claim the next job for its
        slot. What the claim started runs even if the caller is cancelled meanwhile."""
        claim = self._claim(1, now, freed=job.type)
        self._claiming += 1
        done: asyncio.Future[Change | None] = asyncio.get_running_loop().create_future()

        def settle(write: asyncio.Future[tuple[Change | None, list[Change]]]) -> None:
            self._claiming -= 1
            if write.cancelled():
                if not done.done():
                    done.set_exception(RuntimeError("the store closed before the write"))
                return
            exc = write.exception()
            if exc is not None:
                if not done.done():
                    done.set_exception(exc)
                return
            change, started = write.result()
            if not done.done():
                done.set_result(change)
            self._started(started)

        self._store.update_and_claim(job.id, rule, claim).add_done_callback(settle)
        return done

    def _fenced(self, job: Job, rule: lifecycle.Rule) -> lifecycle.Rule:
        return lifecycle.fenced(job.attempt, self.worker, rule)

    def _crash_rule(self, now: float) -> lifecycle.Rule:
        return self._stall_rule(now, "JOB_INTERRUPTED", "the server running it stopped")

    def _stall_rule(self, now: float, reason: str, message: str) -> lifecycle.Rule:
        return lifecycle.rescue(now, reason, message, self._rand.random)

    # -- progress and checkpoints -----------------------------------------

    def _progress(self, job: Job, progress: Progress) -> None:
        run = self._running.get(job.id)
        if run is None or run.stop_reason or run.job.attempt != job.attempt:
            return
        run.pending_progress = progress
        if run.progress_writer is None:
            run.progress_writer = asyncio.create_task(self._drain_progress(run))

    async def _drain_progress(self, run: _Running) -> None:
        """Write the latest progress until none is pending: at most one write in flight
        per job, so a handler reporting faster than the store commits is coalesced."""
        job = run.job
        try:
            while run.pending_progress is not None:
                progress, run.pending_progress = run.pending_progress, None
                event = await self._store.progress(job.id, job.attempt, progress)
                if event is not None:
                    self._broker.publish((event,))
        except Exception:
            log.exception("job %s: progress write failed", job.id)
        finally:
            run.progress_writer = None

    async def _checkpoint(self, job: Job, data: JsonDict) -> None:
        await self._store.checkpoint(job.id, job.attempt, data)

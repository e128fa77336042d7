"""A stateful property test: random submit / cancel / pause / resume / fail / succeed /
time out / crash-and-restart sequences against a real server on a SQLite file.

After every step: no illegal transition was ever recorded, no acknowledged job is
lost, and no job has more than one terminal state. After every crash and restart, no job
is left RUNNING on the attempt the dead server was running (it was rescued: a new
attempt, RETRYING, or FAILED). At the end every acknowledged job reaches a terminal state
within a bounded time once nothing holds it back (paused jobs resumed, handlers that
hang until canceled are canceled).
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

import grpc
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from jobplane.server import app
from jobplane.server.domain.model import TERMINAL, TRANSITIONS, EventKind, JobStatus
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from ..integration.helpers import struct
from ..support import config

OUTCOMES = ("succeed", "fail", "fatal", "hang")
#: How long every job may take to end once nothing holds it back (backoffs are 50 ms
#: to 0.5 s in tests.support.config; handlers take 20 ms).
SETTLE_S = 15.0


async def crash(running: app.Running) -> None:
    """Stop like kill -9 would: no draining, no final writes; the store file stays."""
    rt = running.runtime
    await rt.dispatcher.stop_claiming()
    await rt.maintenance.stop()
    tasks = [t for t in (r.task for r in rt.local._runners.values()) if t is not None]
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    if running.schedules is not None:  # the process's scheduler dies with it
        await running.schedules.scheduler.stop()
    await running.server.stop(0)
    await running.store.close()


class JobMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)  # grpc.aio binds calls made outside a coroutine to it
        self.dir = tempfile.TemporaryDirectory()
        self.db = f"sqlite:///{Path(self.dir.name) / 'jobs.db'}"
        self.ids: list[str] = []
        self.hangs: set[str] = set()
        self.running: app.Running | None = None
        self.channel: grpc.aio.Channel | None = None
        self.run(self._start())

    def run(self, coro: object) -> object:
        return self.loop.run_until_complete(coro)  # type: ignore[arg-type]

    async def _start(self) -> None:
        self.running = await app.start(
            config(
                db=self.db,
                handler_modules=("tests.lifecycle.handlers",),
                max_concurrency=3,
                cancel_grace_s=0.2,
            )
        )
        self.channel = grpc.aio.insecure_channel(self.running.target)
        self.stub = svc_grpc.JobServiceStub(self.channel)

    async def _call(self, coro: object) -> None:
        try:
            await coro  # type: ignore[misc]
        except grpc.aio.AioRpcError as exc:
            assert exc.code() in (grpc.StatusCode.FAILED_PRECONDITION,), (exc.code(), exc.details())

    @rule(
        outcome=st.sampled_from(OUTCOMES),
        paused=st.booleans(),
        attempts=st.integers(1, 3),
        timeout=st.booleans(),
    )
    def submit(self, outcome: str, paused: bool, attempts: int, timeout: bool) -> None:
        req = svc.SubmitJobRequest(
            type="test.outcome", payload=struct({"outcome": outcome, "delay_s": 0.02}),
            start_paused=paused, max_attempts=attempts,
        )  # fmt: skip
        if timeout:
            req.timeout.FromMilliseconds(100)
        resp = self.run(self.stub.SubmitJob(req))
        self.ids.append(resp.job.id)  # type: ignore[attr-defined]
        if outcome == "hang":
            self.hangs.add(resp.job.id)  # type: ignore[attr-defined]

    @precondition(lambda self: self.ids)
    @rule(i=st.integers(0, 10_000), force=st.booleans())
    def cancel(self, i: int, force: bool) -> None:
        self.run(
            self._call(
                self.stub.CancelJob(
                    svc.CancelJobRequest(job_id=self.ids[i % len(self.ids)], force=force)
                )
            )
        )

    @precondition(lambda self: self.ids)
    @rule(i=st.integers(0, 10_000))
    def pause(self, i: int) -> None:
        self.run(
            self._call(self.stub.PauseJob(svc.PauseJobRequest(job_id=self.ids[i % len(self.ids)])))
        )

    @precondition(lambda self: self.ids)
    @rule(i=st.integers(0, 10_000))
    def resume(self, i: int) -> None:
        self.run(
            self._call(
                self.stub.ResumeJob(svc.ResumeJobRequest(job_id=self.ids[i % len(self.ids)]))
            )
        )

    @rule(seconds=st.sampled_from([0.01, 0.05, 0.2]))
    def let_time_pass(self, seconds: float) -> None:
        self.run(asyncio.sleep(seconds))

    @rule()
    def crash_and_restart(self) -> None:
        assert self.running is not None and self.channel is not None
        self.run(self.channel.close())
        self.run(crash(self.running))
        running = self._running_attempts()
        self.run(self._start())
        # The restarted server rescued every attempt the dead one was running before it
        # serves: none is still RUNNING on the same attempt.
        for job_id, attempt in running.items():
            job = self.run(self.running.store.get(job_id))  # type: ignore[union-attr]
            assert job is not None
            assert not (job.status is JobStatus.RUNNING and job.attempt == attempt), (
                f"job {job_id} still RUNNING attempt {attempt} after the crash: not rescued"
            )
            assert job.attempt >= attempt

    def _running_attempts(self) -> dict[str, int]:
        """job id -> attempt of every job the store shows RUNNING (read from the file the
        crashed server left, with a store of our own)."""
        from jobplane.server.store import open_store

        async def read() -> dict[str, int]:
            store = open_store(self.db)
            await store.open()
            try:
                jobs = [await store.get(j) for j in self.ids]
            finally:
                await store.close()
            return {
                j.id: j.attempt for j in jobs if j is not None and j.status is JobStatus.RUNNING
            }

        return self.run(read())  # type: ignore[return-value]

    def _settle(self) -> None:
        """Every acknowledged job ends within SETTLE_S once nothing holds it back."""
        assert self.running is not None
        store = self.running.store
        deadline = time.monotonic() + SETTLE_S
        left: list[str] = list(self.ids)
        while left and time.monotonic() < deadline:
            for job_id in left:
                if job_id in self.hangs:
                    self.run(self._call(self.stub.CancelJob(svc.CancelJobRequest(job_id=job_id))))
                else:
                    self.run(self._call(self.stub.ResumeJob(svc.ResumeJobRequest(job_id=job_id))))
            self.run(asyncio.sleep(0.05))
            jobs = {j: self.run(store.get(j)) for j in left}
            left = [j for j, job in jobs.items() if job is None or not job.terminal]  # type: ignore[attr-defined]
        stuck = {j: self.run(store.get(j)) for j in left}
        assert not left, f"jobs not terminal {SETTLE_S}s after being released: " + ", ".join(
            f"{j} {job.status.name} attempt {job.attempt}"
            for j, job in stuck.items()
            if job  # type: ignore[attr-defined]
        )

    @invariant()
    def history_is_legal_and_nothing_lost(self) -> None:
        assert self.running is not None
        store = self.running.store
        for job_id in self.ids:
            job = self.run(store.get(job_id))
            assert job is not None, f"acknowledged job {job_id} lost"
            events = self.run(store.events_after(job_id, 0))
            assert events, f"job {job_id} has no history"
            statuses = [e.status for e in events if e.kind is EventKind.STATUS]  # type: ignore[union-attr]
            prev = JobStatus.UNSPECIFIED
            for s in statuses:
                assert s in TRANSITIONS[prev], f"illegal {prev.name} -> {s.name} in {job_id}"
                prev = s
            assert sum(1 for s in statuses if s in TERMINAL) <= 1, (
                f"two terminal states: {statuses}"
            )
            upto = [
                e.status
                for e in events
                if e.kind is EventKind.STATUS and e.sequence <= job.sequence
            ]  # type: ignore[union-attr]
            assert upto[-1] == job.status, "the job row agrees with its history"  # type: ignore[union-attr]
            seqs = [e.sequence for e in events]  # type: ignore[union-attr]
            assert seqs == sorted(set(seqs))

    def _exactly_one_terminal_last(self) -> None:
        assert self.running is not None
        for job_id in self.ids:
            events = self.run(self.running.store.events_after(job_id, 0)) or []
            statuses = [e.status for e in events if e.kind is EventKind.STATUS]  # type: ignore[attr-defined]
            assert [s in TERMINAL for s in statuses].count(True) == 1, (job_id, statuses)
            assert statuses[-1] in TERMINAL, (job_id, statuses)

    def teardown(self) -> None:
        try:
            if self.running is not None and self.channel is not None:
                self._settle()
                self.history_is_legal_and_nothing_lost()
                self._exactly_one_terminal_last()
        finally:
            if self.channel is not None:
                self.run(self.channel.close())
            if self.running is not None:
                self.run(self.running.stop(grace_s=0.2))
            self.loop.close()
            asyncio.set_event_loop(None)
            self.dir.cleanup()


JobMachine.TestCase.settings = settings(
    max_examples=12, stateful_step_count=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)  # fmt: skip
test_job_lifecycle_state_machine = JobMachine.TestCase

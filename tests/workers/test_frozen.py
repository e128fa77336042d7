"""A Python SDK worker frozen (SIGSTOP) past its lease loses the attempt; thawed
(SIGCONT), its late progress and completion are refused and change nothing."""

from __future__ import annotations

import contextlib
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from jobplane.client import JobClient
from jobplane.v1 import job_pb2

from tests.support import server_process
from tests.workers.conftest import (
    WAIT_S,
    WorkerProcess,
    python_worker_cmd,
    server_args,
    terminal,
    wait_for,
)

S = job_pb2


def _freeze_until_rescued(
    client: JobClient, frozen: WorkerProcess, job: job_pb2.Job
) -> contextlib.AbstractContextManager[None]:
    """Once ``job`` reported progress, SIGSTOP ``frozen`` until the server rescued the
    attempt; the body runs still frozen; SIGCONT on leaving, whatever happens."""

    @contextlib.contextmanager
    def frozen_while() -> Iterator[None]:
        assert frozen.proc is not None
        wait_for(client, job.id, lambda j: j.progress.current >= 1, "reported progress")
        frozen.proc.send_signal(signal.SIGSTOP)
        try:
            # Rescued: the attempt left RUNNING (the frozen worker's session takes no
            # retry while it is silent, so attempt 2 waits for another worker).
            wait_for(
                client,
                job.id,
                lambda j: j.status != S.JOB_STATUS_RUNNING or j.attempt >= 2,
                "was rescued",
            )
            yield
        finally:
            frozen.proc.send_signal(signal.SIGCONT)

    return frozen_while()


def _wait_refused(worker: WorkerProcess) -> None:
    """Until the thawed worker logs the server's TASK_LEASE_LOST (bounded)."""
    deadline = time.monotonic() + WAIT_S
    while "TASK_LEASE_LOST" not in worker.log():
        assert time.monotonic() < deadline, worker.log()
        time.sleep(0.05)


def test_a_frozen_worker_loses_its_task_and_its_late_result_is_refused(
    tmp_path: Path, workers: Callable[..., WorkerProcess]
) -> None:
    db = f"sqlite:///{tmp_path / 'jobs.db'}"
    with server_process(db, *server_args("--lease", "1s")) as server:
        frozen = workers("frozen", *python_worker_cmd(server.target, "--worker-id", "w-frozen"))
        with JobClient(server.target) as client:
            # The frozen worker's stream stays open, so a retry may be pushed to it
            # again (and stall again) before the other worker takes one: room for that.
            job = client.submit("py.sleep", {"seconds": 2.0, "steps": 20}, max_attempts=10)
            with _freeze_until_rescued(client, frozen, job):
                thawed = workers("other", *python_worker_cmd(server.target, "--worker-id", "w-ok"))
                done = wait_for(client, job.id, terminal, "ended")
            assert done.status == S.JOB_STATUS_SUCCEEDED, (done, thawed.log())
            *lost, won = done.attempts
            assert won.worker.startswith("@w-ok") and won.outcome == S.JOB_STATUS_SUCCEEDED, won
            assert lost and all(a.worker.startswith("@w-frozen") for a in lost), lost
            assert all(a.outcome == S.JOB_STATUS_STALLED for a in lost), lost
            # Thawed, the frozen worker's reporter and completion hit TASK_LEASE_LOST.
            _wait_refused(frozen)
            after = client.get(job.id)
            assert (after.status, after.attempt, after.sequence) == (
                done.status, done.attempt, done.sequence,
            ), after  # fmt: skip
            # It dropped the task and serves on: a new job runs on either worker.
            echo = client.submit("py.echo", {"after": "thaw"})
            assert wait_for(client, echo.id, terminal, "ended").status == S.JOB_STATUS_SUCCEEDED


def test_a_thawed_worker_drops_the_lost_attempt_and_runs_the_retry(
    tmp_path: Path, workers: Callable[..., WorkerProcess]
) -> None:
    """Frozen past its 1 s lease, the attempt is rescued; thawed at once, the worker's
    late report for it is refused (TASK_LEASE_LOST) and dropped, and the retry (pushed
    to the same session) runs to the one terminal state."""
    db = f"sqlite:///{tmp_path / 'jobs.db'}"
    with server_process(db, *server_args("--lease", "1s")) as server:
        worker = workers("frozen", *python_worker_cmd(server.target, "--worker-id", "w-frozen"))
        with JobClient(server.target) as client:
            job = client.submit("py.sleep", {"seconds": 1.0, "steps": 10}, max_attempts=10)
            with _freeze_until_rescued(client, worker, job):
                pass
            done = wait_for(client, job.id, terminal, "ended")
            assert done.status == S.JOB_STATUS_SUCCEEDED, (done, worker.log())
            *lost, won = done.attempts
            # Lost: rescued when the lease expired (JOB_STALLED), or handed back by the
            # server's session for the frozen stream (JOB_RELEASED).
            assert lost and all(a.error.reason in ("JOB_STALLED", "JOB_RELEASED") for a in lost)
            assert won.outcome == S.JOB_STATUS_SUCCEEDED and won.number == done.attempt
            _wait_refused(worker)
            assert client.get(job.id).sequence == done.sequence  # nothing changed it since

"""Workers in Python, TypeScript and Go, as real processes, against one live server."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from jobplane.client import JobClient
from jobplane.v1 import job_pb2

from tests.support import ServerProcess
from tests.workers.conftest import WAIT_S, WorkerProcess, python_worker_cmd, terminal, wait_for

S = job_pb2


def _start_three(
    server: ServerProcess, workers: Callable[..., WorkerProcess], go_bin: Path, ts_js: Path
) -> dict[str, WorkerProcess]:
    target = server.target
    return {
        "py": workers(
            "py", *python_worker_cmd(target, "--concurrency", "2", "--worker-id", "w-py")
        ),
        "ts": workers("ts", "node", str(ts_js), "--target", target, "--slots", "2", "--id", "w-ts"),
        "go": workers(
            "go", str(go_bin), "--target", target, "worker", "--slots", "2", "--id", "w-go"
        ),
    }


def _sleeping_in_each(
    client: JobClient, running: dict[str, WorkerProcess], seconds: float
) -> dict[str, job_pb2.Job]:
    """One `<lang>.sleep` job per worker, each returned once it reported progress."""
    jobs = {
        lang: client.submit(f"{lang}.sleep", {"seconds": seconds, "steps": int(10 * seconds)})
        for lang in running
    }
    for job in jobs.values():
        wait_for(client, job.id, lambda j: j.progress.current >= 1, "reported progress")
    return jobs


def test_three_languages_each_run_their_own_type(
    server: ServerProcess,
    workers: Callable[..., WorkerProcess],
    go_worker_bin: Path,
    ts_worker_js: Path,
) -> None:
    running = _start_three(server, workers, go_worker_bin, ts_worker_js)
    languages = {"py": "python", "ts": "typescript", "go": "go"}
    with JobClient(server.target) as client:
        echoes = {lang: client.submit(f"{lang}.echo", {"hello": lang}) for lang in languages}
        sleeps = {
            lang: client.submit(f"{lang}.sleep", {"seconds": 0.3, "steps": 3}) for lang in languages
        }
        for lang, job in echoes.items():
            done = wait_for(client, job.id, terminal, "ended")
            assert done.status == S.JOB_STATUS_SUCCEEDED, (done, running[lang].log())
            assert done.output["hello"] == lang
        for lang, job in sleeps.items():
            done = wait_for(client, job.id, terminal, "ended")
            assert done.status == S.JOB_STATUS_SUCCEEDED, (done, running[lang].log())
            assert done.output["language"] == languages[lang]
            assert done.progress.current == 3 and done.progress.total == 3, done.progress
            assert done.attempt == 1


def test_cancel_reaches_a_listening_python_handler(
    server: ServerProcess, workers: Callable[..., WorkerProcess], tmp_path: Path
) -> None:
    worker = workers("py", *python_worker_cmd(server.target, "--concurrency", "1"))
    marker = tmp_path / "cancel-seen"
    with JobClient(server.target) as client:
        job = client.submit("py.block", {"marker": str(marker)})
        wait_for(client, job.id, lambda j: j.progress.message == "started", "started")
        sent = time.time()
        client.cancel(job.id, reason="test")
        deadline = time.monotonic() + WAIT_S
        while not marker.exists() or not marker.read_text():
            assert time.monotonic() < deadline, f"the handler never saw the cancel:\n{worker.log()}"
            time.sleep(0.005)
        latency_ms = (float(marker.read_text()) - sent) * 1000
        print(f"cancel -> remote handler: {latency_ms:.1f} ms")
        # Pushed over the stream, not polled: far below the lease-renewal period.
        assert latency_ms < 1000, latency_ms
        done = wait_for(client, job.id, terminal, "ended")
        assert done.status == S.JOB_STATUS_CANCELED


def test_cancel_reaches_ts_and_go_handlers(
    server: ServerProcess,
    workers: Callable[..., WorkerProcess],
    go_worker_bin: Path,
    ts_worker_js: Path,
) -> None:
    running = _start_three(server, workers, go_worker_bin, ts_worker_js)
    with JobClient(server.target) as client:
        for lang in ("ts", "go"):
            job = client.submit(f"{lang}.sleep", {"seconds": 60, "steps": 600})
            wait_for(client, job.id, lambda j: j.progress.current >= 1, "reported progress")
            client.cancel(job.id, reason="test")
            done = wait_for(client, job.id, terminal, "ended")
            assert done.status == S.JOB_STATUS_CANCELED, (done, running[lang].log())
            # The handler stopped: its worker takes the next task at once.
            echo = client.submit(f"{lang}.echo", {"after": "cancel"})
            assert wait_for(client, echo.id, terminal, "ended").status == S.JOB_STATUS_SUCCEEDED


def test_sigterm_drains_and_exits_0(
    server: ServerProcess,
    workers: Callable[..., WorkerProcess],
    go_worker_bin: Path,
    ts_worker_js: Path,
) -> None:
    """SIGTERM mid-job: each worker stops taking tasks, finishes what it runs within
    its grace, and exits 0; the jobs succeed on their first attempt."""
    running = _start_three(server, workers, go_worker_bin, ts_worker_js)
    with JobClient(server.target) as client:
        jobs = _sleeping_in_each(client, running, 1.0)
        codes = {lang: worker.terminate() for lang, worker in running.items()}
        assert codes == {"py": 0, "ts": 0, "go": 0}, {
            k: w.log()[-2000:] for k, w in running.items()
        }
        for lang, job in jobs.items():
            done = wait_for(client, job.id, terminal, "ended")
            assert done.status == S.JOB_STATUS_SUCCEEDED, (done, running[lang].log())
            assert done.attempt == 1


def test_drain_past_grace_hands_the_task_back(
    server: ServerProcess, workers: Callable[..., WorkerProcess]
) -> None:
    """A Python worker whose grace is shorter than its job hands the task back
    (JOB_RELEASED): the job is queued again, not failed, and a second worker
    finishes it."""
    first = workers("py-1", *python_worker_cmd(server.target, "--grace", "0.2s"))
    with JobClient(server.target) as client:
        job = client.submit("py.sleep", {"seconds": 3.0, "steps": 30})
        wait_for(client, job.id, lambda j: j.progress.current >= 1, "reported progress")
        assert first.terminate() == 0, first.log()
        requeued = wait_for(
            client, job.id, lambda j: j.status != S.JOB_STATUS_RUNNING, "left RUNNING"
        )
        assert requeued.status == S.JOB_STATUS_QUEUED, requeued
        second = workers("py-2", *python_worker_cmd(server.target))
        done = wait_for(client, job.id, terminal, "ended")
        assert done.status == S.JOB_STATUS_SUCCEEDED, (done, second.log())


def test_workers_reconnect_after_a_server_restart(
    server: ServerProcess,
    workers: Callable[..., WorkerProcess],
    go_worker_bin: Path,
    ts_worker_js: Path,
) -> None:
    """kill -9 of the server under running tasks, then a restart on the same store:
    each worker reconnects, its running task completes once (attempt 1, its result
    sent when the server is back), and new tasks flow again."""
    running = _start_three(server, workers, go_worker_bin, ts_worker_js)
    with JobClient(server.target) as client:
        jobs = _sleeping_in_each(client, running, 2.0)
    server.kill9()
    server.restart()
    with JobClient(server.target) as client:
        for lang, job in jobs.items():
            done = wait_for(client, job.id, terminal, "ended")
            assert done.status == S.JOB_STATUS_SUCCEEDED, (done, running[lang].log())
            assert done.attempt == 1 and len(done.attempts) == 1, done
        for lang in running:
            echo = client.submit(f"{lang}.echo", {"after": "restart"})
            done = wait_for(client, echo.id, terminal, "ended")
            assert done.status == S.JOB_STATUS_SUCCEEDED, (done, running[lang].log())

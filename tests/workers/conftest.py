"""Live servers and real worker processes in three languages, on loopback.

The Go worker is built with `make go` (Debian's Go packages) and the TypeScript one
with `tsc`, once per session; without Go or node the tests needing them skip, except
under CI where they fail.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from jobplane.client import JobClient
from jobplane.v1 import job_pb2

from tests.support import ROOT, ServerProcess

TS = ROOT / "clients" / "typescript"
GO_BIN = ROOT / "build" / "go" / "bin" / "jobplane-go"
BUILD_TIMEOUT_S = 300
#: Every wait below is bounded by this.
WAIT_S = 30.0


def _need(tool: str) -> None:
    if shutil.which(tool) is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{tool} is required under CI (.ci/run installs it)")
        pytest.skip(f"{tool} is not installed")


@pytest.fixture(scope="session")
def go_worker_bin() -> Path:
    _need("go")
    subprocess.run(["make", "-s", "go"], cwd=ROOT, check=True, timeout=BUILD_TIMEOUT_S)
    return GO_BIN


@pytest.fixture(scope="session")
def ts_worker_js() -> Path:
    _need("node")
    tsc = TS / "node_modules" / ".bin" / "tsc"
    if not tsc.exists():
        pytest.fail(f"{tsc} is missing: run `make setup`")
    subprocess.run([str(tsc), "-p", "tsconfig.json"], cwd=TS, check=True, timeout=BUILD_TIMEOUT_S)
    return TS / "dist" / "examples" / "worker.js"


@dataclasses.dataclass
class WorkerProcess:
    """A worker as a child process, its output in a log file."""

    name: str
    cmd: Sequence[str]
    proc: subprocess.Popen[str] | None = None
    log_path: Path = dataclasses.field(
        default_factory=lambda: Path(tempfile.mkstemp(prefix="jobplane-worker-", suffix=".log")[1])
    )

    def start(self) -> WorkerProcess:
        log = self.log_path.open("a")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            list(self.cmd), stdout=log, stderr=subprocess.STDOUT, text=True, cwd=ROOT, env=env
        )
        return self

    def log(self) -> str:
        return self.log_path.read_text()

    def terminate(self, timeout_s: float = WAIT_S) -> int:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout_s)

    def kill9(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)


@pytest.fixture
def workers() -> Iterator[Callable[..., WorkerProcess]]:
    """Start worker processes; every one still running is killed at the end."""
    started: list[WorkerProcess] = []

    def start(name: str, *cmd: str) -> WorkerProcess:
        worker = WorkerProcess(name, cmd).start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.kill9()


def python_worker_cmd(target: str, *extra: str) -> list[str]:
    return [
        str(Path(sys.executable).parent / "jobplane"), "worker", "--target", target,
        "--handlers", "tests.workers.handlers", *extra,
    ]  # fmt: skip


def server_args(*extra: str) -> list[str]:
    """`--job-type` for the test types of all three languages, then ``extra``."""
    types = [f"{lang}.{kind}" for lang in ("py", "ts", "go") for kind in ("echo", "sleep")]
    return [*(arg for t in [*types, "py.block"] for arg in ("--job-type", t)), *extra]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    """A server (SQLite file) that knows the test types of all three languages."""
    proc = ServerProcess(db=f"sqlite:///{tmp_path / 'jobs.db'}", args=server_args()).start()
    try:
        yield proc
    finally:
        proc.kill9()


def wait_for(
    client: JobClient, job_id: str, done: Callable[[job_pb2.Job], bool], what: str
) -> job_pb2.Job:
    """Poll the job (every 20 ms, at most WAIT_S) until ``done(job)``."""
    deadline = time.monotonic() + WAIT_S
    while True:
        job = client.get(job_id)
        if done(job):
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job_id} never {what}: {job}")
        time.sleep(0.02)


def terminal(job: job_pb2.Job) -> bool:
    return job.status in (
        job_pb2.JOB_STATUS_SUCCEEDED,
        job_pb2.JOB_STATUS_FAILED,
        job_pb2.JOB_STATUS_CANCELED,
        job_pb2.JOB_STATUS_EXPIRED,
    )

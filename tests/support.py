"""Test support: real servers on loopback, in-process or as child processes."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import grpc
import pytest
from jobplane.server.config import ServerConfig
from jobplane.server.domain.model import Job, RetryPolicy
from jobplane.server.store import codec
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

ROOT = Path(__file__).resolve().parent.parent
_READY = re.compile(r"jobplane: serving on (\S+):(\d+)")


def config(**overrides: object) -> ServerConfig:
    """A config for tests: in-memory store, ephemeral port, short grace periods.

    Overrides name fields as they are spelt in the component configs (``db=``,
    ``lease_s=``, ``auth=``…); each goes to the one part that has it.
    """
    fields: dict[str, object] = dict(
        listen="127.0.0.1:0",
        db="sqlite:///:memory:",
        max_concurrency=4,
        cancel_grace_s=1.0,
        shutdown_grace_s=2.0,
        worker_id="test-worker",
        default_retry=RetryPolicy(initial_backoff_s=0.05, max_backoff_s=0.5, jitter=0.0),
    )
    fields.update(overrides)
    top = {f.name for f in dataclasses.fields(ServerConfig)}
    result = ServerConfig()
    for name, value in fields.items():
        if name in top:
            result = dataclasses.replace(result, **{name: value})
            continue
        (part,) = [
            p for p in top if dataclasses.is_dataclass(getattr(result, p))
            and name in {f.name for f in dataclasses.fields(getattr(result, p))}
        ]  # fmt: skip
        changed = dataclasses.replace(getattr(result, part), **{name: value})
        result = dataclasses.replace(result, **{part: changed})
    return result


@dataclasses.dataclass
class ServerProcess:
    """``python -m jobplane.server`` as a child process, restartable on the same store."""

    db: str
    args: Sequence[str] = ()
    port: int = 0
    proc: subprocess.Popen[str] | None = None
    log_path: Path = dataclasses.field(
        default_factory=lambda: Path(tempfile.mkstemp(prefix="jobplane-", suffix=".log")[1])
    )

    @property
    def target(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self, timeout_s: float = 20.0) -> ServerProcess:
        listen = f"127.0.0.1:{self.port}"
        offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        cmd = [
            sys.executable,
            "-m",
            "jobplane.server",
            "--listen",
            listen,
            "--db",
            self.db,
            *self.args,
        ]
        log = self.log_path.open("a")
        self.proc = subprocess.Popen(
            cmd, stdout=log, stderr=subprocess.STDOUT, text=True, cwd=ROOT, env={**os.environ}
        )
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            m = _READY.search(self.log_path.read_text()[offset:])  # this start's announcement
            if m:
                self.port = int(m.group(2))
                return self
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.log_path.read_text()[-3000:]}")
            time.sleep(0.05)
        raise TimeoutError(f"server did not start:\n{self.log_path.read_text()[-3000:]}")

    def kill9(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def terminate(self, timeout_s: float = 30.0) -> int:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout_s)

    def restart(self) -> ServerProcess:
        """Start again on the same port and store (after kill9/terminate)."""
        return self.start()

    def log(self) -> str:
        return self.log_path.read_text()


@contextlib.contextmanager
def server_process(db: str, *args: str) -> Iterator[ServerProcess]:
    proc = ServerProcess(db=db, args=args).start()
    try:
        yield proc
    finally:
        proc.kill9()


def stub(channel: grpc.aio.Channel) -> svc_grpc.JobServiceStub:
    return svc_grpc.JobServiceStub(channel)


#: ``make bench`` sets this to a file: the fault tests append the durations they
#: measure there (tests/bench/sections.py ``proofs``). Tests never assert them.
TIMINGS_ENV = "JOBPLANE_TIMINGS"


def record_timing(name: str, value: float, unit: str, goal: float, note: str) -> None:
    """Hand a measured duration to ``make bench`` (a JSON line; nothing when not benching).
    ``goal`` is the upper bound the README promises."""
    import json

    path = os.environ.get(TIMINGS_ENV)
    if path:
        line = {"name": name, "value": value, "unit": unit, "goal": goal, "note": note}
        with open(path, "a") as f:
            f.write(json.dumps(line) + "\n")


def count_decodes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the job rows the stores decode from now on (both stores decode
    through :func:`codec.from_row`), in order."""
    decoded: list[str] = []
    real = codec.from_row

    def counting(row: Any) -> Job:
        decoded.append(row[0])
        return real(row)

    monkeypatch.setattr(codec, "from_row", counting)
    return decoded


def assert_each_change_once(
    seen: Sequence[svc.WatchJobsResponse], histories: dict[str, list[int]]
) -> None:
    """``seen`` (WatchJobsResponse messages) holds every job's status history exactly:
    no (job, sequence) twice, and per job the statuses of ``histories``, in order."""
    pairs = [(e.job.id, e.sequence) for e in seen]
    assert len(pairs) == len(set(pairs)), "a status change was delivered twice"
    by_job: dict[str, list[int]] = {}
    for e in seen:
        by_job.setdefault(e.job.id, []).append(int(e.status))
    wrong = {j: (by_job.get(j), h) for j, h in histories.items() if by_job.get(j) != h}
    assert not wrong, list(wrong.items())[:3]
    assert len(seen) == sum(len(h) for h in histories.values())

"""Where the server's time goes: its CPU per call, by thread (``python -m tests.bench.cpu``).

Runs the same client workloads as ``make bench`` against the bare echo server and a
jobplane server, and reads the server process's CPU time (psutil, user + system)
before and after each: µs of server CPU per call or per job, in all and per thread
(threads with under 5 µs are left out; ``python`` is a Python thread: in jobplane
the larger one is the SQLite writer, the ~30 µs one gRPC's poller). SubmitJob's figure includes running the jobs
it submitted (the client waits for the server to finish them). Bounded: a few
seconds per workload.
"""

from __future__ import annotations

import argparse
import contextlib
import tempfile
from pathlib import Path
from typing import Any

import psutil  # type: ignore[import-untyped]

from . import servers
from .sections import E2E_JOBS, SUBMIT


def _threads(proc: psutil.Process) -> dict[int, float]:
    return {t.id: t.user_time + t.system_time for t in proc.threads()}


def _name(pid: int, tid: int) -> str:
    """The OS thread name; the main thread (the event loop) as ``loop``."""
    if tid == pid:
        return "loop"
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/task/{tid}/comm").read_text().strip()
    return str(tid)


def per_item(
    pid: int, target: str, workload: str, per: str, **spec: Any
) -> tuple[float, str, dict[str, Any]]:
    """Run ``workload``; the server's CPU µs per ``per`` (e.g. "jobs") in all, the same
    by thread as text, and the workload's result."""
    proc = psutil.Process(pid)
    t0, th0 = proc.cpu_times(), _threads(proc)
    result = servers.client(workload, target, **spec)
    t1, th1 = proc.cpu_times(), _threads(proc)
    n = int(result.get(per) or 1)
    total = ((t1.user + t1.system) - (t0.user + t0.system)) / n * 1e6
    by_thread = sorted(
        ((th1[k] - th0.get(k, 0.0)) / n * 1e6, _name(pid, k)) for k in th1 if k in th0
    )
    parts = ", ".join(f"{us:.0f} {name}" for us, name in reversed(by_thread) if us >= 5)
    return total, parts, result


def measure(pid: int, target: str, workload: str, per: str, **spec: Any) -> str:
    total, parts, result = per_item(pid, target, workload, per, **spec)
    n = int(result.get(per) or 1)
    return f"{total:6.0f} µs per {per[:-1]} ({n} {per}; by thread: {parts})"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m tests.bench.cpu", description=__doc__)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args(argv)
    with servers.echo() as echo:
        for _ in range(args.rounds):
            print("echo unary  ", measure(echo.pid, echo.target, "echo_unary", "calls", **SUBMIT))
    tmp = Path(tempfile.mkdtemp(prefix="jobplane-cpu-"))
    with servers.jobplane(tmp / "cpu.db") as jp:
        assert jp.proc is not None
        for _ in range(args.rounds):
            print("SubmitJob   ", measure(jp.proc.pid, jp.target, "submit", "calls", **SUBMIT))
            print(
                "e2e stream  ",
                measure(jp.proc.pid, jp.target, "e2e", "jobs", count=E2E_JOBS, concurrency=64,
                        mode="stream"),
            )  # fmt: skip


if __name__ == "__main__":
    main()

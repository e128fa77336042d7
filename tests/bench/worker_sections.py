"""The ``workers`` bench section: remote Python workers (``jobplane worker``) against
one server, next to the server's own local worker."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jobplane.client import JobClient

from tests.support import ROOT

from . import servers
from .report import Figure
from .stats import median

if TYPE_CHECKING:
    from .sections import Run

JOBS = 2000
IN_FLIGHT = 64
#: Slots per remote worker process: enough that 64 submits in flight keep it busy.
SLOTS = 32
TYPES = ("--job-type", "bench.noop", "--job-type", "bench.block")
READY_S = 30.0


@contextlib.contextmanager
def remote_workers(target: str, count: int) -> Iterator[list[subprocess.Popen[bytes]]]:
    """``count`` ``jobplane worker`` processes, each returned once it ran a job."""
    cmd = [
        str(Path(sys.executable).parent / "jobplane"), "worker", "--target", target,
        "--handlers", "tests.bench.remote_handlers", "--concurrency", str(SLOTS),
    ]  # fmt: skip
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    procs = [
        subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        for _ in range(count)
    ]
    try:
        _until_each_ran_one(target, {p.pid for p in procs})
        yield procs
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(10)


def _until_each_ran_one(target: str, pids: set[int]) -> None:
    """Rounds of more 0.2 s bench.noop jobs than all slots together, until every worker
    pid ran one (bounded)."""
    seen: set[int] = set()
    deadline = time.monotonic() + READY_S
    with JobClient(target) as client:
        while seen != pids:
            if time.monotonic() > deadline:
                raise RuntimeError(f"workers {pids - seen} never ran a job")
            jobs = [
                client.submit("bench.noop", {"sleep_s": 0.2}) for _ in range(len(pids) * SLOTS + 1)
            ]
            for job in jobs:
                done = client.wait(job.id, timeout_s=READY_S)
                seen.add(int(done.output["pid"]))


def _e2e(target: str, job_type: str) -> dict[str, Any]:
    return _all_done(
        servers.client(
            "e2e", target, count=JOBS, concurrency=IN_FLIGHT, mode="stream", type=job_type,
            seconds=40,
        )
    )  # fmt: skip


def _all_done(result: dict[str, Any]) -> dict[str, Any]:
    """A run that hit its time cap would quote a rate of part of the jobs: refuse it."""
    if int(result["jobs"]) != JOBS:
        raise RuntimeError(f"only {result['jobs']} of {JOBS} jobs succeeded in the time cap")
    return result


def workers(run: Run) -> list[Figure]:
    from .cpu import per_item  # cpu imports sections, which imports this module

    local: list[float] = []
    one: list[float] = []
    two: list[float] = []
    cpu: list[float] = []
    cpu_parts = ""
    disp: list[dict[str, Any]] = []
    canc: list[dict[str, Any]] = []
    with servers.jobplane(run.db("workers"), *TYPES, *run.server_args) as jp:
        assert jp.proc is not None
        for _ in range(run.rounds):
            local.append(_e2e(jp.target, "demo.echo")["jobs_per_s"])
        with remote_workers(jp.target, 1):
            for _ in range(run.rounds):
                disp.append(servers.client("dispatch_latency", jp.target, count=200, gap_ms=5))
                canc.append(servers.client("cancel_latency", jp.target, count=30))
                us, cpu_parts, res = per_item(
                    jp.proc.pid, jp.target, "e2e", "jobs", count=JOBS, concurrency=IN_FLIGHT,
                    mode="stream", type="bench.noop", seconds=40,
                )  # fmt: skip
                one.append(float(_all_done(res)["jobs_per_s"]))
                cpu.append(us)
        with remote_workers(jp.target, 2):
            for _ in range(run.rounds):
                two.append(_e2e(jp.target, "bench.noop")["jobs_per_s"])
    return _figures(local, one, two, cpu, cpu_parts, disp, canc)


def _figures(
    local: list[float],
    one: list[float],
    two: list[float],
    cpu: list[float],
    cpu_parts: str,
    disp: list[dict[str, Any]],
    canc: list[dict[str, Any]],
) -> list[Figure]:
    def med(results: list[dict[str, Any]], key: str) -> tuple[float, list[float]]:
        runs = [float(r[key]) for r in results]
        return median(runs), runs

    e2e_note = f"{JOBS} no-op jobs, {IN_FLIGHT} SubmitJob in flight, ends seen on one WatchJobs"
    d50, d50r = med(disp, "p50_ms")
    d99, d99r = med(disp, "p99_ms")
    c50, c50r = med(canc, "p50_ms")
    c99, c99r = med(canc, "p99_ms")
    server_part = median([float(r["server_p50_ms"]) for r in disp])
    d_note = (
        "200 bench.noop jobs one at a time 5 ms apart; client send → handler start (wall "
        f"clock); of it create_time → start_time (stamped by the claiming write), p50 "
        f"{server_part:.2f} ms"
    )
    c_note = "30 bench.block jobs one at a time; CancelJob sent → thread handler wakes (wall clock)"
    return [
        Figure("workers_dispatch_p50_ms", d50, "ms", goal=1, goal_op="<=", runs=d50r, note=d_note),
        Figure("workers_dispatch_p99_ms", d99, "ms", goal=3, goal_op="<=", runs=d99r, note=d_note),
        Figure("workers_e2e_local_jobs_per_s", median(local), "jobs/s", runs=local,
               note=f"{e2e_note}; demo.echo on the server's local worker"),
        Figure("workers_e2e_remote1_jobs_per_s", median(one), "jobs/s", runs=one,
               note=f"{e2e_note}; bench.noop on 1 remote Python worker, {SLOTS} slots"),
        Figure("workers_e2e_remote2_jobs_per_s", median(two), "jobs/s", runs=two,
               note=f"{e2e_note}; bench.noop on 2 remote Python workers, {SLOTS} slots each"),
        Figure("workers_server_cpu_us_per_job_remote", median(cpu), "µs", runs=cpu,
               note=f"server process CPU (psutil) over the 1-worker e2e run; by thread: {cpu_parts}"),
        Figure("workers_cancel_p50_ms", c50, "ms", runs=c50r, note=c_note),
        Figure("workers_cancel_p99_ms", c99, "ms", goal=100, goal_op="<=", runs=c99r, note=c_note),
    ]  # fmt: skip

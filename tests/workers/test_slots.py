"""Slots are never exceeded: a burst of 2,000 jobs on two remote Python workers.

Each run of ``py.record`` appends {job, pid, start, end} to one log file, so a job run
twice or a worker running more at once than its slots shows in the log. A task the
server pushes beyond a worker's slots is handed back by the Python worker (JOB_RELEASED),
which shows as a job with a second attempt: every job must succeed on attempt 1.
(That check caught the worker counting a task whose handler had returned until its
CompleteTask reply came back, and handing back the next task pushed meanwhile.)
"""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from jobplane.client import AsyncJobClient, JobClient
from jobplane.v1 import job_pb2

from tests.support import ServerProcess
from tests.workers.conftest import WAIT_S, WorkerProcess, python_worker_cmd, wait_for

BURST = 2000
SLOTS = {"w-slots-a": 3, "w-slots-b": 5}
#: Long enough that every slot stays full (2,000 x 20 ms over 8 slots is ~5 s of work):
#: with 2 ms runs a server pushing one task too many was never seen (a run had ended).
SLEEP_S = 0.02
IN_FLIGHT = 64


def _max_overlap(intervals: list[tuple[float, float]]) -> int:
    """The most intervals open at one moment (an end at t closes before a start at t)."""
    edges = sorted([(s, 1) for s, _ in intervals] + [(e, -1) for _, e in intervals])
    open_now = peak = 0
    for _, step in edges:
        open_now += step
        peak = max(peak, open_now)
    return peak


async def _burst(target: str, payload: dict[str, object]) -> list[str]:
    """Submit BURST jobs, IN_FLIGHT at a time; their ids."""
    async with AsyncJobClient(target) as client:
        ids: list[str] = []
        for first in range(0, BURST, IN_FLIGHT):
            batch = range(first, min(BURST, first + IN_FLIGHT))
            jobs = await asyncio.gather(*(client.submit("py.record", payload) for _ in batch))
            ids.extend(job.id for job in jobs)
        return ids


async def _ended(target: str, ids: list[str]) -> list[job_pb2.Job]:
    async with AsyncJobClient(target) as client:
        out: list[job_pb2.Job] = []
        for first in range(0, len(ids), IN_FLIGHT):
            chunk = ids[first : first + IN_FLIGHT]
            out.extend(await asyncio.gather(*(client.wait(i, timeout_s=WAIT_S) for i in chunk)))
        return out


def _story(job: job_pb2.Job, log: Path) -> str:
    """A bad job's attempts and its runs in the log, for the failure message."""
    tries = [
        (a.number, job_pb2.JobStatus.Name(a.outcome), a.worker, a.error.message)
        for a in job.attempts
    ]
    runs = [line for line in log.read_text().splitlines() if job.id in line]
    return f"{job.id} {job_pb2.JobStatus.Name(job.status)} attempts={tries} runs={runs}"


def _both_listening(server: ServerProcess, payload: dict[str, object], log: Path) -> None:
    """Rounds of more 0.2 s jobs than all slots together, until each worker ran one
    (bounded); then empty the log."""
    with JobClient(server.target) as client:
        pids: set[int] = set()
        for _ in range(10):
            jobs = [
                client.submit("py.record", {**payload, "sleep_s": 0.2})
                for _ in range(sum(SLOTS.values()) + 1)
            ]
            for job in jobs:
                done = wait_for(
                    client, job.id, lambda j: j.status == job_pb2.JOB_STATUS_SUCCEEDED, "ran"
                )
                pids.add(int(done.output["pid"]))
            if len(pids) == len(SLOTS):
                break
        assert len(pids) == len(SLOTS), f"only {pids} took warm-up jobs"
    log.write_text("")


def test_burst_of_2000_never_exceeds_a_workers_slots(
    server: ServerProcess, workers: Callable[..., WorkerProcess], tmp_path: Path
) -> None:
    started = {
        wid: workers(
            wid, *python_worker_cmd(server.target, "--concurrency", str(n), "--worker-id", wid)
        )
        for wid, n in SLOTS.items()
    }
    log = tmp_path / "runs.jsonl"
    payload: dict[str, object] = {"log": str(log), "sleep_s": SLEEP_S}
    _both_listening(server, payload, log)
    ids = asyncio.run(_burst(server.target, payload))
    ended = asyncio.run(_ended(server.target, ids))

    bad = [j for j in ended if j.status != job_pb2.JOB_STATUS_SUCCEEDED or j.attempt != 1]
    assert not bad, [_story(j, log) for j in bad[:3]]
    runs = [json.loads(line) for line in log.read_text().splitlines()]
    per_job: dict[str, int] = defaultdict(int)
    by_pid: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for run in runs:
        per_job[run["job"]] += 1
        by_pid[run["pid"]].append((run["start"], run["end"]))
    assert set(per_job) == set(ids) and set(per_job.values()) == {1}, "a job ran twice or never"
    pid_slots = {p.proc.pid: SLOTS[w] for w, p in started.items() if p.proc is not None}
    assert set(by_pid) == set(pid_slots), (set(by_pid), pid_slots)
    peaks = {pid: _max_overlap(spans) for pid, spans in by_pid.items()}
    for pid, peak in peaks.items():
        assert peak <= pid_slots[pid], (
            f"worker {pid} ran {peak} at once with {pid_slots[pid]} slots"
        )
    # The test can fail: at least one worker used all its slots at some moment.
    assert any(peaks[pid] == pid_slots[pid] for pid in peaks), (peaks, pid_slots)

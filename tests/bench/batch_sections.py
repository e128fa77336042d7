"""The ``batch`` bench section: SubmitJobs of 1,000 no-op jobs per call against
SubmitJob (one job per call) on the same durable SQLite server, same run, rounds
interleaved so both see the same machine."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import servers
from .report import Figure

if TYPE_CHECKING:
    from .sections import Run

#: Two calls in flight, so decoding one batch overlaps the store writing the other.
BATCH = {"batch": 1000, "count": 30_000, "seconds": 4.0, "concurrency": 2}
#: SubmitJob one job per call, sequentially: the literal "one at a time".
ONE_AT_A_TIME = {"count": 5_000, "seconds": 3.0, "concurrency": 1}


def batch(run: Run) -> list[Figure]:
    from .sections import SUBMIT, _med

    many: list[dict[str, Any]] = []
    paused: list[dict[str, Any]] = []
    single: list[dict[str, Any]] = []
    serial: list[dict[str, Any]] = []
    with servers.jobplane(run.db("batch"), *run.server_args) as jp:
        for _ in range(run.rounds):
            many.append(servers.client("submit_batch", jp.target, **BATCH))
            single.append(servers.client("submit", jp.target, **SUBMIT))
            serial.append(servers.client("submit", jp.target, **ONE_AT_A_TIME))
    # Paused jobs stay: a store of their own, so they never weigh on the figures above.
    with servers.jobplane(run.db("batch_paused"), *run.server_args) as jp:
        for _ in range(run.rounds):
            paused.append(servers.client("submit_batch", jp.target, paused=True, **BATCH))
    value, runs = _med(many, "jobs_per_s")
    held, held_runs = _med(paused, "jobs_per_s")
    one, one_runs = _med(single, "rps")
    seq, seq_runs = _med(serial, "rps")
    return [
        Figure("submit_batch_jobs_per_s", value, "jobs/s", goal=20_000, goal_op=">=", runs=runs,
               note="SubmitJobs of 1,000 demo.echo per call, 2 calls in flight, durable SQLite "
               "file; the jobs run meanwhile"),
        Figure("submit_batch_paused_jobs_per_s", held, "jobs/s", runs=held_runs,
               note="the same, jobs submitted PAUSED: the write path alone"),
        Figure("submit_batch_vs_submit_ratio", value, "jobs/s", baseline=one, runs=one_runs,
               note="baseline: SubmitJob demo.echo, 64 calls in flight, same server and run"),
        Figure("submit_batch_vs_one_at_a_time", value, "jobs/s", baseline=seq, runs=seq_runs,
               note="baseline: SubmitJob one call at a time (sequential), same server and run"),
    ]  # fmt: skip

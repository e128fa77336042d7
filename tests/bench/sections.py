"""The bench sections: each starts the servers it needs and returns its figures."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import batch_sections, http_sections, observe_sections, scale, servers, worker_sections
from .report import Figure
from .stats import median

SUBMIT = {"concurrency": 64, "count": 20_000, "seconds": 3.0}
E2E_JOBS = 2000
WATCH = {"subscribers": 100, "rate": 1000, "seconds": 5}
#: The same job with 10 subscribers: where the server can keep up with every watcher.
WATCH_FEW = {**WATCH, "subscribers": 10}
#: The same job and 100 subscribers that each ask for at most one progress event per
#: 10 ms (WatchProgressRequest.progress_interval): 10,000 messages/s in all.
WATCH_PACED = {**WATCH, "progress_interval_ms": 10}
ECHO_STREAM = {"subscribers": 100, "messages": 500}
IDLE_WATCHES = 5000
#: 10,000 schedules firing 333 times a second, each once in the measured window.
SCHEDULES = {"count": 10_000, "interval_s": 30.0, "setup_s": 25.0}


@dataclasses.dataclass
class Run:
    tmp: Path
    rounds: int
    scale_jobs: int
    server_args: tuple[str, ...]
    deadline: float
    #: median submit rps on an empty store (the scale ratio's baseline)
    empty_submit_rps: float | None = None

    def db(self, name: str) -> Path:
        return self.tmp / f"{name}.db"


def _med(results: list[dict[str, Any]], key: str) -> tuple[float, list[float]]:
    runs = [float(r[key]) for r in results]
    return median(runs), runs


def unary(run: Run) -> list[Figure]:
    echo_r: list[dict[str, Any]] = []
    sub_r: list[dict[str, Any]] = []
    with servers.echo() as echo, servers.jobplane(run.db("unary"), *run.server_args) as jp:
        for _ in range(run.rounds):
            echo_r.append(servers.client("echo_unary", echo.target, **SUBMIT))
            sub_r.append(servers.client("submit", jp.target, **SUBMIT))
    base, base_runs = _med(echo_r, "rps")
    value, runs = _med(sub_r, "rps")
    sus, sus_runs = _med(sub_r, "sustained_jobs_per_s")
    run.empty_submit_rps = value
    return [
        Figure("echo_unary_rps", base, "calls/s", runs=base_runs,
               note="bare grpc.aio empty unary, 64 in flight, same client"),
        Figure("submit_rps", value, "calls/s", goal=0.8, goal_op=">=", baseline=base, runs=runs,
               note="SubmitJob demo.echo, 64 in flight, durable SQLite file store"),
        Figure("submit_p99_ms", _med(sub_r, "p99_ms")[0], "ms", runs=_med(sub_r, "p99_ms")[1],
               note="per-call latency at 64 in flight"),
        Figure("submit_sustained_jobs_per_s", sus, "jobs/s", runs=sus_runs,
               note="the same round's accepted jobs / (submit time + time to finish them all)"),
    ]  # fmt: skip


def e2e(run: Run) -> list[Figure]:
    streamed: list[dict[str, Any]] = []
    waited: list[dict[str, Any]] = []
    with servers.jobplane(run.db("e2e"), *run.server_args) as jp:
        for _ in range(run.rounds):
            streamed.append(
                servers.client("e2e", jp.target, count=E2E_JOBS, concurrency=64, mode="stream")
            )
            waited.append(
                servers.client("e2e", jp.target, count=E2E_JOBS, concurrency=64, mode="wait")
            )
    value, runs = _med(streamed, "jobs_per_s")
    value_w, runs_w = _med(waited, "jobs_per_s")
    return [
        Figure("e2e_jobs_per_s", value, "jobs/s", goal=1200, goal_op=">=", runs=runs,
               note=f"{E2E_JOBS} demo.echo jobs, 64 SubmitJob in flight; the ends seen on one "
               "WatchJobs stream (one unary call per job)"),
        Figure("e2e_jobs_per_s_waitjob", value_w, "jobs/s", runs=runs_w,
               note=f"{E2E_JOBS} demo.echo jobs, 64 in flight, each SubmitJob then WaitJob "
               "until SUCCEEDED (2 unary calls per job)"),
    ]  # fmt: skip


def latency(run: Run) -> list[Figure]:
    res: list[dict[str, Any]] = []
    with servers.jobplane(run.db("latency"), *run.server_args) as jp:
        for _ in range(run.rounds):
            res.append(servers.client("start_latency", jp.target, count=200, gap_ms=5))
    note = "200 jobs one at a time 5 ms apart; submit→RUNNING = recorded start_time - create_time"
    p50, p50_runs = _med(res, "p50_ms")
    p99, p99_runs = _med(res, "p99_ms")
    rtt, rtt_runs = _med(res, "submit_rtt_p50_ms")
    return [
        Figure("start_latency_p50_ms", p50, "ms", goal=2, goal_op="<=", runs=p50_runs, note=note),
        Figure("start_latency_p99_ms", p99, "ms", goal=5, goal_op="<=", runs=p99_runs, note=note),
        Figure("submit_rtt_p50_ms", rtt, "ms", runs=rtt_runs, note="one SubmitJob at a time"),
    ]


def watch(run: Run) -> list[Figure]:
    echo_r: list[dict[str, Any]] = []
    res: list[dict[str, Any]] = []
    few: list[dict[str, Any]] = []
    paced: list[dict[str, Any]] = []
    with servers.echo() as echo, servers.jobplane(run.db("watch"), *run.server_args) as jp:
        for _ in range(run.rounds):
            echo_r.append(servers.client("echo_stream", echo.target, **ECHO_STREAM))
            res.append(servers.client("watch", jp.target, **WATCH))
            few.append(servers.client("watch", jp.target, **WATCH_FEW))
            paced.append(servers.client("watch", jp.target, **WATCH_PACED))
    base, base_runs = _med(echo_r, "msgs_per_s")
    value, runs = _med(res, "msgs_per_s")
    lag, lag_runs = _med(res, "lag_p99_ms")
    missed = max(int(r["missed_events"]) for r in res)
    gapped = max(int(r["subscribers_with_gaps"]) for r in res)
    written = median([float(r["events_written"]) for r in res])
    note = (f"1 job reporting {WATCH['rate']}/s for {WATCH['seconds']}s, "
            f"{WATCH['subscribers']} WatchProgress subscribers; lag = receipt - report wall clock")  # fmt: skip
    return [
        Figure("echo_stream_msgs_per_s", base, "msgs/s", runs=base_runs,
               note=f"bare grpc.aio server stream, {ECHO_STREAM['subscribers']} streams"),
        Figure("watch_lag_p99_ms", lag, "ms", goal=10, goal_op="<=", runs=lag_runs, note=note),
        Figure("watch_lag_p99_ms_10_subscribers", _med(few, "lag_p99_ms")[0], "ms",
               runs=_med(few, "lag_p99_ms")[1], note="the same job, 10 subscribers"),
        Figure("watch_lag_p50_ms", _med(res, "lag_p50_ms")[0], "ms",
               runs=_med(res, "lag_p50_ms")[1]),
        Figure("watch_lag_p99_ms_100_paced", _med(paced, "lag_p99_ms")[0], "ms",
               runs=_med(paced, "lag_p99_ms")[1],
               note="the same job, 100 subscribers each asking progress_interval = 10 ms"),
        Figure("watch_msgs_per_s", value, "msgs/s", goal=0.7, goal_op=">=", baseline=base,
               runs=runs, note="messages received by all subscribers per second"),
        Figure("watch_events_written", written, "events",
               note=f"of {int(WATCH['rate'] * WATCH['seconds'])} reports (progress coalesced before write)"),
        Figure("watch_missed_events", max(int(r["missed_events"]) for r in few), "events",
               goal=0, goal_op="<=",
               note="sequence gaps seen by any of 10 subscribers that keep up (worst round)"),
        Figure("watch_coalesced_events_100", missed, "events",
               note=f"sequence gaps at 100 subscribers, where none can keep up: progress coalesced "
               f"once a subscriber is --watch-max-lag behind (worst round; {gapped} gapped)"),
    ]  # fmt: skip


def idle(run: Run) -> list[Figure]:
    with servers.jobplane(run.db("idle"), *run.server_args) as jp:
        assert jp.proc is not None
        r = servers.client("idle_watches", jp.target, count=IDLE_WATCHES, server_pid=jp.proc.pid)
    return [
        Figure("rss_per_idle_watch_kb", r["kb_per_watch"], "KiB",
               note=f"{IDLE_WATCHES} idle WatchProgress streams (one paused job each); "
               f"RSS {r['rss_before_mb']:.0f} -> {r['rss_after_mb']:.0f} MiB"),
    ]  # fmt: skip


def scale_(run: Run) -> list[Figure]:
    n = run.scale_jobs
    db = run.db("scale")
    ids, filled_s, cached = scale.prepared(db, n)
    size = db.stat().st_size
    fill_note = "cached fill" if cached else f"filled in {filled_s:.0f}s"
    if run.empty_submit_rps is None:
        with servers.jobplane(run.db("scale-empty"), *run.server_args) as jp:
            runs = [servers.client("submit", jp.target, **SUBMIT)["rps"] for _ in range(run.rounds)]
        run.empty_submit_rps = median(runs)
    res: list[dict[str, Any]] = []
    with servers.jobplane(db, *run.server_args) as jp:
        rss0 = servers.rss_mb(jp)
        reads = servers.client(
            "reads", jp.target, ids=ids[:2050], list_calls=300,
            filters=['status = FAILED', 'type = "bench.b"', 'labels.team = "t3"',
                     'status = SUCCEEDED AND type = "bench.c"'],
        )  # fmt: skip
        for _ in range(run.rounds):
            res.append(servers.client("submit", jp.target, **SUBMIT))
        rss1 = servers.rss_mb(jp)
    value, runs = _med(res, "rps")
    by_filter = ", ".join(f"{k}: {v:.1f}" for k, v in reads["list_p99_by_filter_ms"].items())
    return [
        Figure("scale_jobs", n, "jobs", note=f"pre-filled through the store layer ({fill_note})"),
        Figure("scale_submit_rps", value, "calls/s", goal=0.8, goal_op=">=",
               baseline=run.empty_submit_rps, runs=runs, note="vs the same workload on an empty store"),
        Figure("scale_get_p99_ms", reads["get_p99_ms"], "ms", goal=2, goal_op="<=",
               note=f"GetJob of 2,000 random pre-filled ids, one at a time; p50 {reads['get_p50_ms']:.2f}"),
        Figure("scale_list_p99_ms", reads["list_p99_ms"], "ms", goal=20, goal_op="<=",
               note=f"ListJobs page_size 50, filters p99: {by_filter}"),
        Figure("scale_rss_mb", max(rss0, rss1), "MiB", goal=300, goal_op="<=",
               note=f"server RSS after reads {rss0:.0f}, after submits {rss1:.0f}"),
        Figure("scale_bytes_per_job", size / n, "bytes", note="SQLite file size / jobs (with indexes)"),
    ]  # fmt: skip


def schedules(run: Run) -> list[Figure]:
    res: list[dict[str, Any]] = []
    with servers.jobplane(run.db("schedules"), *run.server_args) as jp:
        res.append(
            servers.client("schedules", jp.target, module="tests.bench.schedule_load", **SCHEDULES)
        )
    r = res[0]
    note = (
        f"{r['schedules']:,} interval schedules ({SCHEDULES['interval_s']:g} s, spread: "
        f"{r['rate_per_s']:.0f} runs/s), one server, SQLite file; lag = run's create time - "
        f"nominal time over {r['runs_in_window']:,} runs; p50 {r['lag_p50_ms']:.1f} ms, "
        f"max {r['lag_max_ms']:.1f} ms"
    )
    return [
        Figure("schedule_fire_lag_p99_ms", r["lag_p99_ms"], "ms", goal=100, goal_op="<=",
               note=note),
        Figure("schedule_runs_in_window", r["runs_in_window"], "runs",
               goal=r["schedules"], goal_op=">=", note="each schedule once in one interval"),
    ]  # fmt: skip


#: The fault tests whose durations are README promises; they assert bounded behaviour
#: and hand the measured times here (tests.support.record_timing) instead of asserting
#: them, so a busy machine cannot fail the suite on a clock.
TIMED_TESTS = (
    "tests/faults/test_slow_consumer.py::test_stuck_subscribers_cost_bounded_memory_and_no_speed",
    "tests/integration/test_watch.py::test_slow_subscriber_is_coalesced_not_blocking",
    "tests/faults/test_shutdown.py::test_sigterm_drains_calls_streams_and_jobs",
    "tests/faults/test_isolation.py::test_isolated_handler_dies_with_its_server",
    "tests/replicas/test_replicas.py::test_cancel_on_one_replica_stops_the_handler_on_another",
)


def proofs(run: Run) -> list[Figure]:
    """Run the timed fault tests ``run.rounds`` times; one figure per timing (median)."""
    import json
    import os
    import subprocess
    import sys

    from tests.support import ROOT, TIMINGS_ENV

    out = run.tmp / "timings.jsonl"
    for _ in range(run.rounds):
        env = {**os.environ, TIMINGS_ENV: str(out)}
        cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *TIMED_TESTS]
        subprocess.run(cmd, cwd=ROOT, env=env, check=False, timeout=300)
    by_name: dict[str, list[dict[str, Any]]] = {}
    for line in out.read_text().splitlines() if out.exists() else []:
        item = json.loads(line)
        by_name.setdefault(item["name"], []).append(item)
    figures = []
    for name, items in by_name.items():
        values = [float(i["value"]) for i in items]
        figures.append(Figure(name, median(values), items[0]["unit"], goal=items[0]["goal"],
                              goal_op="<=", runs=values, note=items[0]["note"]))  # fmt: skip
    return figures


SECTIONS: dict[str, Callable[[Run], list[Figure]]] = {
    "unary": unary,
    "e2e": e2e,
    "latency": latency,
    "watch": watch,
    "idle": idle,
    "scale": scale_,
    "schedules": schedules,
    "http": http_sections.http,
    "workers": worker_sections.workers,
    "batch": batch_sections.batch,
    "proofs": proofs,
    "observe": observe_sections.observe,
}
ORDER = tuple(SECTIONS)

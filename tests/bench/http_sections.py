"""The ``http`` bench section: the HTTP edge against gRPC on the same server, same run."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from . import servers
from .report import Figure

if TYPE_CHECKING:
    from .sections import Run

_HTTP_READY = re.compile(r"HTTP and dashboard on (http://127\.0\.0\.1:\d+)/")
SSE_WATCH = {"subscribers": 100, "rate": 1000, "seconds": 5, "progress_interval_ms": 100}
SSE_IDLE = 1000


def _http_url(proc: servers.ServerProcess) -> str:
    found = _HTTP_READY.findall(proc.log_path.read_text())
    if not found:
        raise RuntimeError(f"the server did not announce its HTTP address ({proc.log_path})")
    return str(found[-1])


def http(run: Run) -> list[Figure]:
    from .sections import SUBMIT, _med

    grpc_r: list[dict[str, Any]] = []
    http_r: list[dict[str, Any]] = []
    sse_r: list[dict[str, Any]] = []
    grpc_watch: list[dict[str, Any]] = []
    args = ("--http-listen", "127.0.0.1:0", *run.server_args)
    with servers.jobplane(run.db("http"), *args) as jp:
        url = _http_url(jp)
        for _ in range(run.rounds):  # interleaved, so both see the same machine
            grpc_r.append(servers.client("submit", jp.target, **SUBMIT))
            http_r.append(servers.client("http_submit", url, **SUBMIT))
        for _ in range(run.rounds):
            sse_r.append(servers.client("sse_watch", url, **SSE_WATCH))
            grpc_watch.append(servers.client("watch", jp.target, **SSE_WATCH))
    with servers.jobplane(run.db("http-idle"), *args) as jp:
        assert jp.proc is not None
        idle = servers.client("sse_idle", _http_url(jp), count=SSE_IDLE, server_pid=jp.proc.pid)
    base, _ = _med(grpc_r, "rps")
    value, runs = _med(http_r, "rps")
    lag, lag_runs = _med(sse_r, "lag_p99_ms")
    glag, glag_runs = _med(grpc_watch, "lag_p99_ms")
    watch_note = (f"1 job reporting {SSE_WATCH['rate']}/s for {SSE_WATCH['seconds']}s, "
                  f"{SSE_WATCH['subscribers']} subscribers, progress_interval 100 ms; "
                  "lag = receipt - report wall clock")  # fmt: skip
    return [
        Figure("http_submit_rps", value, "calls/s", goal=0.5, goal_op=">=", baseline=base,
               runs=runs, note="POST /v1/jobs demo.echo, 64 keep-alive connections, vs gRPC "
               f"SubmitJob 64 in flight on the same server ({base:.0f}/s)"),
        Figure("http_submit_p99_ms", _med(http_r, "p99_ms")[0], "ms", runs=_med(http_r, "p99_ms")[1],
               note="per-request latency at 64 in flight"),
        Figure("sse_lag_p99_ms", lag, "ms", goal=20, goal_op="<=", runs=lag_runs,
               note=f"{watch_note}; SSE over HTTP/1.1"),
        Figure("sse_lag_p50_ms", _med(sse_r, "lag_p50_ms")[0], "ms", runs=_med(sse_r, "lag_p50_ms")[1]),
        Figure("grpc_paced_lag_p99_ms", glag, "ms", runs=glag_runs,
               note="the same workload over gRPC WatchProgress (for comparison)"),
        Figure("rss_per_idle_sse_kb", idle["kb_per_stream"], "KiB",
               note=f"{idle['streams']} idle SSE streams (one paused job each); "
               f"RSS {idle['rss_before_mb']:.0f} -> {idle['rss_after_mb']:.0f} MiB"),
    ]  # fmt: skip

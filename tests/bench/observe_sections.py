"""Bench section ``observe``: what Prometheus metrics cost SubmitJob (issue 18).

Metrics on (``--metrics-listen``: every series kept, the gRPC wrap counting each
call, the broker tap, the commit timer) against ``--no-metrics``, the same build,
rounds interleaved on the same machine so drift hits both alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import servers
from .report import Figure
from .stats import median

if TYPE_CHECKING:
    from .sections import Run

SUBMIT = {"concurrency": 64, "count": 20_000, "seconds": 3.0}


def observe(run: Run) -> list[Figure]:
    on: list[float] = []
    off: list[float] = []
    with (
        servers.jobplane(run.db("metrics_on"), "--metrics-listen", "127.0.0.1:0",
                         *run.server_args) as with_metrics,
        servers.jobplane(run.db("metrics_off"), "--no-metrics", *run.server_args) as without,
    ):  # fmt: skip
        for _ in range(run.rounds):
            r: dict[str, Any] = servers.client("submit", with_metrics.target, **SUBMIT)
            on.append(float(r["rps"]))
            r = servers.client("submit", without.target, **SUBMIT)
            off.append(float(r["rps"]))
    base = median(off)
    return [
        Figure("submit_rps_metrics_off", base, "calls/s", runs=off,
               note="SubmitJob demo.echo, 64 in flight, --no-metrics"),
        Figure("submit_rps_metrics_on", median(on), "calls/s", goal=0.95, goal_op=">=",
               baseline=base, runs=on,
               note="the same with Prometheus metrics on (--metrics-listen), rounds interleaved"),
    ]  # fmt: skip

"""The metrics settings (``--metrics``, ``--metrics-listen``)."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class MetricsConfig:
    #: Export Prometheus metrics: at ``/metrics`` on the HTTP listener, or on
    #: ``metrics_listen`` when there is none. Off costs nothing (no series are kept).
    export: bool = True
    #: HOST:PORT serving only ``/metrics`` (None: the HTTP listener's, if any).
    metrics_listen: str | None = None

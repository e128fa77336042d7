"""The worker's settings: one frozen dataclass."""

from __future__ import annotations

import os
import random
import socket
from dataclasses import dataclass, field

from jobplane.client import DEFAULT_TARGET, TlsConfig


def default_worker_id() -> str:
    return f"py-{socket.gethostname()}-{os.getpid()}"


@dataclass(frozen=True, kw_only=True)
class WorkerConfig:
    """How a :class:`~jobplane.worker.Worker` connects and runs tasks."""

    target: str = DEFAULT_TARGET
    token: str | None = None
    tls: TlsConfig | None = None
    #: Admins only: the tenant whose tasks to take (``*`` for all).
    tenant: str | None = None
    #: Names the worker in the jobs' attempt history.
    worker_id: str = field(default_factory=default_worker_id)
    #: How many tasks run at once (the ListenTasks slots).
    concurrency: int = 1
    labels: dict[str, str] = field(default_factory=dict)
    #: On drain (SIGTERM): how long running handlers may take before they are
    #: cancelled and their tasks handed back.
    grace_s: float = 30.0
    #: Reconnect backoff after the stream breaks: from initial to max, doubling, jittered.
    reconnect_initial_s: float = 0.1
    reconnect_max_s: float = 10.0

    def __post_init__(self) -> None:
        if self.concurrency < 1:
            raise ValueError("concurrency must be >= 1")
        if self.grace_s < 0:
            raise ValueError("grace_s must be >= 0")

    def reconnect_delay_s(self, failures: int) -> float:
        """The sleep before reconnect number ``failures`` (1-based): half to all of
        the doubled delay, so workers that lost one server do not return in lockstep."""
        full = min(self.reconnect_max_s, self.reconnect_initial_s * 2.0 ** max(0, failures - 1))
        return full / 2 + random.uniform(0, full / 2)

"""Client options: TLS files, reconnect backoff, and gRPC's retry service config."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Final

DEFAULT_TARGET: Final = "127.0.0.1:50051"
DEFAULT_TIMEOUT_S: Final = 30.0

# Calls that are safe to repeat: reads, the long poll, cancel (idempotent by
# contract) and submit (the client always sends a request_id). Pause, resume and
# retry are left out: a repeat after a lost reply would fail with a state error.
_IDEMPOTENT_METHODS: Final = (
    "SubmitJob",
    "GetJob",
    "ListJobs",
    "CancelJob",
    "WaitJob",
    "WatchProgress",
)


@dataclass(frozen=True, kw_only=True)
class TlsConfig:
    """PEM files for a TLS channel; without ``root_ca`` the system roots are used.

    ``client_cert`` and ``client_key`` (both or neither) enable mutual TLS.
    """

    root_ca: Path | None = None
    client_cert: Path | None = None
    client_key: Path | None = None

    def __post_init__(self) -> None:
        if (self.client_cert is None) != (self.client_key is None):
            raise ValueError("client_cert and client_key go together")


@dataclass(frozen=True, kw_only=True)
class ReconnectPolicy:
    """Backoff for the long-lived helpers (``watch`` and ``wait``) after the server
    went away; ``max_attempts`` consecutive failures without progress give up.

    Plain unary calls are not retried here: gRPC's service config does that.
    """

    initial_backoff_s: float = 0.1
    max_backoff_s: float = 5.0
    multiplier: float = 2.0
    jitter: float = 0.2
    max_attempts: int = 10

    def delay_s(self, failures: int) -> float:
        """The sleep before reconnect number ``failures`` (1-based), with jitter."""
        base = min(self.max_backoff_s, self.initial_backoff_s * self.multiplier ** (failures - 1))
        return max(0.0, base * (1 + random.uniform(-self.jitter, self.jitter)))


@dataclass(frozen=True, kw_only=True)
class RetryConfig:
    """gRPC's own retry of UNAVAILABLE on idempotent calls (the channel's service config)."""

    max_attempts: int = 5
    initial_backoff_s: float = 0.1
    max_backoff_s: float = 2.0
    multiplier: float = 2.0

    def service_config(self) -> str:
        """The ``grpc.service_config`` JSON for the channel."""
        policy = {
            "maxAttempts": self.max_attempts,
            "initialBackoff": f"{self.initial_backoff_s}s",
            "maxBackoff": f"{self.max_backoff_s}s",
            "backoffMultiplier": self.multiplier,
            "retryableStatusCodes": ["UNAVAILABLE"],
        }
        names = [{"service": "jobplane.v1.JobService", "method": m} for m in _IDEMPOTENT_METHODS]
        names += [
            {"service": "jobplane.v1.ScheduleService", "method": m}
            for m in ("GetSchedule", "ListSchedules")
        ]
        return json.dumps({"methodConfig": [{"name": names, "retryPolicy": policy}]})

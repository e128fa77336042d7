"""Server configuration: one frozen dataclass; every CLI flag has a JOBPLANE_* variable."""

from __future__ import annotations

import dataclasses
import os

from jobplane.server.auth.config import AuthConfig
from jobplane.server.domain.model import RetryPolicy


def default_concurrency() -> int:
    return 2 * (os.cpu_count() or 1)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class ServerConfig:
    listen: str = "127.0.0.1:50051"
    db: str = "sqlite:///./jobplane.db"
    handler_modules: tuple[str, ...] = ()
    demo_handlers: bool = True
    max_concurrency: int = dataclasses.field(default_factory=default_concurrency)
    #: Per-type concurrency limits on top of the global one (``--pool TYPE=N``).
    pools: tuple[tuple[str, int], ...] = ()
    worker_id: str = ""
    #: How long a cancelled handler may take to stop before its task is cancelled hard.
    cancel_grace_s: float = 5.0
    #: SIGTERM: how long running handlers may take to finish before they are requeued.
    shutdown_grace_s: float = 10.0
    default_timeout_s: float | None = None
    default_max_attempts: int = 3
    default_retry: RetryPolicy = RetryPolicy()
    default_heartbeat_timeout_s: float | None = None
    #: Lease of a running attempt; heartbeats (and the executor's own ticks) renew it.
    lease_s: float = 30.0
    #: Queued/paused jobs older than this expire (None: never).
    queued_ttl_s: float | None = None
    #: Terminal jobs older than this are deleted (None: never).
    retention_s: float | None = None
    #: At most this many terminal jobs are kept (None: no limit).
    max_terminal_jobs: int | None = None
    #: A queued job gains one priority point per this many seconds of waiting.
    priority_aging_s: float | None = 60.0
    max_payload_bytes: int = 256 * 1024
    max_message_bytes: int = 4 * 1024 * 1024
    max_concurrent_streams: int = 10_000
    max_page_size: int = 1000
    default_page_size: int = 50
    #: Per-job events kept in memory for WatchProgress resumes.
    backlog_events: int = 1024
    #: Events a subscriber may have pending before its progress is coalesced.
    subscriber_buffer: int = 256
    #: A subscriber with an event waiting this long for it is behind: its queued
    #: progress is coalesced to the latest (None: only the buffer bound applies).
    watch_max_lag_s: float | None = 0.01
    #: Status events a WatchJobs stream may have pending before it is ended.
    watch_jobs_buffer: int = 10_000
    max_wait_s: float = 60.0
    #: "process": an acknowledged write survives a crash of the process (WAL,
    #: synchronous=NORMAL). "power": it also survives power loss (fsync per commit).
    durability: str = "process"
    log_level: str = "INFO"
    #: HTTP/JSON, Server-Sent Events and the dashboard on HOST:PORT (None: off).
    http_listen: str | None = None
    #: Browser origins allowed to call the HTTP API (CORS); empty: CORS off.
    http_cors_origins: tuple[str, ...] = ()
    #: Authentication, roles, tenants, quotas, TLS, audit (see auth/README.md).
    auth: AuthConfig = AuthConfig()

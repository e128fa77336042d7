"""The API's settings: what a submitted job gets by default, and every request limit."""

from __future__ import annotations

import dataclasses

from jobplane.server.domain.model import RetryPolicy


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class ApiConfig:
    # -- defaults of a submitted job (the request may set each) ----------------
    #: Queued/paused jobs older than this expire (None: never).
    queued_ttl_s: float | None = None
    default_timeout_s: float | None = None
    default_max_attempts: int = 3
    default_retry: RetryPolicy = RetryPolicy()
    default_heartbeat_timeout_s: float | None = None
    # -- limits ----------------------------------------------------------------
    max_payload_bytes: int = 256 * 1024
    max_page_size: int = 1000
    default_page_size: int = 50
    #: The longest WaitJob long poll.
    max_wait_s: float = 60.0

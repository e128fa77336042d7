"""The broker's settings: how much it keeps for resumes and how far a watcher may lag."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class BrokerConfig:
    #: Per-job events kept in memory for WatchProgress resumes.
    backlog_events: int = 1024
    #: Events a subscriber may have pending before its progress is coalesced.
    subscriber_buffer: int = 256
    #: A subscriber with an event waiting this long for it is behind: its queued
    #: progress is coalesced to the latest (None: only the buffer bound applies).
    watch_max_lag_s: float | None = 0.01
    #: Status changes kept in the store's WatchJobs log for resumes by cursor; an
    #: older cursor is OUT_OF_RANGE (CURSOR_EXPIRED).
    event_retention_s: float = 86400.0
    #: How often a WatchJobs stream looks for other replicas' changes (shared store).
    watch_poll_s: float = 0.2

"""The scheduler's settings."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class SchedulerConfig:
    #: Run the scheduler here. Off: this server still serves ScheduleService, and
    #: other replicas (sharing a PostgreSQL store) create the runs.
    enabled: bool = True
    #: Longest sleep between looks (new schedules of other replicas show within it).
    poll_s: float = 1.0
    #: Schedules taken per look; a look that takes a full batch is followed at once.
    batch: int = 500
    #: Runs created at once (they share the job store's group commits).
    parallel: int = 256

"""The runtime's settings: which handlers, how many at once, leases and upkeep."""

from __future__ import annotations

import dataclasses
import os


def default_concurrency() -> int:
    return 2 * (os.cpu_count() or 1)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class RuntimeConfig:
    #: Modules whose ``register(registry)`` adds handlers.
    handler_modules: tuple[str, ...] = ()
    #: Register the ``demo.*`` handlers.
    demo_handlers: bool = True
    #: Job types run by remote workers (WorkerService), accepted though no handler here
    #: runs them (``--job-type``); types workers poll or listen for are added for good.
    job_types: tuple[str, ...] = ()
    max_concurrency: int = dataclasses.field(default_factory=default_concurrency)
    #: Per-type concurrency limits on top of the global one (``--pool TYPE=N``).
    pools: tuple[tuple[str, int], ...] = ()
    #: This replica's name in leases and attempts ("" here: the CLI uses host:pid).
    worker_id: str = ""
    #: How long a cancelled handler may take to stop before its task is cancelled hard.
    cancel_grace_s: float = 5.0
    #: Lease of a running attempt; the server renews it for its own attempts, a remote worker by reporting progress.
    lease_s: float = 30.0
    #: Terminal jobs older than this are deleted (None: never).
    retention_s: float | None = None
    #: At most this many terminal jobs are kept (None: no limit).
    max_terminal_jobs: int | None = None
    #: A queued job gains one priority point per this many seconds of waiting (None: off).
    priority_aging_s: float | None = 60.0

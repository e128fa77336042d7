"""Schedules to and from database rows (both stores; the spec and labels as JSON)."""

from __future__ import annotations

from typing import Any

from jobplane.server.domain.schedule import Overlap, Schedule, Spec
from jobplane.server.store.codec import dumps, loads

#: Column order of the ``schedules`` table (both stores).
COLUMNS = (
    "tenant", "id", "spec", "job", "job_type", "job_labels", "overlap", "catchup_s",
    "paused", "note", "create_time", "update_time", "revision",
    "next_time", "wake_time", "buffered_time", "last_run_time", "last_job_id",
    "run_count", "missed_count", "overlap_skip_count",
)  # fmt: skip
#: What a caller's change writes: the configuration and, re-planned, the cursor's position.
CONFIG = (
    "spec", "job", "job_type", "job_labels", "overlap", "catchup_s", "paused", "note",
    "update_time", "revision", "next_time", "wake_time", "buffered_time",
)  # fmt: skip
#: What the scheduler writes: the cursor only, and only under the revision it read.
CURSOR = (
    "next_time", "wake_time", "buffered_time", "last_run_time", "last_job_id",
    "run_count", "missed_count", "overlap_skip_count",
)  # fmt: skip


def _spec_json(s: Spec) -> str:
    return dumps(
        {
            "cron": s.cron,
            "interval_s": s.interval_s,
            "time_zone": s.time_zone,
            "jitter_s": s.jitter_s,
            "start_time": s.start_time,
            "end_time": s.end_time,
        }
    )


def to_row(s: Schedule) -> tuple[Any, ...]:
    values = {
        "tenant": s.tenant,
        "id": s.id,
        "spec": _spec_json(s.spec),
        "job": s.job,
        "job_type": s.job_type,
        "job_labels": dumps(dict(s.job_labels)),
        "overlap": int(s.overlap),
        "catchup_s": s.catchup_s,
        "paused": s.paused,
        "note": s.note,
        "create_time": s.create_time,
        "update_time": s.update_time,
        "revision": s.revision,
        "next_time": s.next_time,
        "wake_time": s.wake_time,
        "buffered_time": s.buffered_time,
        "last_run_time": s.last_run_time,
        "last_job_id": s.last_job_id,
        "run_count": s.run_count,
        "missed_count": s.missed_count,
        "overlap_skip_count": s.overlap_skip_count,
    }
    return tuple(values[c] for c in COLUMNS)


def values(s: Schedule, columns: tuple[str, ...]) -> tuple[Any, ...]:
    """The values of ``columns`` of ``s``'s row, in that order."""
    row = dict(zip(COLUMNS, to_row(s), strict=True))
    return tuple(row[c] for c in columns)


def from_row(row: Any) -> Schedule:
    r = dict(zip(COLUMNS, tuple(row), strict=True))
    return Schedule(
        tenant=r["tenant"],
        id=r["id"],
        spec=Spec(**loads(r["spec"])),
        job=bytes(r["job"]),
        job_type=r["job_type"],
        job_labels=loads(r["job_labels"]),
        overlap=Overlap(r["overlap"]),
        catchup_s=r["catchup_s"],
        paused=bool(r["paused"]),
        note=r["note"],
        create_time=r["create_time"],
        update_time=r["update_time"],
        revision=r["revision"],
        next_time=r["next_time"],
        wake_time=r["wake_time"],
        buffered_time=r["buffered_time"],
        last_run_time=r["last_run_time"],
        last_job_id=r["last_job_id"],
        run_count=r["run_count"],
        missed_count=r["missed_count"],
        overlap_skip_count=r["overlap_skip_count"],
    )

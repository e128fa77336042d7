"""Jobs and events to and from database rows (JSON for the nested parts)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import orjson
from jobplane.server.domain.model import (
    Attempt,
    Event,
    EventKind,
    Job,
    JobError,
    JobStatus,
    Progress,
    RetryPolicy,
)

#: Column order of the ``jobs`` table (both stores).
COLUMNS = (
    "id", "tenant", "type", "status", "priority", "eff_priority", "ready_time",
    "create_time", "update_time", "end_time", "attempt", "max_attempts",
    "request_id", "sequence", "lease_owner", "lease_expire", "expire_time",
    "labels", "progress", "data",
)  # fmt: skip


def dumps(value: Any) -> str:
    """Compact JSON text. orjson: ~15x faster than the stdlib encoder on a job row,
    which the store writes three times per job."""
    return orjson.dumps(value).decode()


loads = orjson.loads


def progress_to_json(p: Progress) -> dict[str, Any]:
    return {"c": p.current, "t": p.total, "m": p.message, "d": p.details, "u": p.update_time}


def progress_from_json(d: dict[str, Any] | None) -> Progress:
    if not d:
        return Progress()
    return Progress(
        current=d["c"], total=d["t"], message=d["m"], details=d["d"], update_time=d["u"]
    )


def error_to_json(e: JobError | None) -> dict[str, Any] | None:
    if e is None:
        return None
    return {"code": e.code, "reason": e.reason, "message": e.message, "details": e.details}


def error_from_json(d: dict[str, Any] | None) -> JobError | None:
    return None if d is None else JobError(**d)


def _attempt_to_json(a: Attempt) -> dict[str, Any]:
    return {
        "n": a.number, "s": a.start_time, "e": a.end_time, "o": int(a.outcome),
        "err": error_to_json(a.error), "w": a.worker,
    }  # fmt: skip


def _attempt_from_json(d: dict[str, Any]) -> Attempt:
    return Attempt(
        number=d["n"], start_time=d["s"], end_time=d["e"], outcome=JobStatus(d["o"]),
        error=error_from_json(d["err"]), worker=d["w"],
    )  # fmt: skip


def ready_time(job: Job) -> float:
    """When the job is next due: scheduled start (QUEUED) or next attempt (RETRYING)."""
    if job.status is JobStatus.RETRYING:
        return job.next_attempt_time or 0.0
    return job.schedule_time or 0.0


def to_row(job: Job, eff_priority: int | None = None) -> tuple[Any, ...]:
    r = job.retry
    data = {
        "payload": job.payload,
        "output": job.output,
        "error": error_to_json(job.error),
        "start_time": job.start_time,
        "request_hash": job.request_hash,
        "timeout_s": job.timeout_s,
        "retry": [r.initial_backoff_s, r.max_backoff_s, r.multiplier, r.jitter,
                  list(r.non_retryable_reasons)],
        "schedule_time": job.schedule_time,
        "next_attempt_time": job.next_attempt_time,
        "heartbeat_timeout_s": job.heartbeat_timeout_s,
        "cancel_reason": job.cancel_reason,
        "attempts": [_attempt_to_json(a) for a in job.attempts],
        "checkpoint": job.checkpoint,
    }  # fmt: skip
    return (
        job.id, job.tenant, job.type, int(job.status), job.priority,
        job.priority if eff_priority is None else eff_priority, ready_time(job),
        job.create_time, job.update_time, job.end_time, job.attempt, job.max_attempts,
        job.request_id or None, job.sequence, job.lease_owner, job.lease_expire_time,
        job.expire_time, dumps(dict(job.labels)), dumps(progress_to_json(job.progress)),
        dumps(data),
    )  # fmt: skip


def from_row(row: Any) -> Job:
    """Build a Job from a row in COLUMNS order (a tuple, sqlite3.Row or asyncpg Record)."""
    (id_, tenant, type_, status, priority, _eff, _ready, create_time, update_time, end_time,
     attempt, max_attempts, request_id, sequence, lease_owner, lease_expire, expire_time,
     labels, progress, data) = tuple(row)  # fmt: skip
    d = loads(data)
    retry = d["retry"]
    return Job(
        id=id_, tenant=tenant, type=type_, status=JobStatus(status), priority=priority,
        payload=d["payload"], labels=loads(labels),
        progress=progress_from_json(loads(progress) if progress else None),
        output=d["output"], error=error_from_json(d["error"]), attempt=attempt,
        max_attempts=max_attempts, create_time=create_time, start_time=d["start_time"],
        end_time=end_time, update_time=update_time, request_id=request_id or "",
        request_hash=d["request_hash"], sequence=sequence, timeout_s=d["timeout_s"],
        retry=RetryPolicy(initial_backoff_s=retry[0], max_backoff_s=retry[1],
                          multiplier=retry[2], jitter=retry[3],
                          non_retryable_reasons=tuple(retry[4])),
        schedule_time=d["schedule_time"], next_attempt_time=d["next_attempt_time"],
        heartbeat_timeout_s=d["heartbeat_timeout_s"], expire_time=expire_time,
        cancel_reason=d["cancel_reason"],
        attempts=tuple(_attempt_from_json(a) for a in d["attempts"]),
        checkpoint=d["checkpoint"], lease_owner=lease_owner, lease_expire_time=lease_expire,
    )  # fmt: skip


def event_to_json(e: Event) -> str:
    return dumps({
        "k": int(e.kind), "s": int(e.status), "p": progress_to_json(e.progress), "a": e.attempt,
        "t": e.time, "o": e.output, "err": error_to_json(e.error),
    })  # fmt: skip


def event_from_json(job_id: str, seq: int, text: str) -> Event:
    d = loads(text)
    return Event(
        job_id=job_id, sequence=seq, kind=EventKind(d["k"]), status=JobStatus(d["s"]),
        progress=progress_from_json(d["p"]), attempt=d["a"], time=d["t"], output=d["o"],
        error=error_from_json(d["err"]),
    )  # fmt: skip


# -- the WatchJobs log ---------------------------------------------------------------

#: One log row to write: (job id, sequence, event JSON, job JSON).
LogRow = tuple[str, int, str, str]


def log_rows(row: tuple[Any, ...], events: Sequence[Event]) -> list[LogRow]:
    """The log rows of a job written as ``row`` (:func:`to_row`) with ``events``:
    one per status (or DELETED) event, each with the job after the whole change."""
    job = dumps(list(row))
    logged = (EventKind.STATUS, EventKind.DELETED)
    return [(e.job_id, e.sequence, event_to_json(e), job) for e in events if e.kind in logged]


def log_entry(position: int, job_id: str, seq: int, event: str, job: str) -> tuple[int, Event]:
    """A log row read back: (position, the status event carrying its job)."""
    e = event_from_json(job_id, seq, event)
    return position, dataclasses.replace(e, job=from_row(loads(job)))

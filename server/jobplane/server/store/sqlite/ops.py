"""The SQLite store's writes, each run by the writer thread inside its own SAVEPOINT
of a group commit (see :mod:`.writer`). ``known`` is the writer's decoded-row cache:
every function here that changes a row either writes it through :func:`save` /
:func:`insert` (which keep it) or drops it."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from typing import Any

from jobplane.server.domain import lifecycle
from jobplane.server.domain.model import (
    Change,
    Event,
    Job,
    JobStatus,
    JsonDict,
    Progress,
    deleted_event,
    progress_event,
    status_event,
)
from jobplane.server.store import codec
from jobplane.server.store.base import EVICT_BATCH, Claim, Existing, Rule
from jobplane.server.store.sqlite.known import Known
from jobplane.server.store.sqlite.sql import MUTABLE, Q


def find_request(conn: sqlite3.Connection, job: Job) -> Job | None:
    """The job already holding ``job``'s (tenant, request_id), if any."""
    row = conn.execute(Q["find_request"], (job.tenant, job.request_id)).fetchone()
    return None if row is None else codec.from_row(row)


def insert(conn: sqlite3.Connection, known: Known, job: Job, events: Sequence[Event]) -> None:
    row = codec.to_row(job)
    conn.execute(Q["insert"], row)
    insert_events(conn, events)
    log(conn, row, events)
    known.put(job, row)


def save(conn: sqlite3.Connection, known: Known, change: Change) -> None:
    row = codec.to_row(change.job)
    conn.execute(Q["save"], (*[row[i] for i in MUTABLE], row[0]))
    insert_events(conn, change.events)
    log(conn, row, change.events)
    known.put(change.job, row)


def log(conn: sqlite3.Connection, row: tuple[Any, ...], events: Sequence[Event]) -> None:
    """Append the status events to the WatchJobs log (positions in commit order:
    one writer)."""
    now = time.time()
    conn.executemany(Q["log_insert"], [(now, *r) for r in codec.log_rows(row, events)])


def insert_events(conn: sqlite3.Connection, events: Sequence[Event]) -> None:
    conn.executemany(
        Q["insert_event"], [(e.job_id, e.sequence, codec.event_to_json(e)) for e in events]
    )


def submit(
    conn: sqlite3.Connection, known: Known, job: Job, claim: Claim | None
) -> tuple[Job, bool, list[Change]]:
    """Insert ``job`` (or find the one holding its request id), then claim."""
    if job.request_id:
        existing = find_request(conn, job)
        if existing is not None:
            return existing, False, take(conn, known, claim)
    if (
        claim is None
        or claim.limit != 1
        or job.status is not JobStatus.QUEUED
        or job.ready_time > claim.now
    ):
        insert(conn, known, job, (status_event(job),))
        return job, True, take(conn, known, claim)
    # A claim of one right after the insert takes the first ready job in claim order
    # whose pool has room: one queued ahead of ``job``, else ``job``.
    p, t = job.priority, job.create_time
    if claim.filtered:
        types, tenant = claim.filter_args()
        named = dict(now=claim.now, p=p, t=t, id=job.id, types=types, tenant=tenant)
        rows = conn.execute(Q["ahead_for"], {**named, "limit": claim.fetch_limit}).fetchall()
    else:
        args = (claim.now, p, p, t, t, job.id, claim.fetch_limit)
        rows = conn.execute(Q["ahead"], args).fetchall()
    ahead = known.many(conn, rows)
    if len(ahead) < claim.fetch_limit:
        ahead.append(job)
    out = claim.take(ahead)
    if out and out[0].job.id == job.id:
        # ``job`` itself starts: one row, written RUNNING, with both events.
        insert(conn, known, out[0].job, (status_event(job), *out[0].events))
        return job, True, out
    insert(conn, known, job, (status_event(job),))
    for change in out:
        save(conn, known, change)
    return job, True, out


def submit_many(
    conn: sqlite3.Connection, known: Known, jobs: Sequence[Job], existing: Existing | None
) -> list[tuple[Job, bool]]:
    """Insert ``jobs`` (see Store.submit_many). A job with a request id is inserted at
    once, so a later one of the batch with the same id finds it; the rest go in one
    ``executemany`` each for rows and events."""
    out: list[tuple[Job, bool]] = []
    rows: list[tuple[Any, ...]] = []
    fresh: list[Job] = []
    for i, job in enumerate(jobs):
        if job.request_id:
            found = find_request(conn, job)
            if found is not None:
                if existing is not None:
                    existing(i, job, found)
                out.append((found, False))
                continue
            insert(conn, known, job, (status_event(job),))
        else:
            rows.append(codec.to_row(job))
            fresh.append(job)
        out.append((job, True))
    if rows:
        conn.executemany(Q["insert"], rows)
        insert_events(conn, [status_event(job) for job in fresh])
        for job, row in zip(fresh, rows, strict=True):
            known.put(job, row)
    return out


def delete_terminal(conn: sqlite3.Connection, known: Known, job_ids: Sequence[str]) -> list[Job]:
    gone: list[Job] = []
    for job_id in job_ids:
        known.drop(job_id)
        row = conn.execute(Q["delete_terminal"], (job_id,)).fetchone()
        if row is not None:
            gone.append(codec.from_row(row))
    conn.executemany(Q["delete_events"], [(job.id,) for job in gone])
    now = time.time()
    for job in gone:  # WatchJobs hears of the delete, in the same commit
        log(conn, codec.to_row(job), [deleted_event(job, now)])
    return gone


def update(conn: sqlite3.Connection, known: Known, job_id: str, rule: Rule) -> Change | None:
    job = known.get(conn, job_id)
    if job is None:
        return None
    change = rule(job)
    if change.events:
        save(conn, known, change)
    return change


def take(conn: sqlite3.Connection, known: Known, claim: Claim | None) -> list[Change]:
    """Start what ``claim`` may take of the ready jobs (nothing for None)."""
    if claim is None:
        return []
    if claim.filtered:
        types, tenant = claim.filter_args()
        named = dict(now=claim.now, types=types, tenant=tenant, limit=claim.fetch_limit)
        rows = conn.execute(Q["claim_for"], named).fetchall()
    else:
        rows = conn.execute(Q["claim"], (claim.now, claim.fetch_limit)).fetchall()
    out = claim.take(known.many(conn, rows))
    for change in out:
        save(conn, known, change)
    return out


def progress(
    conn: sqlite3.Connection, known: Known, job_id: str, attempt: int, p: Progress
) -> Event | None:
    known.drop(job_id)
    text = codec.dumps(codec.progress_to_json(p))
    row = conn.execute(Q["progress"], (text, p.update_time, job_id, attempt)).fetchone()
    return None if row is None else progress_event(job_id, row[0], attempt, p)


def checkpoint(
    conn: sqlite3.Connection, known: Known, job_id: str, attempt: int, data: JsonDict
) -> bool:
    known.drop(job_id)
    return conn.execute(Q["checkpoint"], (codec.dumps(data), job_id, attempt)).rowcount == 1


def due(conn: sqlite3.Connection, known: Known, now: float) -> list[Change]:
    out = [
        lifecycle.requeue(codec.from_row(row), now)
        for row in conn.execute(Q["due_retry"], (now,)).fetchall()
    ]
    out += [
        lifecycle.expire(codec.from_row(row), now)
        for row in conn.execute(Q["due_expire"], (now,)).fetchall()
    ]
    for change in out:
        save(conn, known, change)
    return out


def rescue(
    conn: sqlite3.Connection, known: Known, now: float, owner: str | None, rule: Rule
) -> list[Change]:
    if owner is None:
        rows = conn.execute(Q["rescue_all"]).fetchall()
    else:
        rows = conn.execute(Q["rescue"], (owner, now)).fetchall()
    out: list[Change] = []
    for row in rows:
        change = rule(codec.from_row(row))
        if change.events:
            save(conn, known, change)
            out.append(change)
    return out


def renew(
    conn: sqlite3.Connection,
    known: Known,
    job_ids: Sequence[tuple[str, int]],
    owner: str,
    until: float,
) -> None:
    for job_id, _ in job_ids:
        known.drop(job_id)
    conn.executemany(Q["renew"], [(until, i, a, owner) for i, a in job_ids])


def evict(
    conn: sqlite3.Connection,
    known: Known,
    now: float,
    retention_s: float | None,
    max_terminal: int | None,
) -> int:
    removed = 0
    if retention_s is not None:
        removed += delete(
            conn, known, conn.execute(Q["evict_old"], (now - retention_s, EVICT_BATCH))
        )
    if max_terminal is not None:
        (n,) = conn.execute(Q["count_terminal"]).fetchone()
        if n > max_terminal:
            extra = min(n - max_terminal, EVICT_BATCH)
            removed += delete(conn, known, conn.execute(Q["evict_oldest"], (extra,)))
    return removed


def delete(conn: sqlite3.Connection, known: Known, rows: Any) -> int:
    """Delete the jobs (and their events) whose ids are the one column of ``rows``."""
    ids = [(r[0],) for r in rows]
    for (job_id,) in ids:
        known.drop(job_id)
    conn.executemany(Q["delete_events"], ids)
    conn.executemany(Q["delete_job"], ids)
    return len(ids)


def age(conn: sqlite3.Connection, now: float, aging_s: float) -> None:
    conn.execute(Q["age"], (now, aging_s, now - aging_s))

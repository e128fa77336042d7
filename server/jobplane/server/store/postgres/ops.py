"""The PostgreSQL store's writes that several operations share, each run inside a
group-committed transaction (:mod:`.commit`) on ``conn``, noting what it wrote in
``batch`` so the other replicas hear of it once the transaction commits."""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg
from jobplane.server.domain.model import (
    Change,
    Event,
    Job,
    JobStatus,
    Progress,
    progress_event,
    status_event,
)
from jobplane.server.store import codec
from jobplane.server.store.base import Claim, Existing, Rule
from jobplane.server.store.postgres.commit import Batch
from jobplane.server.store.postgres.sql import Q


async def insert(conn: asyncpg.Connection, batch: Batch, job: Job) -> tuple[Job, bool]:
    """Insert ``job`` with its first event, or find the job holding its request id."""
    event = status_event(job)
    row = codec.to_row(job)
    created = await conn.fetchval(Q["insert"], *row, event.sequence, codec.event_to_json(event))
    if created is not None:
        batch.note(job)
        batch.log(row, (event,))
        return job, True
    if job.request_id:
        found = await conn.fetchrow(Q["find_request"], job.tenant, job.request_id)
    else:  # our own insert, committed before a retry of this batch
        found = await conn.fetchrow(Q["get"], job.id)
    if found is None:
        raise RuntimeError(f"insert of job {job.id} conflicted with a row that vanished")
    stored = codec.from_row(found)
    return stored, not job.request_id


async def insert_many(
    conn: asyncpg.Connection, batch: Batch, jobs: Sequence[Job], existing: Existing | None
) -> list[tuple[Job, bool]]:
    """Insert ``jobs`` in order (see Store.submit_many) inside a savepoint, so an
    exception from ``existing`` undoes the ones already inserted and nothing else of
    the group commit."""
    out: list[tuple[Job, bool]] = []
    notes = Batch()
    async with conn.transaction():
        for i, job in enumerate(jobs):
            stored, created = await insert(conn, notes, job)
            if not created and existing is not None:
                existing(i, job, stored)
            out.append((stored, created))
    batch.notices.update(notes.notices)
    return out


async def update(conn: asyncpg.Connection, batch: Batch, job_id: str, rule: Rule) -> Change | None:
    row = await conn.fetchrow(Q["get_for_update"], job_id)
    if row is None:
        return None
    change = rule(codec.from_row(row))
    if change.events:
        await save(conn, batch, [change])
    return change


async def take(conn: asyncpg.Connection, batch: Batch, claim: Claim | None) -> list[Change]:
    """Start what ``claim`` may take of the ready jobs (nothing for None)."""
    if claim is None:
        return []
    if claim.filtered:
        types = None if claim.types is None else sorted(claim.types)
        query = (Q["claim_for"], claim.now, claim.fetch_limit, types, claim.tenant)
        rows = await conn.fetch(*query)
    else:
        rows = await conn.fetch(Q["claim"], claim.now, claim.fetch_limit)
    out = claim.take(codec.from_row(row) for row in rows)
    await save(conn, batch, out)
    return out


async def save(conn: asyncpg.Connection, batch: Batch, changes: Sequence[Change]) -> None:
    """Write each change's row and its status events in one statement per job."""
    if not changes:
        return
    args = []
    for change in changes:
        row = codec.to_row(change.job)
        seqs = [e.sequence for e in change.events]
        data = [codec.event_to_json(e) for e in change.events]
        args.append((*row, seqs, data))
        batch.note(change.job)
        batch.log(row, change.events)
    if len(args) == 1:
        await conn.execute(Q["save"], *args[0])
    else:
        await conn.executemany(Q["save"], args)


async def progress(
    conn: asyncpg.Connection, batch: Batch, job_id: str, attempt: int, p: Progress
) -> Event | None:
    """Record a running attempt's progress, fenced by (RUNNING, attempt)."""
    text = codec.dumps(codec.progress_to_json(p))
    seq = await conn.fetchval(Q["progress"], text, p.update_time or 0.0, job_id, attempt)
    if seq is None:
        return None
    batch.note_raw(job_id, seq, JobStatus.RUNNING, attempt)
    return progress_event(job_id, seq, attempt, p)

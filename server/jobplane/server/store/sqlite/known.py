"""The SQLite writer's decoded-row cache."""

from __future__ import annotations

import sqlite3
from typing import Any

from jobplane.server.domain.model import TERMINAL, Job
from jobplane.server.store import codec
from jobplane.server.store.sqlite.sql import Q

#: Rows the writer keeps decoded: at most this many, each of at most KNOWN_ROW_CHARS
#: characters of JSON (a few MB in all).
MAX_KNOWN = 4096
KNOWN_ROW_CHARS = 2048
_DATA = codec.COLUMNS.index("data")


class Known:
    """The writer thread's decoded copy of the live rows it wrote (id -> Job exactly as
    stored), so a claim or an update of a job it wrote skips reading and decoding the
    row. Every write of a row goes through :meth:`put`; a statement that changes a row
    otherwise (progress, checkpoint, renew, delete) drops it; a rolled-back operation,
    or a commit by another connection, clears everything."""

    def __init__(self) -> None:
        self.jobs: dict[str, Job] = {}

    def put(self, job: Job, row: tuple[Any, ...]) -> None:
        """``job`` was written as ``row``."""
        if job.status in TERMINAL or len(row[_DATA]) > KNOWN_ROW_CHARS:
            self.jobs.pop(job.id, None)  # (a finished job is rarely written again)
        elif len(self.jobs) < MAX_KNOWN or job.id in self.jobs:
            self.jobs[job.id] = job

    def drop(self, job_id: str) -> None:
        self.jobs.pop(job_id, None)

    def clear(self) -> None:
        self.jobs.clear()

    def get(self, conn: sqlite3.Connection, job_id: str) -> Job | None:
        """The current row of ``job_id`` (None if there is none)."""
        job = self.jobs.get(job_id)
        if job is not None:
            return job
        row = conn.execute(Q["get"], (job_id,)).fetchone()
        return None if row is None else codec.from_row(row)

    def many(self, conn: sqlite3.Connection, ids: list[Any]) -> list[Job]:
        """The current rows of ``ids`` (rows of one column, the id), in that order."""
        out: list[Job] = []
        for (job_id,) in ids:
            job = self.get(conn, job_id)
            if job is not None:
                out.append(job)
        return out

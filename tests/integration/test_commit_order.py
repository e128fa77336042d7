"""A status change is committed before anyone hears of it: a watcher, a WaitJob answer,
a CancelJob answer. Each is checked the moment it is heard, against the SQLite file
read through a connection of our own (what another process, or the server after a
crash, would find)."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import grpc
from google.protobuf import duration_pb2
from jobplane.server.domain.model import EventKind, JobStatus
from jobplane.v1 import job_pb2 as pb
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from ..conftest import StartServer
from .helpers import submit

JOBS = 60


class Disk:
    """The committed state, read outside the server (autocommit: each read sees the
    latest commit, nothing uncommitted)."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)

    def has_event(self, job_id: str, seq: int) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM events WHERE job_id = ? AND seq = ?", (job_id, seq)
        ).fetchone()
        return row is not None

    def status(self, job_id: str) -> int:
        row = self.conn.execute("SELECT status FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return int(row[0])


async def test_status_changes_are_committed_before_they_are_heard(
    start_server: StartServer, tmp_path: Path
) -> None:
    db = tmp_path / "jobs.db"
    running = await start_server(db=f"sqlite:///{db}", durability="power", max_concurrency=8)
    disk = Disk(db)
    heard: list[tuple[str, int]] = []
    early: list[tuple[str, int, str]] = []
    firehose = running.broker.subscribe_all(lambda job: True)

    async def listen() -> None:
        while True:
            ev = await firehose.get()
            # no await between hearing it and looking: the server cannot commit meanwhile
            if ev.kind is EventKind.STATUS and not disk.has_event(ev.job_id, ev.sequence):
                early.append((ev.job_id, ev.sequence, ev.status.name))
            heard.append((ev.job_id, ev.sequence))

    listener = asyncio.create_task(listen())
    try:
        async with grpc.aio.insecure_channel(running.target) as channel:
            stub = svc_grpc.JobServiceStub(channel)
            jobs = [
                await submit(stub, "demo.sleep", {"seconds": 0.01 * (i % 4), "steps": 1})
                for i in range(JOBS)
            ]
            for job in jobs[::3]:  # some cancels race the runs
                try:
                    answer = (await stub.CancelJob(svc.CancelJobRequest(job_id=job.id))).job
                except grpc.aio.AioRpcError as exc:
                    assert exc.code() == grpc.StatusCode.FAILED_PRECONDITION
                else:
                    assert disk.status(job.id) == JobStatus.CANCELED == answer.status
            for job in jobs:
                req = svc.WaitJobRequest(job_id=job.id, timeout=duration_pb2.Duration(seconds=20))
                done = (await stub.WaitJob(req)).job
                assert done.status in (pb.JOB_STATUS_SUCCEEDED, pb.JOB_STATUS_CANCELED)
                assert disk.status(job.id) == done.status, "WaitJob answered before the commit"
    finally:
        listener.cancel()
        running.broker.unsubscribe_all(firehose)
        disk.conn.close()
    assert not early, f"heard before committed: {early[:5]}"
    assert len({job_id for job_id, _ in heard}) == JOBS, "the watcher heard every job"

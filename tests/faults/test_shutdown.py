"""Case 8: graceful shutdown (SIGTERM) with live streams and in-flight calls."""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import duration_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from jobplane.server.domain.model import EventKind, JobStatus
from jobplane.server.store import open_store
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from ..support import ServerProcess, record_timing
from ._support import error_reason, get_jobs, submit_request

GRACE_S = 1.0


def _resume_hint(exc: grpc.aio.AioRpcError) -> int | None:
    from google.rpc import error_details_pb2, status_pb2

    for key, value in exc.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            for detail in status_pb2.Status.FromString(value).details:
                info = error_details_pb2.ErrorInfo()
                if detail.Unpack(info) and "after_sequence" in info.metadata:
                    return int(info.metadata["after_sequence"])
    return None


async def _watch(stub: svc_grpc.JobServiceAsyncStub, job_id: str) -> tuple[str, Any, int]:
    """Read to the end: ('ok', last status, last sequence) or ('error', exc, last sequence)."""
    last_seq, last_status = 0, 0
    call = stub.WatchProgress(svc.WatchProgressRequest(job_id=job_id), timeout=60)
    try:
        async for ev in call:
            last_seq, last_status = ev.sequence, ev.status
    except grpc.aio.AioRpcError as exc:
        return "error", exc, last_seq
    return "ok", last_status, last_seq


def _sigterm_and_wait(srv: ServerProcess) -> tuple[int, float]:
    """SIGTERM, then (exit code, seconds until the process was gone)."""
    assert srv.proc is not None
    t0 = time.monotonic()
    srv.proc.send_signal(signal.SIGTERM)
    code = srv.proc.wait(15)
    return code, time.monotonic() - t0


async def _wait(stub: svc_grpc.JobServiceAsyncStub, job_id: str) -> svc.WaitJobResponse:
    req = svc.WaitJobRequest(job_id=job_id, timeout=duration_pb2.Duration(seconds=30))
    return await stub.WaitJob(req, timeout=40)


async def _until_rerun(stub: svc_grpc.JobServiceAsyncStub, job_id: str) -> dict[str, Any]:
    """Poll (10 s at most) until the released job runs again as attempt 2."""
    for _ in range(200):
        jobs = await get_jobs(stub, [job_id])
        if jobs[job_id].status == JobStatus.RUNNING and jobs[job_id].attempt == 2:
            break
        await asyncio.sleep(0.05)
    return dict(jobs)


async def _durable_statuses(db: Path, job_id: str, after: int) -> list[tuple[int, JobStatus]]:
    """The job's status changes after ``after`` as the store file holds them."""
    store = open_store(f"sqlite:///{db}")
    await store.open()
    try:
        events = await store.events_after(job_id, after) or []
    finally:
        await store.close()
    return [(e.sequence, e.status) for e in events if e.kind is EventKind.STATUS]


async def _resume(
    stub: svc_grpc.JobServiceAsyncStub, job_id: str, after: int, statuses: int
) -> list[svc.WatchProgressResponse]:
    """Watch from ``after`` until ``statuses`` status events came (10 s at most)."""
    call = stub.WatchProgress(svc.WatchProgressRequest(job_id=job_id, after_sequence=after),
                              timeout=10)  # fmt: skip
    got: list[svc.WatchProgressResponse] = []
    try:
        async for ev in call:
            got.append(ev)
            if sum(e.kind == svc.WATCH_EVENT_KIND_STATUS for e in got) >= statuses:
                break
    finally:
        call.cancel()
    return got


async def test_sigterm_drains_calls_streams_and_jobs(tmp_path: Path) -> None:
    """Injects: SIGTERM (grace 1 s) while a short job (0.5 s) and a long job (60 s) run, 6
    WatchProgress streams and 2 WaitJob long polls are open. Asserts: new calls are
    refused UNAVAILABLE at once; both in-flight WaitJob calls finish OK; every stream ends
    OK after a terminal event or UNAVAILABLE (reason SHUTTING_DOWN) with an after_sequence
    resume hint; the process exits 0 (how soon within the grace is a bench figure); after a restart the short
    job SUCCEEDED, the long one was released (attempt ended JOB_RELEASED) and requeued,
    and a watch resumed from the hint on the restarted server gets every status change
    after it that the store file holds (QUEUED on release, RUNNING again), in order."""
    args = ("--shutdown-grace", f"{GRACE_S}s", "--cancel-grace", "0.5s", "--log-level", "WARNING")
    srv = ServerProcess(db=f"sqlite:///{tmp_path / 'jobs.db'}", args=args).start()
    try:
        async with grpc.aio.insecure_channel(srv.target) as channel:
            stub = svc_grpc.JobServiceStub(channel)
            short = (
                await stub.SubmitJob(submit_request("demo.sleep", {"seconds": 0.5, "steps": 10}))
            ).job
            long = (
                await stub.SubmitJob(submit_request("demo.sleep", {"seconds": 60, "steps": 600}))
            ).job
            watches = [
                asyncio.create_task(_watch(stub, j.id)) for j in (short, long) for _ in range(3)
            ]
            waits = [asyncio.create_task(_wait(stub, j.id)) for j in (short, long)]
            await asyncio.sleep(0.3)
            assert srv.proc is not None
            exited = asyncio.create_task(asyncio.to_thread(_sigterm_and_wait, srv))
            await asyncio.sleep(0.2)
            async with grpc.aio.insecure_channel(srv.target) as fresh:
                try:
                    await svc_grpc.JobServiceStub(fresh).GetJob(
                        svc.GetJobRequest(job_id=short.id), timeout=2
                    )
                    raise AssertionError("a new call was accepted while draining")
                except grpc.aio.AioRpcError as exc:
                    assert exc.code() == grpc.StatusCode.UNAVAILABLE, exc
            code, took = await exited
            waited = await asyncio.gather(*waits, return_exceptions=True)
            watched = await asyncio.gather(*watches)
            assert code == 0, code
            # bounded, not timed: the figure against the grace is a bench figure
            assert took < GRACE_S + 10, took
            record_timing("sigterm_exit_s", took, "s", GRACE_S + 0.5,
                          f"SIGTERM to exit with 2 running jobs and 8 open calls, grace {GRACE_S}s")  # fmt: skip
            for w in waited:
                assert isinstance(w, svc.WaitJobResponse), w
            hints = {}
            for (kind, value, last), job_id in zip(
                watched, [short.id] * 3 + [long.id] * 3, strict=True
            ):
                if kind == "ok":
                    assert value in (JobStatus.SUCCEEDED,), value
                    continue
                assert value.code() == grpc.StatusCode.UNAVAILABLE, value
                assert error_reason(value) == "SHUTTING_DOWN"
                hint = _resume_hint(value)
                assert hint is not None and hint >= last, (hint, last)
                hints[job_id] = hint
            await asyncio.to_thread(srv.restart)
            assert long.id in hints, "the long job's watchers got no resume hint"
            jobs = await _until_rerun(stub, long.id)
            jobs.update(await get_jobs(stub, [short.id]))
            durable = await _durable_statuses(tmp_path / "jobs.db", long.id, hints[long.id])
            resumed = await _resume(stub, long.id, hints[long.id], len(durable))
    finally:
        srv.kill9()
    assert JobStatus(jobs[short.id].status) == JobStatus.SUCCEEDED, jobs[short.id]
    assert jobs[long.id].attempts[0].error.reason == "JOB_RELEASED", jobs[long.id]
    assert JobStatus(jobs[long.id].status) is JobStatus.RUNNING and jobs[long.id].attempt == 2
    # Every status change after the hint (released to QUEUED, then RUNNING again on the
    # restarted server) reaches the resumed watch, in order, with its durable sequence.
    assert [s for _, s in durable][:2] == [JobStatus.QUEUED, JobStatus.RUNNING], durable
    statuses = [(ev.sequence, JobStatus(ev.status)) for ev in resumed
                if ev.kind == svc.WATCH_EVENT_KIND_STATUS]  # fmt: skip
    assert statuses == durable, (statuses, durable)
    assert all(ev.sequence > hints[long.id] for ev in resumed)


async def test_health_reports_not_serving_while_draining(tmp_path: Path) -> None:
    """Injects: SIGTERM with a health Watch stream open. Asserts: the health stream sees
    NOT_SERVING (as its last status) before the process exits 0."""
    args = ("--shutdown-grace", "1s", "--log-level", "WARNING")
    srv = ServerProcess(db=f"sqlite:///{tmp_path / 'jobs.db'}", args=args).start()
    try:
        async with grpc.aio.insecure_channel(srv.target) as channel:
            health = health_pb2_grpc.HealthStub(channel)
            call = health.Watch(health_pb2.HealthCheckRequest(service=""), timeout=10)
            first = await call.read()
            assert first.status == health_pb2.HealthCheckResponse.SERVING
            assert srv.proc is not None
            srv.proc.send_signal(signal.SIGTERM)
            seen = []
            try:
                for _ in range(10):
                    msg = await call.read()
                    if msg is grpc.aio.EOF:
                        break
                    seen.append(msg.status)
            except grpc.aio.AioRpcError:
                pass
            assert await asyncio.to_thread(srv.proc.wait, 10) == 0
    finally:
        srv.kill9()
    assert seen and seen[-1] == health_pb2.HealthCheckResponse.NOT_SERVING, seen

"""Helpers shared by the fault cases: messages, polling, histories, process stats."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable, Sequence
from typing import Any

import grpc
import psutil  # type: ignore[import-untyped]
from google.protobuf import struct_pb2
from jobplane.server.domain.model import TERMINAL, TRANSITIONS, JobStatus
from jobplane.v1 import job_pb2 as pb
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

HANDLERS = "tests.faults.handlers"
TERMINAL_PB = frozenset(int(s) for s in TERMINAL)
#: Codes a well-behaved server may answer; UNKNOWN and INTERNAL are never acceptable.
DOCUMENTED = frozenset(
    {
        grpc.StatusCode.OK,
        grpc.StatusCode.INVALID_ARGUMENT,
        grpc.StatusCode.NOT_FOUND,
        grpc.StatusCode.ALREADY_EXISTS,
        grpc.StatusCode.FAILED_PRECONDITION,
        grpc.StatusCode.OUT_OF_RANGE,
        grpc.StatusCode.RESOURCE_EXHAUSTED,
        grpc.StatusCode.DEADLINE_EXCEEDED,
        grpc.StatusCode.UNIMPLEMENTED,
    }
)


def struct(data: dict[str, Any]) -> struct_pb2.Struct:
    out = struct_pb2.Struct()
    out.update(data)
    return out


def submit_request(type_: str, payload: dict[str, Any], **fields: Any) -> svc.SubmitJobRequest:
    return svc.SubmitJobRequest(type=type_, payload=struct(payload), **fields)


def is_terminal(job: pb.Job) -> bool:
    return int(job.status) in TERMINAL_PB


def status_name(value: int) -> str:
    return JobStatus(int(value)).name


async def get_jobs(stub: svc_grpc.JobServiceAsyncStub, ids: Iterable[str]) -> dict[str, pb.Job]:
    """GetJob for many ids, 50 at a time."""
    out: dict[str, pb.Job] = {}
    pending = list(ids)
    for i in range(0, len(pending), 50):
        chunk = pending[i : i + 50]
        resps = await asyncio.gather(
            *(stub.GetJob(svc.GetJobRequest(job_id=j), timeout=10) for j in chunk)
        )
        for r in resps:
            out[r.job.id] = r.job
    return out


async def wait_all_terminal(
    stub: svc_grpc.JobServiceAsyncStub, ids: Sequence[str], timeout_s: float
) -> dict[str, pb.Job]:
    """Poll until every job in ``ids`` is terminal (or the time is up); return the last view."""
    deadline = time.monotonic() + timeout_s
    jobs = await get_jobs(stub, ids)
    while time.monotonic() < deadline:
        if all(is_terminal(j) for j in jobs.values()):
            break
        await asyncio.sleep(0.2)
        jobs = await get_jobs(stub, ids)
    return jobs


async def status_history(stub: svc_grpc.JobServiceAsyncStub, job_id: str) -> list[int]:
    """The job's status changes as the server replays them (after the creation event)."""
    statuses: list[int] = []
    call = stub.WatchProgress(svc.WatchProgressRequest(job_id=job_id, after_sequence=1), timeout=10)
    async for ev in call:
        if ev.kind == svc.WATCH_EVENT_KIND_STATUS:
            statuses.append(int(ev.status))
    return statuses


def check_history(first: int, statuses: Sequence[int]) -> list[str]:
    """Problems with a status history: illegal transitions, not exactly one terminal state
    (at the end)."""
    problems: list[str] = []
    prev = JobStatus(first)
    for s in statuses:
        cur = JobStatus(s)
        if cur not in TRANSITIONS[prev]:
            problems.append(f"illegal {prev.name} -> {cur.name}")
        prev = cur
    terminals = [s for s in statuses if s in TERMINAL_PB]
    if len(terminals) != 1 or (statuses and statuses[-1] not in TERMINAL_PB):
        problems.append(f"terminal states {[status_name(s) for s in terminals]}")
    return problems


def rss_mb(pid: int) -> float:
    return float(psutil.Process(pid).memory_info().rss) / 2**20


def open_fds(pid: int) -> int:
    return int(psutil.Process(pid).num_fds())


def error_reason(exc: grpc.aio.AioRpcError) -> str:
    """The google.rpc.ErrorInfo reason in a failed call's rich status ('' if none)."""
    from google.rpc import error_details_pb2, status_pb2

    for key, value in exc.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            status = status_pb2.Status.FromString(value)
            for detail in status.details:
                info = error_details_pb2.ErrorInfo()
                if detail.Unpack(info):
                    return str(info.reason)
    return ""


def live_tasks() -> int:
    """asyncio tasks of this loop, without grpc.aio's standing per-method call listeners
    (``_request_registered_call``, one per method once it was first called)."""
    import asyncio

    return sum(1 for t in asyncio.all_tasks() if "_request_registered_call" not in repr(t))


async def task_baseline(samples: int = 10, every_s: float = 0.05) -> int:
    """The most live tasks seen over a short idle moment (the executor's own waits come
    and go, so one sample can miss one)."""
    import asyncio

    most = 0
    for _ in range(samples):
        most = max(most, live_tasks())
        await asyncio.sleep(every_s)
    return most

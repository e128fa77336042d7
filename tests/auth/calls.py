"""One call of any JobService RPC, reduced to its status code (and error, if any)."""

from __future__ import annotations

import time

import grpc
from google.protobuf import duration_pb2, struct_pb2, timestamp_pb2
from jobplane.server import app
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

Metadata = tuple[tuple[str, str], ...]
RPCS = (
    "SubmitJob",
    "GetJob",
    "ListJobs",
    "CancelJob",
    "WaitJob",
    "WatchProgress",
    "PauseJob",
    "ResumeJob",
    "RetryJob",
)
#: Every RPC taking a job id.
BY_ID = tuple(r for r in RPCS if r not in ("SubmitJob", "ListJobs"))


def submit_request(
    *, paused: bool = False, request_id: str = "", later: bool = True
) -> svc.SubmitJobRequest:
    """A demo.echo job that stays QUEUED (scheduled an hour ahead) or PAUSED."""
    payload = struct_pb2.Struct()
    payload.update({"hello": "world"})
    req = svc.SubmitJobRequest(
        type="demo.echo", payload=payload, start_paused=paused, request_id=request_id
    )
    if later and not paused:
        req.schedule_time.CopyFrom(timestamp_pb2.Timestamp(seconds=int(time.time()) + 3600))
    return req


async def call(
    stub: svc_grpc.JobServiceStub, rpc: str, job_id: str, md: Metadata
) -> tuple[grpc.StatusCode, object]:
    """Make ``rpc`` about ``job_id``; (OK, response) or (code, AioRpcError)."""
    try:
        return grpc.StatusCode.OK, await _call(stub, rpc, job_id, md)
    except grpc.aio.AioRpcError as err:
        return err.code(), err


async def _call(stub: svc_grpc.JobServiceStub, rpc: str, job_id: str, md: Metadata) -> object:
    t = 5.0
    if rpc == "SubmitJob":
        return await stub.SubmitJob(submit_request(), metadata=md, timeout=t)
    if rpc == "GetJob":
        return await stub.GetJob(svc.GetJobRequest(job_id=job_id), metadata=md, timeout=t)
    if rpc == "ListJobs":
        return await stub.ListJobs(svc.ListJobsRequest(page_size=100), metadata=md, timeout=t)
    if rpc == "CancelJob":
        return await stub.CancelJob(svc.CancelJobRequest(job_id=job_id), metadata=md, timeout=t)
    if rpc == "WaitJob":
        wait = duration_pb2.Duration(nanos=50_000_000)
        return await stub.WaitJob(
            svc.WaitJobRequest(job_id=job_id, timeout=wait), metadata=md, timeout=t
        )
    if rpc == "WatchProgress":
        stream = stub.WatchProgress(svc.WatchProgressRequest(job_id=job_id), metadata=md, timeout=t)
        try:
            first = await stream.read()
            assert first is not grpc.aio.EOF
            return first
        finally:
            stream.cancel()
    if rpc == "PauseJob":
        return await stub.PauseJob(svc.PauseJobRequest(job_id=job_id), metadata=md, timeout=t)
    if rpc == "ResumeJob":
        return await stub.ResumeJob(svc.ResumeJobRequest(job_id=job_id), metadata=md, timeout=t)
    if rpc == "RetryJob":
        return await stub.RetryJob(svc.RetryJobRequest(job_id=job_id), metadata=md, timeout=t)
    raise AssertionError(rpc)


async def prepare(stub: svc_grpc.JobServiceStub, rpc: str, owner: Metadata) -> str:
    """A job of ``owner``'s tenant in a state where ``rpc`` succeeds for its owner."""
    paused = rpc == "ResumeJob"
    job = (await stub.SubmitJob(submit_request(paused=paused), metadata=owner)).job
    if rpc == "RetryJob":
        await stub.CancelJob(svc.CancelJobRequest(job_id=job.id), metadata=owner)
    return job.id


async def job_count(running: app.Running) -> int:
    return await running.store.count()

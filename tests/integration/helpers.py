"""Small helpers for talking to a live server in tests."""

from __future__ import annotations

from typing import Any

import grpc
from google.protobuf import struct_pb2
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from jobplane.v1 import job_pb2 as pb
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

TERMINAL = {
    pb.JOB_STATUS_SUCCEEDED,
    pb.JOB_STATUS_FAILED,
    pb.JOB_STATUS_CANCELED,
    pb.JOB_STATUS_EXPIRED,
}


def struct(d: dict[str, Any]) -> struct_pb2.Struct:
    s = struct_pb2.Struct()
    s.update(d)
    return s


async def submit(
    stub: svc_grpc.JobServiceStub, type_: str, payload: dict[str, Any] | None = None, **kw: Any
) -> pb.Job:
    req = svc.SubmitJobRequest(type=type_, payload=struct(payload or {}), **kw)
    return (await stub.SubmitJob(req)).job


async def wait(stub: svc_grpc.JobServiceStub, job_id: str, timeout_s: float = 30.0) -> pb.Job:
    req = svc.WaitJobRequest(job_id=job_id)
    req.timeout.FromNanoseconds(int(timeout_s * 1e9))
    return (await stub.WaitJob(req)).job


async def watch(
    stub: svc_grpc.JobServiceStub, job_id: str, after: int = 0
) -> list[svc.WatchProgressResponse]:
    return [
        e
        async for e in stub.WatchProgress(
            svc.WatchProgressRequest(job_id=job_id, after_sequence=after)
        )
    ]


def error_info(exc: grpc.aio.AioRpcError) -> error_details_pb2.ErrorInfo:
    """The ErrorInfo detail of a failed call (asserts there is one)."""
    status = rpc_status.from_call(exc)  # type: ignore[arg-type]
    assert status is not None, f"no rich status on {exc.code()}: {exc.details()}"
    for detail in status.details:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            return info
    raise AssertionError(f"no ErrorInfo in {status}")

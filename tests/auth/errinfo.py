"""Read the google.rpc details of a failed call."""

from __future__ import annotations

import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status


def details(
    err: grpc.aio.AioRpcError,
) -> tuple[error_details_pb2.ErrorInfo, error_details_pb2.RetryInfo | None]:
    status = rpc_status.from_call(err)  # type: ignore[arg-type]
    assert status is not None, f"no rich status in {err!r}"
    info = error_details_pb2.ErrorInfo()
    retry = None
    for any_ in status.details:
        if any_.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            any_.Unpack(info)
        elif any_.Is(error_details_pb2.RetryInfo.DESCRIPTOR):
            retry = error_details_pb2.RetryInfo()
            any_.Unpack(retry)
    return info, retry


def reason(err: object) -> str:
    assert isinstance(err, grpc.aio.AioRpcError), err
    return details(err)[0].reason

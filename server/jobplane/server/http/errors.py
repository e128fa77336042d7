"""gRPC status → HTTP status and Google's JSON error body (AIP-193 over HTTP).

The status itself is made where every other status is made (``rpc/status.py``,
raised by the same guards and servicer the gRPC server runs); this module only
changes its clothes: ``{"error": {"code", "status", "message", "details"}}``,
the details as the protobuf JSON of ``ErrorInfo`` / ``BadRequest`` / ``RetryInfo``
with their ``@type``, as Google's JSON APIs answer.
"""

from __future__ import annotations

import math

import grpc
import orjson
from google.protobuf import json_format
from google.rpc import error_details_pb2, status_pb2

#: The HTTP status of each gRPC code (google/rpc/code.proto's mapping).
HTTP_STATUS: dict[grpc.StatusCode, int] = {
    grpc.StatusCode.OK: 200,
    grpc.StatusCode.CANCELLED: 499,
    grpc.StatusCode.UNKNOWN: 500,
    grpc.StatusCode.INVALID_ARGUMENT: 400,
    grpc.StatusCode.DEADLINE_EXCEEDED: 504,
    grpc.StatusCode.NOT_FOUND: 404,
    grpc.StatusCode.ALREADY_EXISTS: 409,
    grpc.StatusCode.PERMISSION_DENIED: 403,
    grpc.StatusCode.RESOURCE_EXHAUSTED: 429,
    grpc.StatusCode.FAILED_PRECONDITION: 400,
    grpc.StatusCode.ABORTED: 409,
    grpc.StatusCode.OUT_OF_RANGE: 400,
    grpc.StatusCode.UNIMPLEMENTED: 501,
    grpc.StatusCode.INTERNAL: 500,
    grpc.StatusCode.UNAVAILABLE: 503,
    grpc.StatusCode.DATA_LOSS: 500,
    grpc.StatusCode.UNAUTHENTICATED: 401,
}
_BY_NUMBER = {code.value[0]: code for code in grpc.StatusCode}
_DETAILS_KEY = "grpc-status-details-bin"


def code_of(number: int) -> grpc.StatusCode:
    return _BY_NUMBER.get(number, grpc.StatusCode.UNKNOWN)


def status_proto(
    code: grpc.StatusCode, message: str, trailing_metadata: object = ()
) -> status_pb2.Status:
    """The ``google.rpc.Status`` an abort carried (its details trailer), or one
    made of the bare code and message."""
    for key, value in trailing_metadata or ():  # type: ignore[attr-defined]
        if key == _DETAILS_KEY and isinstance(value, bytes):
            return status_pb2.Status.FromString(value)
    return status_pb2.Status(code=code.value[0], message=message)


def error_dict(status: status_pb2.Status) -> dict[str, object]:
    code = code_of(status.code)
    return {
        "error": {
            "code": HTTP_STATUS.get(code, 500),
            "status": code.name,
            "message": status.message,
            "details": [json_format.MessageToDict(any_detail) for any_detail in status.details],
        }
    }


def error_json(status: status_pb2.Status) -> tuple[int, bytes, dict[str, str]]:
    """(HTTP status, body, extra headers) for ``status``."""
    code = code_of(status.code)
    headers: dict[str, str] = {}
    if code is grpc.StatusCode.UNAUTHENTICATED:
        headers["WWW-Authenticate"] = 'Bearer realm="jobplane"'
    for any_detail in status.details:
        if any_detail.Is(error_details_pb2.RetryInfo.DESCRIPTOR):
            info = error_details_pb2.RetryInfo()
            any_detail.Unpack(info)
            delay = info.retry_delay.seconds + info.retry_delay.nanos / 1e9
            headers["Retry-After"] = str(max(1, math.ceil(delay)))
    return HTTP_STATUS.get(code, 500), orjson.dumps(error_dict(status)), headers


def plain_error(code: grpc.StatusCode, message: str) -> tuple[int, bytes, dict[str, str]]:
    """An error of the HTTP layer itself (no such route, method not allowed)."""
    return error_json(status_pb2.Status(code=code.value[0], message=message))

"""Domain errors → gRPC status with google.rpc details (AIP-193). One table."""

from __future__ import annotations

import grpc
from google.protobuf import any_pb2, duration_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status
from jobplane.server.domain import errors

DOMAIN = "jobplane.dev"

#: The one mapping from an error's ``code`` to the status sent.
CODES: dict[str, grpc.StatusCode] = {
    "INVALID_ARGUMENT": grpc.StatusCode.INVALID_ARGUMENT,
    "NOT_FOUND": grpc.StatusCode.NOT_FOUND,
    "ALREADY_EXISTS": grpc.StatusCode.ALREADY_EXISTS,
    "FAILED_PRECONDITION": grpc.StatusCode.FAILED_PRECONDITION,
    "OUT_OF_RANGE": grpc.StatusCode.OUT_OF_RANGE,
    "RESOURCE_EXHAUSTED": grpc.StatusCode.RESOURCE_EXHAUSTED,
    "UNAVAILABLE": grpc.StatusCode.UNAVAILABLE,
    "UNAUTHENTICATED": grpc.StatusCode.UNAUTHENTICATED,
    "PERMISSION_DENIED": grpc.StatusCode.PERMISSION_DENIED,
    "INTERNAL": grpc.StatusCode.INTERNAL,
}


def _pack(msg: object) -> any_pb2.Any:
    out = any_pb2.Any()
    out.Pack(msg)  # type: ignore[arg-type]
    return out


def to_status(err: errors.ServerError) -> grpc.Status:
    code = CODES.get(err.code, grpc.StatusCode.INTERNAL)
    details = [
        _pack(
            error_details_pb2.ErrorInfo(
                reason=err.reason,
                domain=DOMAIN,
                metadata={k: str(v) for k, v in err.metadata.items()},
            )
        )
    ]
    if err.field:
        violation = error_details_pb2.BadRequest.FieldViolation(
            field=err.field, description=err.message
        )
        details.append(_pack(error_details_pb2.BadRequest(field_violations=[violation])))
    if err.retry_after_s is not None:
        delay = duration_pb2.Duration()
        delay.FromNanoseconds(int(err.retry_after_s * 1e9))
        details.append(_pack(error_details_pb2.RetryInfo(retry_delay=delay)))
    proto = status_pb2.Status(
        code=getattr(code_pb2, code.name), message=err.message, details=details
    )
    result: grpc.Status = rpc_status.to_status(proto)
    return result


def internal() -> errors.ServerError:
    return errors.ServerError("internal error; the server logged the details", reason="INTERNAL")

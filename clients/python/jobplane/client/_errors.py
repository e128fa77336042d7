"""The errors the client raises, translated from gRPC statuses.

Every failed call raises a :class:`JobplaneError` (never a raw ``grpc.RpcError``)::

    JobplaneError                 any failed call; .code, .reason, .message, .metadata
    ├── JobNotFound               NOT_FOUND            (JOB_NOT_FOUND)
    ├── InvalidJobRequest         INVALID_ARGUMENT     (UNKNOWN_JOB_TYPE, INVALID_JOB_ID,
    │                                                   INVALID_FILTER, INVALID_PAGE_TOKEN, …)
    ├── RequestIdConflict         ALREADY_EXISTS       (REQUEST_ID_CONFLICT)
    ├── JobStateConflict          FAILED_PRECONDITION  (JOB_NOT_PAUSED, JOB_NOT_QUEUED,
    │   │                                               JOB_NOT_RETRYABLE, …)
    │   └── JobAlreadyComplete    FAILED_PRECONDITION  (JOB_ALREADY_COMPLETE)
    ├── SequenceOutOfRange        OUT_OF_RANGE         (SEQUENCE_OUT_OF_RANGE)
    ├── Unauthenticated           UNAUTHENTICATED
    ├── PermissionDenied          PERMISSION_DENIED
    ├── ResourceExhausted         RESOURCE_EXHAUSTED   (QUEUE_FULL, RATE_LIMITED)
    ├── DeadlineExceeded          DEADLINE_EXCEEDED
    └── ServerUnavailable         UNAVAILABLE          (after gRPC's own retries gave up)

Any other status (INTERNAL, UNKNOWN, …) is a plain :class:`JobplaneError`. The
``reason`` and ``metadata`` come from the ``google.rpc.ErrorInfo`` the server puts in
the ``grpc-status-details-bin`` trailer (AIP-193); ``field_violations`` from a
``google.rpc.BadRequest``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import grpc  # type: ignore[import-untyped,unused-ignore]
from google.protobuf.message import DecodeError
from google.rpc import (  # type: ignore[import-untyped,unused-ignore]
    error_details_pb2,
    status_pb2,
)


class JobplaneError(Exception):
    """A call to the jobplane server failed."""

    def __init__(
        self,
        message: str,
        *,
        code: str = "UNKNOWN",
        reason: str = "",
        metadata: Mapping[str, str] | None = None,
        field_violations: tuple[tuple[str, str], ...] = (),
    ) -> None:
        super().__init__(message)
        #: The canonical gRPC status code name, e.g. ``"NOT_FOUND"``.
        self.code = code
        #: The ``ErrorInfo`` reason, e.g. ``"JOB_NOT_FOUND"``; empty when the server sent none.
        self.reason = reason
        #: The status message.
        self.message = message
        #: The ``ErrorInfo`` metadata.
        self.metadata: dict[str, str] = dict(metadata or {})
        #: ``(field, description)`` pairs from a ``BadRequest`` detail.
        self.field_violations = field_violations

    def __str__(self) -> str:
        label = self.reason or self.code
        return f"{label}: {self.message}" if self.message else label


class JobNotFound(JobplaneError):
    """No job has that id."""


class InvalidJobRequest(JobplaneError):
    """The request was malformed: unknown job type, bad id, bad filter, bad field."""


class RequestIdConflict(JobplaneError):
    """The request_id was already used by a different request."""


class JobStateConflict(JobplaneError):
    """The job is not in a state that allows this operation."""


class JobAlreadyComplete(JobStateConflict):
    """The job already succeeded, failed or expired."""


class SequenceOutOfRange(JobplaneError):
    """The watch cursor is older than the events the server still keeps."""


class Unauthenticated(JobplaneError):
    """The call carried no valid credentials."""


class PermissionDenied(JobplaneError):
    """The caller may not do this."""


class ResourceExhausted(JobplaneError):
    """The server is over a limit (queue full, rate limited)."""


class DeadlineExceeded(JobplaneError):
    """The call did not finish before its deadline."""


class ServerUnavailable(JobplaneError):
    """The server could not be reached (after gRPC's own retries)."""


_DETAILS_KEY: Final = "grpc-status-details-bin"

# The one mapping table from status codes to error classes.
_BY_CODE: Final[Mapping[str, type[JobplaneError]]] = {
    "NOT_FOUND": JobNotFound,
    "INVALID_ARGUMENT": InvalidJobRequest,
    "ALREADY_EXISTS": RequestIdConflict,
    "FAILED_PRECONDITION": JobStateConflict,
    "OUT_OF_RANGE": SequenceOutOfRange,
    "UNAUTHENTICATED": Unauthenticated,
    "PERMISSION_DENIED": PermissionDenied,
    "RESOURCE_EXHAUSTED": ResourceExhausted,
    "DEADLINE_EXCEEDED": DeadlineExceeded,
    "UNAVAILABLE": ServerUnavailable,
}
# Reasons that narrow a code's class further.
_BY_REASON: Final[Mapping[str, type[JobplaneError]]] = {
    "JOB_ALREADY_COMPLETE": JobAlreadyComplete,
}


def error_class(code: str, reason: str = "") -> type[JobplaneError]:
    """The error class for a status code name and an ``ErrorInfo`` reason."""
    return _BY_REASON.get(reason) or _BY_CODE.get(code, JobplaneError)


def from_rpc_error(exc: Any) -> JobplaneError:
    """Translate a ``grpc.RpcError`` (sync, aio or grpc_testing) into a :class:`JobplaneError`.

    The caller raises the result ``from exc``.
    """
    code_obj = exc.code() if callable(getattr(exc, "code", None)) else None
    code = code_obj.name if isinstance(code_obj, grpc.StatusCode) else "UNKNOWN"
    details = exc.details() if callable(getattr(exc, "details", None)) else None
    message = str(details or "")
    reason = ""
    metadata: dict[str, str] = {}
    violations: list[tuple[str, str]] = []
    for detail in _status_details(exc):
        info = error_details_pb2.ErrorInfo()
        bad = error_details_pb2.BadRequest()
        if detail.Unpack(info):
            reason = info.reason
            metadata.update(info.metadata)
        elif detail.Unpack(bad):
            violations.extend((v.field, v.description) for v in bad.field_violations)
    cls = error_class(code, reason)
    return cls(
        message, code=code, reason=reason, metadata=metadata, field_violations=tuple(violations)
    )


def _status_details(exc: Any) -> list[Any]:
    """The ``Any`` details of the rich status in the error's trailers, if any.

    Read straight from ``grpc-status-details-bin`` rather than through
    ``grpc_status.rpc_status.from_call``, which drops everything when the
    status proto's message differs from the call's details by a character.
    """
    trailing = (
        exc.trailing_metadata() if callable(getattr(exc, "trailing_metadata", None)) else None
    )
    for key, value in trailing or ():
        if key == _DETAILS_KEY and isinstance(value, bytes):
            try:
                return list(status_pb2.Status.FromString(value).details)
            except DecodeError:
                return []  # a garbled trailer: keep the code and message
    return []

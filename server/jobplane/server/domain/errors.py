"""Domain errors. Each carries a gRPC status code name and a stable reason.

Hierarchy::

    JobplaneError                      (INTERNAL)
    ├── InvalidArgument                (INVALID_ARGUMENT; reason per field/mistake)
    ├── JobNotFound                    (NOT_FOUND, JOB_NOT_FOUND)
    ├── AlreadyExists                  (ALREADY_EXISTS, REQUEST_ID_CONFLICT)
    ├── FailedPrecondition             (FAILED_PRECONDITION)
    │   └── JobAlreadyComplete         (JOB_ALREADY_COMPLETE)
    ├── OutOfRange                     (OUT_OF_RANGE, SEQUENCE_OUT_OF_RANGE)
    ├── ResourceExhausted              (RESOURCE_EXHAUSTED; may carry retry_after_s)
    ├── Unavailable                    (UNAVAILABLE, SHUTTING_DOWN)
    ├── Unauthenticated                (UNAUTHENTICATED)
    └── PermissionDenied               (PERMISSION_DENIED)

The service layer maps ``code`` to a gRPC status and ``reason``/``metadata`` to
a ``google.rpc.ErrorInfo``; ``field`` (when set) becomes a ``BadRequest`` violation.
"""

from __future__ import annotations


class JobplaneError(Exception):
    """An internal error."""

    code = "INTERNAL"
    reason = "INTERNAL"

    def __init__(
        self,
        message: str | None = None,
        *,
        reason: str | None = None,
        field: str | None = None,
        metadata: dict[str, str] | None = None,
        retry_after_s: float | None = None,
    ) -> None:
        self.message = message or (self.__doc__ or "").strip()
        if reason is not None:
            self.reason = reason
        self.field = field
        self.metadata = metadata or {}
        self.retry_after_s = retry_after_s
        super().__init__(self.message)


class InvalidArgument(JobplaneError):
    """The request is malformed."""

    code = "INVALID_ARGUMENT"
    reason = "INVALID_ARGUMENT"


class JobNotFound(JobplaneError):
    """No such job."""

    code = "NOT_FOUND"
    reason = "JOB_NOT_FOUND"

    def __init__(self, job_id: str) -> None:
        super().__init__(f"job {job_id!r} not found", metadata={"job_id": job_id})


class AlreadyExists(JobplaneError):
    """The request_id was already used for a different request."""

    code = "ALREADY_EXISTS"
    reason = "REQUEST_ID_CONFLICT"


class FailedPrecondition(JobplaneError):
    """The job is not in a state that allows this."""

    code = "FAILED_PRECONDITION"
    reason = "FAILED_PRECONDITION"


class JobAlreadyComplete(FailedPrecondition):
    """The job already finished."""

    reason = "JOB_ALREADY_COMPLETE"


class OutOfRange(JobplaneError):
    """The cursor is outside the retained range."""

    code = "OUT_OF_RANGE"
    reason = "SEQUENCE_OUT_OF_RANGE"


class ResourceExhausted(JobplaneError):
    """A limit was reached; retry later."""

    code = "RESOURCE_EXHAUSTED"
    reason = "RESOURCE_EXHAUSTED"


class Unavailable(JobplaneError):
    """The server is shutting down; retry on another replica or later."""

    code = "UNAVAILABLE"
    reason = "SHUTTING_DOWN"


class Unauthenticated(JobplaneError):
    """Missing or invalid credentials."""

    code = "UNAUTHENTICATED"
    reason = "UNAUTHENTICATED"


class PermissionDenied(JobplaneError):
    """The caller's role does not allow this call."""

    code = "PERMISSION_DENIED"
    reason = "PERMISSION_DENIED"

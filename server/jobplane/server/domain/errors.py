"""Every exception the server defines, in one module (the client has its own, in
``jobplane.client``; no name is shared between the two).

Hierarchy::

    Exception
    ├── ServerError                        answered to a caller as a gRPC status (INTERNAL)
    │   ├── InvalidArgumentError           (INVALID_ARGUMENT; reason per field/mistake)
    │   ├── JobNotFoundError               (NOT_FOUND, JOB_NOT_FOUND)
    │   ├── ScheduleNotFoundError          (NOT_FOUND, SCHEDULE_NOT_FOUND)
    │   ├── AlreadyExistsError             (ALREADY_EXISTS, REQUEST_ID_CONFLICT)
    │   │   └── ScheduleExistsError        (SCHEDULE_ALREADY_EXISTS)
    │   ├── FailedPreconditionError        (FAILED_PRECONDITION)
    │   │   └── JobAlreadyCompleteError    (JOB_ALREADY_COMPLETE)
    │   ├── OutOfRangeError                (OUT_OF_RANGE, SEQUENCE_OUT_OF_RANGE)
    │   ├── ResourceExhaustedError         (RESOURCE_EXHAUSTED; may carry retry_after_s)
    │   ├── UnavailableError               (UNAVAILABLE, SHUTTING_DOWN)
    │   ├── UnauthenticatedError           (UNAUTHENTICATED)
    │   └── PermissionDeniedError          (PERMISSION_DENIED)
    ├── HandlerError                       raised by a handler: fails the attempt, retried
    │   └── NonRetryableError              … and the job, whatever attempts are left
    ├── JobCancelled                       raised in a handler by ctx.raise_if_cancelled()
    ├── SubscriberClosed                   the broker is closing: a watch must end
    ├── FirehoseOverflow                   a WatchJobs subscriber fell too far behind
    ├── IllegalTransition (RuntimeError)   a change the transition table forbids: a bug
    ├── ConfigError (ValueError)           inconsistent or unsafe options, at start-up
    └── TokenFileError (ValueError)        the token file is missing or malformed

Only :class:`ServerError` and its subclasses reach callers: the service layer maps
``code`` to a gRPC status and ``reason``/``metadata`` to a ``google.rpc.ErrorInfo``;
``field`` (when set) becomes a ``BadRequest`` violation. The handler errors are part
of the handler kit: defined in :mod:`jobplane.handlers` (shared with the remote
worker), re-exported here and by :mod:`jobplane.server`; the others are internal.
"""

from __future__ import annotations

# The handler errors are defined in jobplane.handlers, the kit shared with the remote
# worker (`jobplane worker`), so a handler raises the same classes wherever it runs.
from jobplane.handlers import HandlerError as HandlerError
from jobplane.handlers import JobCancelled as JobCancelled
from jobplane.handlers import NonRetryableError as NonRetryableError


class ServerError(Exception):
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


class InvalidArgumentError(ServerError):
    """The request is malformed."""

    code = "INVALID_ARGUMENT"
    reason = "INVALID_ARGUMENT"


class JobNotFoundError(ServerError):
    """No such job."""

    code = "NOT_FOUND"
    reason = "JOB_NOT_FOUND"

    def __init__(self, job_id: str) -> None:
        super().__init__(f"job {job_id!r} not found", metadata={"job_id": job_id})


class AlreadyExistsError(ServerError):
    """The request_id was already used for a different request."""

    code = "ALREADY_EXISTS"
    reason = "REQUEST_ID_CONFLICT"


class ScheduleNotFoundError(ServerError):
    """No such schedule."""

    code = "NOT_FOUND"
    reason = "SCHEDULE_NOT_FOUND"

    def __init__(self, schedule_id: str) -> None:
        super().__init__(
            f"schedule {schedule_id!r} not found", metadata={"schedule_id": schedule_id}
        )


class ScheduleExistsError(AlreadyExistsError):
    """The schedule id is taken."""

    reason = "SCHEDULE_ALREADY_EXISTS"

    def __init__(self, schedule_id: str) -> None:
        super().__init__(
            f"schedule {schedule_id!r} already exists; pick another id or UpdateSchedule it",
            metadata={"schedule_id": schedule_id},
        )


class FailedPreconditionError(ServerError):
    """The job is not in a state that allows this."""

    code = "FAILED_PRECONDITION"
    reason = "FAILED_PRECONDITION"


class JobAlreadyCompleteError(FailedPreconditionError):
    """The job already finished."""

    reason = "JOB_ALREADY_COMPLETE"


class OutOfRangeError(ServerError):
    """The cursor is outside the retained range."""

    code = "OUT_OF_RANGE"
    reason = "SEQUENCE_OUT_OF_RANGE"


class ResourceExhaustedError(ServerError):
    """A limit was reached; retry later."""

    code = "RESOURCE_EXHAUSTED"
    reason = "RESOURCE_EXHAUSTED"


class UnavailableError(ServerError):
    """The server is shutting down; retry on another replica or later."""

    code = "UNAVAILABLE"
    reason = "SHUTTING_DOWN"


class UnauthenticatedError(ServerError):
    """Missing or invalid credentials."""

    code = "UNAUTHENTICATED"
    reason = "UNAUTHENTICATED"


class PermissionDeniedError(ServerError):
    """The caller's role does not allow this call."""

    code = "PERMISSION_DENIED"
    reason = "PERMISSION_DENIED"


# -- the handler kit's errors ------------------------------------------------------


# HandlerError, NonRetryableError and JobCancelled: imported above from the kit.


# -- internal signals and start-up errors (never sent to a caller) ------------------


class SubscriberClosed(Exception):
    """The broker is closing (server draining): the watch must end."""


class FirehoseOverflow(Exception):
    """A WatchJobs subscriber fell more than its limit behind and was dropped."""


class IllegalTransition(RuntimeError):
    """A change the transition table forbids: a bug, logged and refused."""


class ConfigError(ValueError):
    """The security options are inconsistent or unsafe; the message says how to fix them."""


class TokenFileError(ValueError):
    """The token file is missing or malformed; the message names the entry."""

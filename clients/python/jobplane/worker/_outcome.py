"""How a handler's return or exception becomes a CompleteTaskRequest."""

from __future__ import annotations

import asyncio
from typing import Any

from jobplane.handlers import HandlerError, JobCancelled
from jobplane.v1 import worker_service_pb2

#: TaskFailure reason that hands a task back unfailed (see worker_service.proto).
RELEASED = "JOB_RELEASED"


def output_request(token: str, result: Any) -> worker_service_pb2.CompleteTaskRequest:
    """Success with ``result`` (None is an empty output); a result that is not a
    JSON object fails the attempt with BAD_HANDLER_RESULT, as in the server."""
    request = worker_service_pb2.CompleteTaskRequest(task_token=token)
    if result is None:
        result = {}
    if not isinstance(result, dict):
        message = f"handler returned {type(result).__name__}, not a dict"
        return failure_request(token, "BAD_HANDLER_RESULT", message)
    request.output.SetInParent()  # an empty output is still a success
    try:
        request.output.update(result)
    except (TypeError, ValueError) as exc:
        return failure_request(token, "BAD_HANDLER_RESULT", f"output is not JSON: {exc}")
    return request


def failure_request(
    token: str,
    reason: str,
    message: str,
    *,
    non_retryable: bool = False,
    details: dict[str, Any] | None = None,
) -> worker_service_pb2.CompleteTaskRequest:
    """An attempt that failed (or, with reason JOB_RELEASED, was handed back)."""
    failure = worker_service_pb2.TaskFailure(
        reason=reason, message=message[:2000], non_retryable=non_retryable
    )
    if details:
        try:
            failure.details.update(details)
        except (TypeError, ValueError):
            failure.details.update({"unserializable_details": repr(details)[:2000]})
    return worker_service_pb2.CompleteTaskRequest(task_token=token, error=failure)


def exception_request(
    token: str, exc: BaseException, *, cancel_reason: str, released: bool
) -> worker_service_pb2.CompleteTaskRequest:
    """The outcome of a handler that raised ``exc``."""
    if released:
        return failure_request(token, RELEASED, "the worker drained before the task finished")
    if isinstance(exc, HandlerError):
        return failure_request(
            token, exc.reason, str(exc), non_retryable=not exc.retryable, details=exc.details
        )
    if isinstance(exc, JobCancelled | asyncio.CancelledError) and cancel_reason:
        return failure_request(token, "JOB_CANCELED", cancel_reason)
    name = type(exc).__name__
    return failure_request(
        token, "HANDLER_ERROR", f"{name}: {exc}", details={"exception_type": name}
    )

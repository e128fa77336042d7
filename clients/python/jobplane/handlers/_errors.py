"""The exceptions a handler raises to say how its attempt ends."""

from __future__ import annotations

from typing import Any


class JobCancelled(Exception):
    """Raised by ``ctx.raise_if_cancelled()`` once the job must stop."""


class HandlerError(Exception):
    """Raise to fail an attempt with a chosen ``reason`` (retried per the job's policy)."""

    retryable = True

    def __init__(
        self, message: str, *, reason: str = "HANDLER_ERROR", details: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.details = details


class NonRetryableError(HandlerError):
    """Raise to fail the job at once, whatever attempts are left."""

    retryable = False

    def __init__(
        self, message: str, *, reason: str = "NON_RETRYABLE", details: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message, reason=reason, details=details)

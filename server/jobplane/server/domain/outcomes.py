"""How an attempt ends: why the server stopped it, and what it produced. No I/O.

Every worker (the in-process one and remote ones) reports the end of an attempt as
an :class:`Outcome`; :func:`jobplane.server.domain.lifecycle.outcome` turns it, with
the :class:`StopReason` the server gave (if any), into the rule that records it.
"""

from __future__ import annotations

import dataclasses
import enum

from jobplane.server.domain.model import JobError, JsonDict


class StopReason(enum.StrEnum):
    """Why the server told an attempt to stop. The value is what a handler reads in
    ``ctx.cancel_reason``."""

    #: CancelJob: the store already holds CANCELED; the attempt's outcome is dropped.
    CANCELED = "canceled"
    #: The job's timeout passed: the attempt fails with JOB_TIMEOUT.
    TIMEOUT = "timeout"
    #: Heartbeat lost, lease expired or taken over: the store already holds the rescue.
    STALLED = "stalled"
    #: The server is draining: an unfinished attempt is handed back to the queue.
    SHUTDOWN = "shutdown"


class OutcomeKind(enum.Enum):
    """How the handler ended."""

    #: It returned an output.
    OK = "ok"
    #: It raised (or returned something that is not an output).
    ERROR = "error"
    #: It stopped because it was told to (cooperatively, or its task was cancelled).
    STOPPED = "stopped"


@dataclasses.dataclass(frozen=True, slots=True)
class Outcome:
    """The end of one attempt as its worker saw it."""

    kind: OutcomeKind
    output: JsonDict | None = None
    error: JobError | None = None
    #: An error that fails the job at once, whatever attempts are left.
    final: bool = False

    @classmethod
    def ok(cls, output: JsonDict | None) -> Outcome:
        return cls(OutcomeKind.OK, output=output)

    @classmethod
    def failed(cls, error: JobError, *, final: bool = False) -> Outcome:
        return cls(OutcomeKind.ERROR, error=error, final=final)

    @classmethod
    def stopped(cls) -> Outcome:
        return cls(OutcomeKind.STOPPED)

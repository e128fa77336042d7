"""The resumable watch: reopen a broken WatchProgress stream where it left off.

Written against an ``open_stream(after_sequence)`` callable, not a channel, so the
same loop runs over grpc.aio, over a sync channel, and in tests.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable

from jobplane.client._config import ReconnectPolicy
from jobplane.client._errors import SequenceOutOfRange, ServerUnavailable
from jobplane.client._status import is_terminal
from jobplane.v1 import job_service_pb2

Event = job_service_pb2.WatchProgressResponse
OpenStream = Callable[[int], AsyncGenerator[Event, None]]
Sleep = Callable[[float], Awaitable[None]]


async def resume_watch(
    open_stream: OpenStream,
    *,
    after_sequence: int = 0,
    policy: ReconnectPolicy,
    resync: bool = True,
    sleep: Sleep = asyncio.sleep,
) -> AsyncIterator[Event]:
    """Yield a job's events until its terminal event, across reconnects.

    A stream that fails with UNAVAILABLE, or ends before the terminal event, is
    reopened after a backoff with ``after_sequence`` = the last sequence seen, so
    the caller sees no gap and no duplicate (an event at or below the cursor is
    dropped). ``policy.max_attempts`` consecutive failures without a new event
    raise the last :class:`ServerUnavailable`. If the server no longer holds the
    events after the cursor (OUT_OF_RANGE), ``resync`` restarts from a fresh
    snapshot (an event of kind SNAPSHOT tells the caller some events were
    skipped); without ``resync`` the :class:`SequenceOutOfRange` is raised.
    """
    cursor: int | None = after_sequence if after_sequence > 0 else None
    failures = 0
    # Bounded: every pass either yields a new event (a job has finitely many) or
    # counts a failure, and failures are capped by policy.max_attempts.
    while True:
        failure: ServerUnavailable | None = None
        try:
            async with contextlib.aclosing(open_stream(cursor or 0)) as stream:
                async for event in stream:
                    if cursor is not None and event.sequence <= cursor:
                        continue
                    cursor = event.sequence
                    failures = 0
                    yield event
                    if is_terminal(event.status):
                        return
        except ServerUnavailable as exc:
            failure = exc
        except SequenceOutOfRange:
            if not resync or cursor is None:
                raise
            cursor = None
            failure = None
        failures += 1
        await _backoff(
            policy, failures, failure, "the watch stream kept ending before the job finished", sleep
        )


async def _backoff(
    policy: ReconnectPolicy,
    failures: int,
    failure: ServerUnavailable | None,
    ended: str,
    sleep: Sleep,
) -> None:
    """Sleep before reconnect number ``failures``; past ``policy.max_attempts`` in a
    row, raise the last failure (or UNAVAILABLE saying the stream kept ending)."""
    if failures > policy.max_attempts:
        raise failure or ServerUnavailable(ended, code="UNAVAILABLE")
    await sleep(policy.delay_s(failures))


JobsEvent = job_service_pb2.WatchJobsResponse
OpenJobsStream = Callable[[str], AsyncGenerator[JobsEvent, None]]


async def resume_watch_jobs(
    open_stream: OpenJobsStream,
    *,
    after_cursor: str = "",
    policy: ReconnectPolicy,
    sleep: Sleep = asyncio.sleep,
) -> AsyncIterator[JobsEvent]:
    """Yield every status change WatchJobs streams, forever, across reconnects.

    A stream that fails with UNAVAILABLE (a restart, a dropped connection, a replica
    going away) or ends is reopened after a backoff with ``after_cursor`` = the last
    response's cursor: the server resumes right after it, so the caller sees no gap
    and no duplicate. ``policy.max_attempts`` consecutive failures without a new
    event raise the last :class:`ServerUnavailable`; a cursor the server no longer
    holds raises :class:`SequenceOutOfRange` (reason CURSOR_EXPIRED: list again).
    """
    cursor = after_cursor
    failures = 0
    while True:  # bounded by policy.max_attempts consecutive failures
        failure: ServerUnavailable | None = None
        try:
            async with contextlib.aclosing(open_stream(cursor)) as stream:
                async for event in stream:
                    cursor = event.cursor or cursor
                    failures = 0
                    yield event
        except ServerUnavailable as exc:
            failure = exc
        failures += 1
        await _backoff(policy, failures, failure, "the WatchJobs stream kept ending", sleep)

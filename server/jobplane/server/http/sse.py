"""Server-Sent Events: a watch stream as ``text/event-stream``.

Each message the streaming handler writes becomes one event: ``id:`` its
``sequence`` on resumable streams (the request has ``after_sequence``; for WatchJobs,
``after_cursor``, its ``cursor``), so the browser's ``Last-Event-ID`` resumes without
a gap or a duplicate, ``event:``
its kind (``snapshot`` / ``status`` / ``progress``), ``data:`` its protobuf JSON.

The response opens at the first event, or :data:`OPEN_AFTER_S` after the call
started without one: a refusal (bad credentials, unknown job, bad filter) comes
within that time and is answered with its HTTP status and JSON error body; a
later error is sent as an ``event: error`` and ends the stream. A stream that
ends having sent nothing answers 204, which tells ``EventSource`` not to
reconnect (e.g. resuming at the terminal event of a finished job).

Writes wait for the client to take them (aiohttp drains its buffer), so a slow
HTTP client is a slow subscriber of the broker: its progress is coalesced and
its memory bounded. A client that goes away cancels the handler at once
(``handler_cancellation``), which unsubscribes.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import weakref
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiohttp import web
from jobplane.server.http.routes import Route
from jobplane.server.http.transcode import JsonCache, to_json

#: Without an event, the response is opened (headers sent) after this long.
OPEN_AFTER_S = 0.2
#: Browsers reconnect after this long (ms) when the stream ends or breaks.
RETRY_MS = 1000


#: The request field a stream resumes by -> the response field that is the event id.
RESUME_FIELDS = {"after_sequence": "sequence", "after_cursor": "cursor"}


def resume_field(route: Route) -> str | None:
    """The request field ``Last-Event-ID`` fills (None: the stream does not resume)."""
    fields = route.request_class.DESCRIPTOR.fields_by_name
    return next((f for f in RESUME_FIELDS if f in fields), None)


def resumable(route: Route) -> bool:
    return resume_field(route) is not None


def event_name(message: Any) -> str:
    """``snapshot`` / ``status`` / ``progress`` from a ``kind`` enum, else ``status``."""
    field = message.DESCRIPTOR.fields_by_name.get("kind")
    if field is None or field.enum_type is None:
        return "status"
    name: str = field.enum_type.values_by_number[message.kind].name
    return name.rsplit("_", 1)[-1].lower()


class SseStream:
    """One event-stream response; :meth:`send` is the handler context's ``write``."""

    __slots__ = (
        "__weakref__",
        "_cache",
        "_headers",
        "_id_field",
        "_lock",
        "_request",
        "_resumable",
        "_route",
        "_timer",
        "closed",
        "last_write",
        "response",
    )

    def __init__(
        self, request: web.Request, route: Route, cache: JsonCache, headers: Mapping[str, str]
    ) -> None:
        self._request = request
        self._route = route
        self._cache = cache
        self._headers = headers
        self._resumable = resumable(route)
        self._id_field = RESUME_FIELDS.get(resume_field(route) or "", "")
        self._lock = asyncio.Lock()
        self._timer: asyncio.TimerHandle | None = None
        self.closed = False
        self.response: web.StreamResponse | None = None
        self.last_write = time.monotonic()

    def open_later(self, delay_s: float, spawn: Callable[[Awaitable[None]], None]) -> None:
        loop = asyncio.get_running_loop()
        self._timer = loop.call_later(delay_s, lambda: spawn(self._open_if_idle()))

    async def _open_if_idle(self) -> None:
        async with self._lock:
            if self.response is None and not self.closed:
                with contextlib.suppress(ConnectionError):  # the client left meanwhile
                    await self._open()

    def abandon(self) -> None:
        """The call ended abnormally (the client went away): never open."""
        self.closed = True
        if self._timer is not None:
            self._timer.cancel()

    async def settle(self) -> bool:
        """The handler has ended: no late opening. True if the response is open."""
        self.closed = True
        if self._timer is not None:
            self._timer.cancel()
        async with self._lock:
            return self.response is not None

    async def _open(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        response = web.StreamResponse(
            status=200,
            headers={
                "Content-Type": "text/event-stream",
                "Cache-Control": "no-cache",
                "X-Accel-Buffering": "no",  # proxies: do not buffer the stream
                **self._headers,
            },
        )
        await response.prepare(self._request)
        self.response = response
        await response.write(b"retry: %d\n\n" % RETRY_MS)

    def frame(self, message: Any) -> bytes:
        if type(message) is bytes:
            message, data = self._cache.get(message, self._route.response_class)
        else:
            data = to_json(message)
        head = b"event: " + event_name(message).encode() + b"\n"
        if self._resumable:
            head = b"id: " + str(getattr(message, self._id_field)).encode() + b"\n" + head
        return head + b"data: " + data + b"\n\n"

    async def send(self, message: Any) -> None:
        frame = self.frame(message)
        async with self._lock:
            if self.response is None:
                await self._open()
            assert self.response is not None
            self.last_write = time.monotonic()
            await self.response.write(frame)

    async def keepalive(self, idle_s: float) -> None:
        """A comment line if nothing was sent for ``idle_s`` (proxies and browsers
        drop silent connections); skipped while a write is waiting for the client."""
        response = self.response
        if response is None or self._lock.locked():
            return
        if time.monotonic() - self.last_write < idle_s:
            return
        transport = self._request.transport
        if transport is None or transport.get_write_buffer_size() > 0:
            return
        async with self._lock:
            self.last_write = time.monotonic()
            await response.write(b": keep-alive\n\n")

    async def error(self, data: bytes) -> None:
        async with self._lock:
            assert self.response is not None
            await self.response.write(b"event: error\ndata: " + data + b"\n\n")

    async def finish(self) -> web.StreamResponse | None:
        """End the stream; None if it never opened (the caller answers instead)."""
        async with self._lock:
            if self.response is not None:
                with contextlib.suppress(ConnectionError):
                    await self.response.write_eof()
            return self.response


class Keepalive:
    """One ticker for every open stream (no task or timer per idle subscriber)."""

    def __init__(self, interval_s: float) -> None:
        self.interval_s = interval_s
        self._streams: weakref.WeakSet[SseStream] = weakref.WeakSet()
        self._task: asyncio.Task[None] | None = None

    def add(self, stream: SseStream) -> None:
        self._streams.add(stream)

    def discard(self, stream: SseStream) -> None:
        self._streams.discard(stream)

    def start(self) -> None:
        self._task = asyncio.ensure_future(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval_s / 3)
            for stream in list(self._streams):
                with contextlib.suppress(ConnectionError, RuntimeError):
                    await stream.keepalive(self.interval_s)

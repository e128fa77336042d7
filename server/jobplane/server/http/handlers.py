"""aiohttp request handlers that run the gRPC server's own method handlers.

Each route calls the behaviour the gRPC server registered for that method
(already wrapped in the parse guard and the security guard), with an
:class:`~.context.HttpContext`: one implementation of every rule, two edges.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import grpc
from aiohttp import web
from jobplane.server.http import sse
from jobplane.server.http.context import HttpContext
from jobplane.server.http.errors import error_json
from jobplane.server.http.routes import Route
from jobplane.server.http.transcode import JsonCache, build_request, to_json
from jobplane.server.rpc.wire import Malformed

if TYPE_CHECKING:
    from google.rpc import status_pb2

    Handler = grpc.RpcMethodHandler[Any, Any]

log = logging.getLogger("jobplane.http")
Endpoint = Callable[[web.Request], Awaitable[web.StreamResponse]]
_JSON = "application/json"


def error_response(status: status_pb2.Status) -> web.Response:
    code, body, headers = error_json(status)
    return web.Response(status=code, body=body, content_type=_JSON, headers=headers)


async def _request_message(route: Route, request: web.Request) -> Any:
    body = await request.read() if route.body else b""
    query = {key: request.query.getall(key) for key in request.query}
    last_id = request.headers.get("Last-Event-ID")
    field = sse.resume_field(route)
    if last_id is not None and field is not None:
        # The browser's resume cursor is newer than the URL's after_sequence / after_cursor.
        if field == "after_sequence" and not last_id.strip().isdigit():
            return Malformed(f"Last-Event-ID {last_id[:40]!r} is not a sequence number")
        query[field] = [last_id.strip()]
    return build_request(route, request.match_info, query, body)


def unary_endpoint(route: Route, handler: Handler) -> Endpoint:
    behaviour: Any = handler.unary_unary
    assert behaviour is not None, route.full_method

    async def endpoint(request: web.Request) -> web.StreamResponse:
        message = await _request_message(route, request)
        context = HttpContext(request)
        response = None
        with contextlib.suppress(grpc.aio.AbortError):
            response = await behaviour(message, context)
        status = context.error_status()
        if status is not None:
            return error_response(status)
        return web.Response(body=to_json(response), content_type=_JSON)

    return endpoint


class Streams:
    """What the event-stream endpoints share: the JSON cache, the keep-alive ticker,
    and the small tasks that open idle streams."""

    def __init__(self, keepalive_s: float) -> None:
        self.cache = JsonCache()
        self.keepalive = sse.Keepalive(keepalive_s)
        self._tasks: set[asyncio.Future[None]] = set()

    def spawn(self, coro: Awaitable[None]) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Future[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.warning("opening an event stream failed", exc_info=task.exception())


def stream_endpoint(route: Route, handler: Handler, streams: Streams) -> Endpoint:
    behaviour: Any = handler.unary_stream
    assert behaviour is not None, route.full_method

    async def endpoint(request: web.Request) -> web.StreamResponse:
        message = await _request_message(route, request)
        stream = sse.SseStream(request, route, streams.cache, {})
        context = HttpContext(request, stream.send)
        stream.open_later(sse.OPEN_AFTER_S, streams.spawn)
        streams.keepalive.add(stream)
        try:
            with contextlib.suppress(grpc.aio.AbortError):
                await behaviour(message, context)
        except BaseException:
            stream.abandon()  # cancelled: the client went away
            raise
        finally:
            streams.keepalive.discard(stream)
        opened = await stream.settle()
        status = context.error_status()
        if status is not None and not opened:
            return error_response(status)
        if status is not None:
            await stream.error(error_json(status)[1])
        response = await stream.finish()
        return response if response is not None else web.Response(status=204)

    return endpoint

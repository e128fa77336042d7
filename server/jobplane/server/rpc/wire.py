"""Requests that do not parse answer INVALID_ARGUMENT, never UNKNOWN.

gRPC's Python server answers UNKNOWN (and names the exception) when a request's
bytes fail to deserialize: corrupt wire format, invalid UTF-8 in a string field,
nesting past protobuf's depth limit. :func:`parse_guard` swaps a method handler's
request deserializer for one that returns a :class:`Malformed` marker instead of
raising, and answers such a call ``INVALID_ARGUMENT`` with reason
``MALFORMED_REQUEST`` before the servicer runs. It is applied once per method when
the server registers its handlers (see :mod:`.registrar`), inside the security
guard, so authentication is still checked first.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any

import grpc
from jobplane.server.domain import errors
from jobplane.server.rpc import status
from jobplane.server.rpc.streams import drive

if TYPE_CHECKING:
    Ctx = grpc.aio.ServicerContext[Any, Any]
    Handler = grpc.RpcMethodHandler[Any, Any]


class Malformed:
    """A request whose bytes did not parse."""

    __slots__ = ("problem",)

    def __init__(self, problem: str) -> None:
        self.problem = problem


def _safe(parse: Callable[[bytes], Any] | None) -> Callable[[bytes], Any] | None:
    if parse is None:
        return None

    def deserialize(data: bytes) -> Any:
        try:
            return parse(data)
        except Exception as exc:
            return Malformed(f"{type(exc).__name__}: {exc}"[:300])

    return deserialize


async def _refuse(context: Ctx, bad: Malformed) -> None:
    err = errors.InvalidArgumentError(
        f"the request message does not parse ({bad.problem})", reason="MALFORMED_REQUEST"
    )
    await context.abort_with_status(status.to_status(err))


async def _checked(requests: AsyncIterator[Any], context: Ctx) -> AsyncIterator[Any]:
    async for item in requests:
        if isinstance(item, Malformed):
            await _refuse(context, item)
        yield item


def parse_guard(handler: Handler) -> Handler:
    """``handler`` with a deserializer that never raises and a check that refuses
    what did not parse. Server-streaming behaviours become coroutines that write
    with ``context.write`` (no generator layer per message)."""
    kw = {
        "request_deserializer": _safe(handler.request_deserializer),
        "response_serializer": handler.response_serializer,
    }
    if handler.unary_unary is not None:
        uu: Any = handler.unary_unary

        async def unary_unary(request: Any, context: Ctx) -> Any:
            if type(request) is Malformed:
                await _refuse(context, request)
            return await uu(request, context)

        return grpc.unary_unary_rpc_method_handler(unary_unary, **kw)
    if handler.unary_stream is not None:
        us: Any = handler.unary_stream

        async def unary_stream(request: Any, context: Ctx) -> None:
            if type(request) is Malformed:
                await _refuse(context, request)
            await drive(us(request, context), context)

        return grpc.unary_stream_rpc_method_handler(unary_stream, **kw)
    if handler.stream_unary is not None:
        su: Any = handler.stream_unary

        async def stream_unary(requests: Any, context: Ctx) -> Any:
            return await su(_checked(requests, context), context)

        return grpc.stream_unary_rpc_method_handler(stream_unary, **kw)
    assert handler.stream_stream is not None
    ss: Any = handler.stream_stream

    async def stream_stream(requests: Any, context: Ctx) -> None:
        await drive(ss(_checked(requests, context), context), context)

    return grpc.stream_stream_rpc_method_handler(stream_stream, **kw)

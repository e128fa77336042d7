"""``grpc_server_handled_total`` and ``grpc_server_handling_seconds``, the
go-grpc-prometheus conventions, as a :mod:`~jobplane.server.rpc.registrar` wrap.

Applied once per method at start-up (not as an interceptor, see registrar.py), the
outermost wrap: a call the security guard refuses is counted with its code too.
Each method's label children are resolved once, so a call costs two clock reads,
a dict look-up and two locked increments.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any

import grpc
from jobplane.server.observe.metrics import Metrics

if TYPE_CHECKING:
    Handler = grpc.RpcMethodHandler[Any, Any]

_OK = grpc.StatusCode.OK


class _Method:
    """One method's series."""

    __slots__ = ("_codes", "_handled", "_labels", "seconds")

    def __init__(self, metrics: Metrics, full_method: str, kind: str) -> None:
        service, _, method = full_method.lstrip("/").partition("/")
        labels = (kind, service, method)
        self._handled = metrics.grpc_handled
        self._codes: dict[grpc.StatusCode, Any] = {}
        self.seconds = metrics.grpc_seconds.labels(*labels)
        # Pre-create the OK child so the series exists before the first call.
        self._codes[_OK] = self._handled.labels(*labels, _OK.name)
        self._labels = labels

    def done(self, began: float, code: grpc.StatusCode) -> None:
        self.seconds.observe(time.perf_counter() - began)
        child = self._codes.get(code)
        if child is None:
            child = self._codes[code] = self._handled.labels(*self._labels, code.name)
        child.inc()


def _code(context: Any, exc: BaseException | None) -> grpc.StatusCode:
    """The call's status: what the servicer set or aborted with; else from ``exc``."""
    code_of = getattr(context, "code", None)
    code = code_of() if code_of is not None else None
    if isinstance(code, grpc.StatusCode):
        return code
    if exc is None:
        return _OK
    if isinstance(exc, asyncio.CancelledError):
        return grpc.StatusCode.CANCELLED
    return grpc.StatusCode.UNKNOWN


def _unary(fn: Callable[..., Any], m: _Method) -> Callable[..., Any]:
    async def call(request: Any, context: Any) -> Any:
        began = time.perf_counter()
        try:
            result = await fn(request, context)
        except BaseException as exc:
            m.done(began, _code(context, exc))
            raise
        m.done(began, _code(context, None))
        return result

    return call


def _stream(fn: Callable[..., Any], m: _Method) -> Callable[..., Any]:
    if inspect.isasyncgenfunction(fn):

        async def generate(request: Any, context: Any) -> AsyncIterator[Any]:
            began = time.perf_counter()
            try:
                async for message in fn(request, context):
                    yield message
            except BaseException as exc:
                m.done(began, _code(context, exc))
                raise
            m.done(began, _code(context, None))

        return generate
    return _unary(fn, m)  # writes with context.write: a coroutine like a unary's


def wrap(metrics: Metrics) -> Callable[[str, Handler], Handler]:
    """The registrar wrap counting every call of every method."""

    def wrap_method(method: str, handler: Handler) -> Handler:
        common = {
            "request_deserializer": handler.request_deserializer,
            "response_serializer": handler.response_serializer,
        }
        if handler.unary_unary is not None:
            m = _Method(metrics, method, "unary")
            return grpc.unary_unary_rpc_method_handler(_unary(handler.unary_unary, m), **common)
        if handler.unary_stream is not None:
            m = _Method(metrics, method, "server_stream")
            return grpc.unary_stream_rpc_method_handler(_stream(handler.unary_stream, m), **common)
        return handler  # no client- or bidi-streaming methods are served

    return wrap_method

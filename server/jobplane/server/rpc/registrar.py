"""Wrap every method handler once, when the server registers it.

The server's per-call concerns (the security guard, the request parse check, the
pre-serialized responses of the watch streams) are applied here, at start-up,
instead of as ``grpc.aio`` interceptors: an interceptor runs a coroutine chain and
builds its wrapped handler on *every* call, which on a job control plane's hot
paths (SubmitJob, the WatchProgress fan-out) costs more than the work itself.

:class:`Registrar` stands in for the server in the generated
``add_*Servicer_to_server`` functions: both the registered-method table (gRPC's
fast path, consulted first) and the generic handlers receive the wrapped handlers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import grpc

if TYPE_CHECKING:
    Handler = grpc.RpcMethodHandler[Any, Any]

#: (full method name ``/package.Service/Method``, handler) -> the handler to serve.
Wrap = Callable[[str, "Handler"], "Handler"]


def full_name(service: str, method: str) -> str:
    return f"/{service}/{method}"


class _Generic(grpc.GenericRpcHandler):
    """A generic handler whose method handlers are wrapped (once per method)."""

    def __init__(self, inner: grpc.GenericRpcHandler, wrap: Wrap) -> None:
        self._inner = inner
        self._wrap = wrap
        self._done: dict[str, tuple[Handler, Handler]] = {}

    def service(self, handler_call_details: grpc.HandlerCallDetails) -> Handler | None:
        handler: Handler | None = self._inner.service(handler_call_details)
        if handler is None:
            return None
        method = handler_call_details.method
        done = self._done.get(method)
        if done is None or done[0] is not handler:
            done = self._done[method] = (handler, self._wrap(method, handler))
        return done[1]


class Registrar:
    """What the generated ``add_*Servicer_to_server`` functions need of a server."""

    def __init__(self, server: grpc.aio.Server, wrap: Wrap) -> None:
        self._server = server
        self._wrap = wrap
        #: Every registered method's wrapped handler, by full method name: the HTTP
        #: edge calls these, so both edges run the same guards and servicer.
        self.handlers: dict[str, Handler] = {}

    def add_generic_rpc_handlers(self, handlers: Sequence[grpc.GenericRpcHandler]) -> None:
        self._server.add_generic_rpc_handlers(tuple(_Generic(h, self._wrap) for h in handlers))

    def add_registered_method_handlers(self, service: str, handlers: Mapping[str, Handler]) -> None:
        wrapped = {name: self._wrap(full_name(service, name), h) for name, h in handlers.items()}
        self.handlers.update((full_name(service, name), h) for name, h in wrapped.items())
        self._server.add_registered_method_handlers(service, wrapped)


def chain(*wraps: Wrap) -> Wrap:
    """One wrap applying ``wraps`` innermost first (the last is the outermost)."""

    def wrap(method: str, handler: Handler) -> Handler:
        for w in wraps:
            handler = w(method, handler)
        return handler

    return wrap

"""The HTTP listener: JSON routes, event streams and the dashboard, on the gRPC loop.

aiohttp serves it (see docs/http.md for why: server, routing, static files,
streaming responses and cancellation of a vanished client's handler in one
mature package that runs on the loop ``grpc.aio`` already runs).
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import grpc
from aiohttp import web
from jobplane.server.auth.config import TlsConfig
from jobplane.server.http.browsers import browser_guard
from jobplane.server.http.config import HttpConfig
from jobplane.server.http.errors import HTTP_STATUS, plain_error
from jobplane.server.http.handlers import Streams, stream_endpoint, unary_endpoint
from jobplane.server.http.routes import Route, routes_for

if TYPE_CHECKING:
    Handler = grpc.RpcMethodHandler[Any, Any]

STATIC = Path(__file__).with_name("static")
_CORS_HEADERS = "authorization, content-type, last-event-id, x-jobplane-tenant"
_BY_HTTP = {405: grpc.StatusCode.UNIMPLEMENTED, 413: grpc.StatusCode.RESOURCE_EXHAUSTED}


def split_listen(listen: str) -> tuple[str, int]:
    host, _, port = listen.rpartition(":")
    return host.strip("[]") or "127.0.0.1", int(port)


def ssl_context(tls: TlsConfig) -> ssl.SSLContext | None:
    """The gRPC port's TLS for the HTTP port too (client certificates when required)."""
    if not tls.enabled or tls.cert_file is None or tls.key_file is None:
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(tls.cert_file, tls.key_file)
    if tls.client_ca_file is not None:
        context.load_verify_locations(tls.client_ca_file)
        context.verify_mode = ssl.CERT_REQUIRED
    return context


def _http_error(exc: web.HTTPException) -> web.Response:
    code = next((c for c, s in HTTP_STATUS.items() if s == exc.status), None)
    code = _BY_HTTP.get(exc.status, code or grpc.StatusCode.UNKNOWN)
    _, body, headers = plain_error(code, exc.reason)
    return web.Response(
        status=exc.status, body=body, content_type="application/json", headers=headers
    )


@web.middleware
async def _json_errors(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """The API answers its own HTTP errors (no route, wrong method) in the error JSON."""
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status < 400 or not request.path.startswith("/v1/"):
            raise
        return _http_error(exc)


def _cors(origins: tuple[str, ...]) -> Callable[[web.Request, web.StreamResponse], Awaitable[None]]:
    async def on_prepare(request: web.Request, response: web.StreamResponse) -> None:
        origin = request.headers.get("Origin")
        if origin and ("*" in origins or origin in origins):
            response.headers["Access-Control-Allow-Origin"] = "*" if "*" in origins else origin
            response.headers["Vary"] = "Origin"
            response.headers["Access-Control-Expose-Headers"] = "Retry-After, WWW-Authenticate"

    return on_prepare


async def _preflight(request: web.Request) -> web.Response:
    return web.Response(
        status=204,
        headers={
            "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
            "Access-Control-Allow-Headers": _CORS_HEADERS,
            "Access-Control-Max-Age": "600",
        },
    )


async def _index(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})


class HttpEdge:
    """Routes every annotated method of ``handlers`` (full method → the wrapped
    handler the gRPC server registered) and serves the dashboard."""

    def __init__(
        self,
        handlers: Mapping[str, Handler],
        config: HttpConfig,
        *,
        tls: ssl.SSLContext | None = None,
        max_body_bytes: int = 4 * 1024 * 1024,
        loopback_hosts_only: bool = False,
        extra_routes: Callable[[web.Application], None] | None = None,
    ) -> None:
        if config.address is None:
            raise ValueError("HttpEdge needs config.address")
        self.config = config
        self.listen: str = config.address
        self.routes: list[Route] = routes_for(handlers)
        self._tls = tls
        self._streams = Streams(config.sse_keepalive_s)
        self._app = self._build(handlers, max_body_bytes, loopback_hosts_only)
        if extra_routes is not None:  # e.g. /metrics
            extra_routes(self._app)
        self._runner: web.AppRunner | None = None
        self.port = 0

    def _build(
        self, handlers: Mapping[str, Handler], max_body_bytes: int, loopback_hosts_only: bool
    ) -> web.Application:
        guard = browser_guard(self.config.cors_origins, loopback_hosts_only=loopback_hosts_only)
        app = web.Application(client_max_size=max_body_bytes, middlewares=[_json_errors, guard])
        for route in self.routes:
            handler = handlers[route.full_method]
            endpoint = (
                stream_endpoint(route, handler, self._streams)
                if route.server_streaming
                else unary_endpoint(route, handler)
            )
            app.router.add_route(route.verb, route.path, endpoint)
        app.router.add_get("/", _index)
        app.router.add_static("/static", STATIC)
        if self.config.cors_origins:
            app.router.add_route("OPTIONS", "/{tail:.*}", _preflight)
            app.on_response_prepare.append(_cors(self.config.cors_origins))
        return app

    @property
    def url(self) -> str:
        host, _ = split_listen(self.listen)
        scheme = "https" if self._tls is not None else "http"
        return f"{scheme}://{f'[{host}]' if ':' in host else host}:{self.port}"

    async def start(self, shutdown_grace_s: float = 5.0) -> int:
        """Listen; the port actually bound (``:0`` picks one)."""
        self._runner = web.AppRunner(
            self._app,
            access_log=None,
            handler_cancellation=True,  # a vanished client unsubscribes at once
            shutdown_timeout=shutdown_grace_s,
        )
        await self._runner.setup()
        host, port = split_listen(self.listen)
        site = web.TCPSite(self._runner, host, port, ssl_context=self._tls, reuse_address=True)
        await site.start()
        # aiohttp exposes the bound port (``:0``) only on the asyncio server.
        server = cast(asyncio.Server, site._server)
        self.port = server.sockets[0].getsockname()[1]
        self._streams.keepalive.start()
        return self.port

    async def stop(self) -> None:
        """Stop listening; open event streams end when the broker closes them."""
        await self._streams.keepalive.stop()
        if self._runner is not None:
            await self._runner.cleanup()

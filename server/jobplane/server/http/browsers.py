"""What a browser could be tricked into: cross-site requests and DNS rebinding.

A page on another site can make a visitor's browser POST to this server (a form, or
``fetch`` with ``mode: "no-cors"``): no preflight is needed for such a request, and
the browser attaches client certificates by itself. So a state-changing request
that carries an ``Origin`` other than this server's own, and not allowed by
``--http-cors-origin``, is refused before it reaches the guards.

An open server (no authentication) on loopback trusts whoever reaches it; a
hostile page can reach it through DNS rebinding (its own name resolving to
127.0.0.1), which the ``Host`` header betrays: an open server answers only to
loopback host names.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from aiohttp import web
from aiohttp.typedefs import Middleware
from jobplane.server.domain import errors
from jobplane.server.http.errors import error_json, status_proto
from jobplane.server.rpc import status

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_LOOPBACK_NAMES = frozenset({"localhost", "ip6-localhost", "ip6-loopback"})


def _is_loopback_host(host: str) -> bool:
    name = urlsplit(f"//{host}").hostname or ""
    if name in _LOOPBACK_NAMES or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _refuse(message: str, reason: str) -> web.Response:
    grpc_status = status.to_status(errors.PermissionDeniedError(message, reason=reason))
    code, body, headers = error_json(
        status_proto(grpc_status.code, grpc_status.details, grpc_status.trailing_metadata)
    )
    return web.Response(status=code, body=body, content_type="application/json", headers=headers)


def browser_guard(cors_origins: tuple[str, ...], *, loopback_hosts_only: bool) -> Middleware:
    allowed = set(cors_origins)

    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not request.path.startswith("/v1/"):
            return await handler(request)
        if loopback_hosts_only and not _is_loopback_host(request.host):
            return _refuse(
                f"this open server answers only to loopback host names, not {request.host[:100]!r}",
                "HOST_NOT_ALLOWED",
            )
        origin = request.headers.get("Origin")
        if (
            origin is not None
            and request.method not in _SAFE_METHODS
            and "*" not in allowed
            and origin not in allowed
            and urlsplit(origin).netloc != request.host
        ):
            return _refuse(
                f"cross-origin request from {origin[:100]!r} refused; allow it with "
                "--http-cors-origin",
                "CROSS_ORIGIN_REQUEST",
            )
        return await handler(request)

    return guard

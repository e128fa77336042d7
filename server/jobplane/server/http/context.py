"""The servicer context of a call that arrived over HTTP.

The HTTP edge runs the very method handlers the gRPC server registered (the
parse guard, the security guard, the servicer), so it hands them an object with
the few ``grpc.aio.ServicerContext`` methods they use: the request's headers as
invocation metadata (``authorization``, ``x-jobplane-tenant`` …), the TLS peer,
``abort_with_status`` (the status is kept for the HTTP answer), and ``write``
for the streaming methods.
"""

from __future__ import annotations

import ssl
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, NoReturn

import grpc
from aiohttp import web
from google.rpc import status_pb2
from jobplane.server.http.errors import status_proto

Sink = Callable[[Any], Awaitable[None]]


class HttpContext:
    """What the wrapped handlers need of a ``grpc.aio.ServicerContext``."""

    __slots__ = ("_code", "_details", "_request", "_sink", "_trailers", "status")

    def __init__(self, request: web.Request, sink: Sink | None = None) -> None:
        self._request = request
        self._sink = sink
        self._code: grpc.StatusCode | None = None
        self._details = ""
        self._trailers: Any = ()
        #: Set when the call was aborted: what to answer.
        self.status: status_pb2.Status | None = None

    def invocation_metadata(self) -> tuple[tuple[str, str], ...]:
        return tuple((k.lower(), v) for k, v in self._request.headers.items())

    def auth_context(self) -> Mapping[str, list[bytes]]:
        transport = self._request.transport
        ssl_object = transport.get_extra_info("ssl_object") if transport else None
        if not isinstance(ssl_object, ssl.SSLObject | ssl.SSLSocket):
            return {}
        return peer_auth_context(ssl_object)

    def peer(self) -> str:
        """As gRPC spells it (``ipv4:127.0.0.1:53412``), for the audit log."""
        transport = self._request.transport
        peername = transport.get_extra_info("peername") if transport else None
        if not peername:
            return "unknown"
        host, port = peername[0], peername[1]
        return f"ipv6:[{host}]:{port}" if ":" in host else f"ipv4:{host}:{port}"

    async def abort(
        self, code: grpc.StatusCode, details: str = "", trailing_metadata: Any = ()
    ) -> NoReturn:
        self._code, self._details = code, details
        self.status = status_proto(code, details, trailing_metadata)
        raise grpc.aio.AbortError()

    async def abort_with_status(self, status: grpc.Status) -> NoReturn:
        await self.abort(status.code, status.details, status.trailing_metadata)

    def set_code(self, code: grpc.StatusCode) -> None:
        self._code = code

    def set_details(self, details: str) -> None:
        self._details = details

    def set_trailing_metadata(self, trailing_metadata: Any) -> None:
        self._trailers = trailing_metadata

    def code(self) -> grpc.StatusCode | None:
        return self._code

    def details(self) -> str:
        return self._details

    def time_remaining(self) -> float | None:
        return None

    def done(self) -> bool:
        transport = self._request.transport
        return transport is None or transport.is_closing()

    def cancelled(self) -> bool:
        return self.done()

    async def write(self, message: Any) -> None:
        if self._sink is None:
            raise grpc.aio.UsageError("write() on a unary call")
        await self._sink(message)

    def error_status(self) -> status_pb2.Status | None:
        """The status to answer when the handler returned without aborting but set
        an error code (``set_code``), else the abort's status (None: success)."""
        if self.status is None and self._code not in (None, grpc.StatusCode.OK):
            assert self._code is not None
            self.status = status_proto(self._code, self._details, self._trailers)
        return self.status


def peer_auth_context(ssl_object: ssl.SSLObject | ssl.SSLSocket) -> dict[str, list[bytes]]:
    """gRPC's auth-context keys for a verified client certificate (see auth/mtls.py)."""
    der = ssl_object.getpeercert(binary_form=True)
    cert: Any = ssl_object.getpeercert()
    if not der or not cert:
        return {"transport_security_type": [b"ssl"]}
    names = [
        value.encode()
        for rdn in cert.get("subject", ())
        for key, value in rdn
        if key == "commonName"
    ]
    sans = [
        value.encode()
        for kind, value in cert.get("subjectAltName", ())
        if kind in ("DNS", "URI", "IP Address")
    ]
    return {
        "transport_security_type": [b"ssl"],
        "x509_pem_cert": [ssl.DER_cert_to_PEM_cert(der).encode()],
        "x509_common_name": names,
        "x509_subject_alternative_name": sans,
    }

"""How the client reaches JobService: a small transport interface and two transports.

The client's logic (request building, error mapping, paging, the wait and watch
loops) is written once against :class:`Transport`. :class:`AioTransport` is the
real one (a ``grpc.aio`` channel with gRPC's retry service config);
:class:`SyncChannelTransport` drives any *sync* ``grpc.Channel`` from worker
threads, which is how the client runs over ``grpc_testing``'s scripted channel
in tests (and over a sync channel someone already has).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Callable
from pathlib import Path
from typing import Any, Final, Protocol, TypeVar, cast

import grpc  # type: ignore[import-untyped,unused-ignore]
import grpc.aio  # type: ignore[import-untyped,unused-ignore]
from google.protobuf.message import Message
from jobplane.client._config import RetryConfig, TlsConfig
from jobplane.client._errors import from_rpc_error

_R = TypeVar("_R", bound=Message)

SERVICE: Final = "jobplane.v1.JobService"
_END: Final = object()


def method_path(method: str) -> str:
    """The full gRPC path of a JobService method, e.g. ``/jobplane.v1.JobService/GetJob``
    (a method of another service is named by its full path already)."""
    return method if method.startswith("/") else f"/{SERVICE}/{method}"


class Transport(Protocol):
    """Carries one JobService call; raises :class:`~jobplane.client.JobplaneError`."""

    async def unary(
        self, method: str, request: Message, response_type: type[_R], *, timeout_s: float | None
    ) -> _R:
        """Make a unary call of ``method`` (a JobService method name)."""
        ...

    def stream(
        self, method: str, request: Message, response_type: type[_R]
    ) -> AsyncGenerator[_R, None]:
        """Open a server stream of ``method``; closing the iterator cancels the call."""
        ...

    async def close(self) -> None:
        """Release the transport's resources."""
        ...


#: The metadata key an admin names the tenant to act on with (see the server's auth).
TENANT_HEADER = "x-jobplane-tenant"


def _auth_metadata(
    token: str | None, tenant: str | None = None
) -> tuple[tuple[str, str], ...] | None:
    pairs = []
    if token:
        pairs.append(("authorization", f"Bearer {token}"))
    if tenant:
        pairs.append((TENANT_HEADER, tenant))
    return tuple(pairs) or None


class AioTransport:
    """A ``grpc.aio`` channel to ``target``; create it inside a running event loop.

    UNAVAILABLE on idempotent methods is retried by gRPC itself, per ``retry``.
    The bearer token travels as ``authorization`` metadata on every call; without
    ``tls`` it travels in clear text, so keep plaintext to loopback.
    """

    def __init__(
        self,
        target: str,
        *,
        token: str | None = None,
        tls: TlsConfig | None = None,
        retry: RetryConfig | None = None,
        tenant: str | None = None,
    ) -> None:
        options = [
            ("grpc.enable_retries", 1),
            ("grpc.service_config", (retry or RetryConfig()).service_config()),
            # Notice a dead peer under a long, quiet watch. Servers refuse pings more
            # often than every 5 min by default (GOAWAY "too_many_pings"): stay above.
            ("grpc.keepalive_time_ms", 360_000),
            ("grpc.keepalive_timeout_ms", 20_000),
        ]
        if tls is None:
            self._channel: Any = grpc.aio.insecure_channel(target, options=options)
        else:
            self._channel = grpc.aio.secure_channel(target, _credentials(tls), options=options)
        self._metadata = _auth_metadata(token, tenant)

    async def unary(
        self, method: str, request: Message, response_type: type[_R], *, timeout_s: float | None
    ) -> _R:
        """Make a unary call of ``method``."""
        call = self._channel.unary_unary(
            method_path(method),
            request_serializer=_serialize,
            response_deserializer=response_type.FromString,
        )
        try:
            response: _R = await call(request, timeout=timeout_s, metadata=self._metadata)
        except grpc.RpcError as exc:
            raise from_rpc_error(exc) from exc
        return response

    async def stream(
        self, method: str, request: Message, response_type: type[_R]
    ) -> AsyncGenerator[_R, None]:
        """Open a server stream of ``method``."""
        call = self._channel.unary_stream(
            method_path(method),
            request_serializer=_serialize,
            response_deserializer=response_type.FromString,
        )(request, metadata=self._metadata)
        try:
            async for message in call:
                yield message
        except grpc.RpcError as exc:
            raise from_rpc_error(exc) from exc
        finally:
            call.cancel()

    async def close(self) -> None:
        """Close the channel."""
        await self._channel.close()


class SyncChannelTransport:
    """Runs calls on a sync ``grpc.Channel`` (e.g. ``grpc_testing.channel``) in threads.

    The channel is the caller's: :meth:`close` leaves it open. gRPC retries apply
    only if the caller built the channel with a retry service config.
    """

    def __init__(
        self, channel: Any, *, token: str | None = None, tenant: str | None = None
    ) -> None:
        self._channel = channel
        self._metadata = _auth_metadata(token, tenant)

    async def unary(
        self, method: str, request: Message, response_type: type[_R], *, timeout_s: float | None
    ) -> _R:
        """Make a unary call of ``method`` on a worker thread."""
        call = self._channel.unary_unary(
            method_path(method),
            request_serializer=_serialize,
            response_deserializer=response_type.FromString,
        )
        try:
            response: _R = await asyncio.to_thread(
                call, request, timeout=timeout_s, metadata=self._metadata
            )
        except grpc.RpcError as exc:
            raise from_rpc_error(exc) from exc
        return response

    async def stream(
        self, method: str, request: Message, response_type: type[_R]
    ) -> AsyncGenerator[_R, None]:
        """Open a server stream of ``method``; each read blocks a worker thread."""
        call = self._channel.unary_stream(
            method_path(method),
            request_serializer=_serialize,
            response_deserializer=response_type.FromString,
        )(request, metadata=self._metadata)
        read: Callable[[], object] = lambda: next(call, _END)
        try:
            # Bounded by the stream: it ends, fails, or is cancelled in `finally`.
            while (message := await asyncio.to_thread(read)) is not _END:
                yield cast(_R, message)
        except grpc.RpcError as exc:
            raise from_rpc_error(exc) from exc
        finally:
            # Unblocks a read still waiting in its thread when the consumer stops early.
            call.cancel()

    async def close(self) -> None:
        """Nothing to release: the channel belongs to the caller."""


def _serialize(message: Message) -> bytes:
    return message.SerializeToString()


def _read(path: Path | None) -> bytes | None:
    return path.read_bytes() if path is not None else None


def _credentials(tls: TlsConfig) -> Any:
    return grpc.ssl_channel_credentials(
        root_certificates=_read(tls.root_ca),
        private_key=_read(tls.client_key),
        certificate_chain=_read(tls.client_cert),
    )

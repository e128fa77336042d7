"""Keepalive reaps half-open clients, on a real socket.

A client that opened an HTTP/2 connection and then went silent (its host vanished:
no FIN, no RST) never answers the server's keepalive PING; the server must close the
connection after ``keepalive_timeout``. The server's own options are used
(``RpcConfig.server_options``), with ``keepalive_s`` / ``keepalive_timeout_s`` set from
60 s / 20 s down to 0.2 s so the case runs in a second; the same client against the
defaults stays connected (so it is the keepalive, not some other timeout, that reaps
it)."""

from __future__ import annotations

import asyncio
import socket
import time

import grpc
from grpc_health.v1 import health, health_pb2_grpc
from jobplane.server.rpc.config import RpcConfig

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
SETTINGS = b"\x00\x00\x00\x04\x00\x00\x00\x00\x00"  # empty SETTINGS frame
SETTINGS_ACK = b"\x00\x00\x00\x04\x01\x00\x00\x00\x00"


def _options(scaled: bool) -> list[tuple[str, int]]:
    defaults = dict(RpcConfig().server_options())
    assert defaults["grpc.keepalive_time_ms"] == 60_000  # the README's figures
    assert defaults["grpc.keepalive_timeout_ms"] == 20_000
    if not scaled:
        return list(defaults.items())
    return RpcConfig(keepalive_s=0.2, keepalive_timeout_s=0.2).server_options()


def _half_open_client(port: int) -> socket.socket:
    """Connect, exchange SETTINGS like a client would, then never read or write again."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.sendall(PREFACE + SETTINGS)
    header = sock.recv(9)  # the server's SETTINGS frame header
    assert len(header) == 9 and header[3] == 4, header
    length = int.from_bytes(header[:3], "big")
    while length:
        length -= len(sock.recv(length))
    sock.sendall(SETTINGS_ACK)
    return sock


def _closed(sock: socket.socket) -> bool:
    """True once the server closed the connection (EOF or reset); reads what it sent."""
    sock.setblocking(False)
    try:
        while True:
            data = sock.recv(65536)
            if not data:
                return True
    except BlockingIOError:
        return False
    except ConnectionResetError:
        return True


async def _reaped_within(scaled: bool, wait_s: float) -> bool:
    server = grpc.aio.server(options=_options(scaled))
    health_pb2_grpc.add_HealthServicer_to_server(health.aio.HealthServicer(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    sock = await asyncio.to_thread(_half_open_client, port)
    try:
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            if _closed(sock):
                return True
            await asyncio.sleep(0.05)
        return False
    finally:
        sock.close()
        await server.stop(0)


async def test_keepalive_reaps_a_half_open_client() -> None:
    assert await _reaped_within(scaled=True, wait_s=15.0), "a silent client was never reaped"


async def test_a_silent_client_is_kept_until_its_keepalive_is_due() -> None:
    assert not await _reaped_within(scaled=False, wait_s=1.5), "closed before keepalive was due"

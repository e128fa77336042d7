"""Fixtures for the HTTP edge: a real server with ``--http-listen`` on loopback,
an aiohttp client, and the gRPC stub of the same server."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import grpc
import pytest
from jobplane.server import app
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from ..conftest import StartServer


@pytest.fixture
async def edge(start_server: StartServer) -> app.Running:
    """A server with the HTTP edge on 127.0.0.1:0 (in-memory SQLite, demo handlers)."""
    return await start_server(http_listen="127.0.0.1:0")


@pytest.fixture
async def http(edge: app.Running) -> AsyncIterator[aiohttp.ClientSession]:
    assert edge.http is not None
    async with aiohttp.ClientSession(base_url=edge.http.url) as session:
        yield session


@pytest.fixture
async def grpc_stub(edge: app.Running) -> AsyncIterator[svc_grpc.JobServiceStub]:
    async with grpc.aio.insecure_channel(edge.target) as channel:
        yield svc_grpc.JobServiceStub(channel)


# The security tests' principals, tokens and PKI, for the same matrix over HTTP.
from ..auth.conftest import keys, world  # noqa: E402, F401

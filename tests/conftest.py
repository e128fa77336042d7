"""Shared fixtures: a real grpc.aio server on loopback and a stub talking to it."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import grpc
import pytest
from jobplane.server import app
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from .support import config

StartServer = Callable[..., Awaitable[app.Running]]


@pytest.fixture
async def start_server() -> AsyncIterator[StartServer]:
    """Start in-process servers with config overrides; all stopped at teardown."""
    running: list[app.Running] = []

    async def start(**overrides: object) -> app.Running:
        srv = await app.start(config(**overrides))
        running.append(srv)
        return srv

    yield start
    for srv in running:
        await srv.stop(grace_s=0.5)


@pytest.fixture
async def server(start_server: StartServer) -> app.Running:
    """A server on an in-memory SQLite store with the demo handlers."""
    return await start_server()


@pytest.fixture
async def file_server(start_server: StartServer, tmp_path: Path) -> app.Running:
    """A server on a SQLite file."""
    return await start_server(db=f"sqlite:///{tmp_path / 'jobs.db'}")


@pytest.fixture
async def stub(server: app.Running) -> AsyncIterator[svc_grpc.JobServiceStub]:
    async with grpc.aio.insecure_channel(server.target) as channel:
        yield svc_grpc.JobServiceStub(channel)


@pytest.fixture
def postgres_url() -> str:
    """JOBPLANE_TEST_POSTGRES_URL; skipped when unset unless CI=true (then it fails)."""
    url = os.environ.get("JOBPLANE_TEST_POSTGRES_URL", "")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but JOBPLANE_TEST_POSTGRES_URL is not set")
        pytest.skip("JOBPLANE_TEST_POSTGRES_URL not set")
    return url

"""Fixtures: a live server on a SQLite file and a client with both stubs."""

from __future__ import annotations

from collections.abc import AsyncIterator

import grpc
import pytest
from jobplane.server import app

from .helpers import Client


@pytest.fixture
async def client(file_server: app.Running) -> AsyncIterator[Client]:
    async with grpc.aio.insecure_channel(file_server.target) as channel:
        yield Client(channel)

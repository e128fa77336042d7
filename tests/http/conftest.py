"""Fixtures for the HTTP edge: a real server with ``--http-listen`` on loopback,
an aiohttp client, and the gRPC stub of the same server."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator

import aiohttp
import grpc
import pytest
from jobplane.server import app
from jobplane.server.config import HttpConfig
from jobplane.v1 import job_service_pb2_grpc as svc_grpc
from selenium import webdriver

from ..auth.conftest import keys, world  # noqa: F401  (the security tests' principals, for HTTP)
from ..conftest import StartServer
from . import browser


@pytest.fixture
async def edge(start_server: StartServer) -> app.Running:
    """A server with the HTTP edge on 127.0.0.1:0 (in-memory SQLite, demo handlers)."""
    return await start_server(http=HttpConfig(address="127.0.0.1:0"))


@pytest.fixture
async def http(edge: app.Running) -> AsyncIterator[aiohttp.ClientSession]:
    assert edge.http is not None
    async with aiohttp.ClientSession(base_url=edge.http.url) as session:
        yield session


@pytest.fixture
async def grpc_stub(edge: app.Running) -> AsyncIterator[svc_grpc.JobServiceStub]:
    async with grpc.aio.insecure_channel(edge.target) as channel:
        yield svc_grpc.JobServiceStub(channel)


@pytest.fixture(scope="session")
def chromium() -> Iterator[webdriver.Chrome]:
    """One headless Chromium for the session (skipped where it is not installed,
    except under CI, where .ci/run installs it)."""
    if browser.binaries() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium/chromedriver missing: .ci/run installs them")
        pytest.skip("chromium and chromium-driver are not installed")
    driver = browser.start_chromium()
    yield driver
    driver.quit()


@pytest.fixture
async def page(chromium: webdriver.Chrome) -> AsyncIterator[browser.Page]:
    p = browser.Page(chromium)
    yield p
    await p.open("about:blank")  # close the page's streams before the server stops

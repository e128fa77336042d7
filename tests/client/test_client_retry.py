"""gRPC's own retries (the channel's service config) over a real grpc.aio channel.

grpc_testing's channel does not run service-config retries, so these use a real
``grpc.aio`` server on 127.0.0.1:0 with a servicer scripted to answer
UNAVAILABLE twice: the client code under test is the real ``connect()`` path.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import grpc
import pytest
from jobplane.client import AsyncJobClient, RetryConfig, ServerUnavailable, connect
from jobplane.v1 import job_pb2, job_service_pb2, job_service_pb2_grpc


class UnavailableTwice(job_service_pb2_grpc.JobServiceServicer):
    """Fails each method's first two calls with UNAVAILABLE, then answers."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.request_ids: list[str] = []

    async def _flaky(self, method: str, context: Any) -> None:
        self.calls[method] += 1
        if self.calls[method] <= 2:
            await context.abort(grpc.StatusCode.UNAVAILABLE, "warming up")

    async def GetJob(self, request: Any, context: Any) -> Any:
        await self._flaky("GetJob", context)
        return job_service_pb2.GetJobResponse(job=job_pb2.Job(id=request.job_id))

    async def SubmitJob(self, request: Any, context: Any) -> Any:
        self.request_ids.append(request.request_id)
        await self._flaky("SubmitJob", context)
        return job_service_pb2.SubmitJobResponse(job=job_pb2.Job(id="new", type=request.type))

    async def PauseJob(self, request: Any, context: Any) -> Any:
        await self._flaky("PauseJob", context)
        return job_service_pb2.PauseJobResponse(job=job_pb2.Job(id=request.job_id))


@pytest.fixture
async def servicer() -> AsyncIterator[tuple[UnavailableTwice, str]]:
    servicer = UnavailableTwice()
    server = grpc.aio.server()
    job_service_pb2_grpc.add_JobServiceServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    try:
        yield servicer, f"127.0.0.1:{port}"
    finally:
        await server.stop(None)


@pytest.fixture
async def client(servicer: tuple[UnavailableTwice, str]) -> AsyncIterator[AsyncJobClient]:
    retry = RetryConfig(initial_backoff_s=0.01, max_backoff_s=0.05)
    async with connect(servicer[1], retry=retry, timeout_s=10) as client:
        yield client


async def test_an_idempotent_call_survives_unavailable_twice(
    servicer: tuple[UnavailableTwice, str], client: AsyncJobClient
) -> None:
    job = await client.get("j1")
    assert job.id == "j1"
    assert servicer[0].calls["GetJob"] == 3


async def test_submit_retries_with_one_request_id(
    servicer: tuple[UnavailableTwice, str], client: AsyncJobClient
) -> None:
    job = await client.submit("demo.echo", {"x": 1})
    assert job.id == "new"
    ids = servicer[0].request_ids
    assert len(ids) == 3
    assert len(set(ids)) == 1 and ids[0]


async def test_a_non_idempotent_call_is_not_retried(
    servicer: tuple[UnavailableTwice, str], client: AsyncJobClient
) -> None:
    with pytest.raises(ServerUnavailable, match="warming up"):
        await client.pause("j1")
    assert servicer[0].calls["PauseJob"] == 1


async def test_the_retry_budget_is_bounded(servicer: tuple[UnavailableTwice, str]) -> None:
    retry = RetryConfig(max_attempts=2, initial_backoff_s=0.01, max_backoff_s=0.05)
    async with connect(servicer[1], retry=retry) as client:
        with pytest.raises(ServerUnavailable):
            await client.get("j1")
    assert servicer[0].calls["GetJob"] == 2

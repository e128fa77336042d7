"""The client's logic, driven deterministically over grpc_testing's scripted channel."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import grpc
import pytest
from jobplane.client import (
    AsyncJobClient,
    DeadlineExceeded,
    InvalidJobRequest,
    JobAlreadyComplete,
    JobNotFound,
    JobplaneError,
    JobStateConflict,
    PermissionDenied,
    ReconnectPolicy,
    RequestIdConflict,
    ResourceExhausted,
    SequenceOutOfRange,
    ServerUnavailable,
    SyncChannelTransport,
    Unauthenticated,
)
from jobplane.v1 import job_pb2, job_service_pb2

from .client_support import ScriptedServer, job, rich_status

FAST = ReconnectPolicy(initial_backoff_s=0.001, max_backoff_s=0.01, max_attempts=3)
RUNNING = job_pb2.JOB_STATUS_RUNNING
SUCCEEDED = job_pb2.JOB_STATUS_SUCCEEDED


@pytest.fixture
def scripted() -> ScriptedServer:
    return ScriptedServer()


@pytest.fixture
async def client(scripted: ScriptedServer) -> AsyncIterator[AsyncJobClient]:
    transport = SyncChannelTransport(scripted.channel, token="s3cret")
    async with AsyncJobClient(transport=transport, reconnect=FAST, timeout_s=5) as client:
        yield client


async def test_get_sends_the_id_and_the_bearer_token(
    scripted: ScriptedServer, client: AsyncJobClient
) -> None:
    call = asyncio.create_task(client.get("j1"))
    metadata, request, rpc = await scripted.take_unary("GetJob")
    rpc.terminate(job_service_pb2.GetJobResponse(job=job("j1")), (), grpc.StatusCode.OK, "")
    got = await call
    assert request.job_id == "j1"
    assert ("authorization", "Bearer s3cret") in metadata
    assert isinstance(got, job_pb2.Job)
    assert got.id == "j1"


@pytest.mark.parametrize(
    ("code", "reason", "expected"),
    [
        (grpc.StatusCode.NOT_FOUND, "JOB_NOT_FOUND", JobNotFound),
        (grpc.StatusCode.INVALID_ARGUMENT, "UNKNOWN_JOB_TYPE", InvalidJobRequest),
        (grpc.StatusCode.ALREADY_EXISTS, "REQUEST_ID_CONFLICT", RequestIdConflict),
        (grpc.StatusCode.FAILED_PRECONDITION, "JOB_ALREADY_COMPLETE", JobAlreadyComplete),
        (grpc.StatusCode.FAILED_PRECONDITION, "JOB_NOT_PAUSED", JobStateConflict),
        (grpc.StatusCode.OUT_OF_RANGE, "SEQUENCE_OUT_OF_RANGE", SequenceOutOfRange),
        (grpc.StatusCode.UNAUTHENTICATED, "", Unauthenticated),
        (grpc.StatusCode.PERMISSION_DENIED, "", PermissionDenied),
        (grpc.StatusCode.RESOURCE_EXHAUSTED, "QUEUE_FULL", ResourceExhausted),
        (grpc.StatusCode.DEADLINE_EXCEEDED, "", DeadlineExceeded),
        (grpc.StatusCode.UNAVAILABLE, "", ServerUnavailable),
        (grpc.StatusCode.INTERNAL, "", JobplaneError),
    ],
)
async def test_statuses_map_to_typed_errors(
    scripted: ScriptedServer,
    client: AsyncJobClient,
    code: grpc.StatusCode,
    reason: str,
    expected: type[JobplaneError],
) -> None:
    call = asyncio.create_task(client.cancel("j1"))
    await scripted.fail(
        "CancelJob", code, "it went wrong", reason=reason, metadata={"job_id": "j1"}
    )
    with pytest.raises(expected) as caught:
        await call
    assert type(caught.value) is expected
    assert caught.value.code == code.name
    assert caught.value.reason == reason
    assert caught.value.message == "it went wrong"
    assert caught.value.metadata == ({"job_id": "j1"} if reason else {})
    assert isinstance(caught.value.__cause__, grpc.RpcError)


async def test_bad_request_field_violations_are_kept(
    scripted: ScriptedServer, client: AsyncJobClient
) -> None:
    call = asyncio.create_task(client.submit("demo.echo", priority=500))
    await scripted.fail(
        "SubmitJob",
        grpc.StatusCode.INVALID_ARGUMENT,
        "priority out of range",
        reason="INVALID_ARGUMENT",
        violations=(("priority", "must be 0..100"),),
    )
    with pytest.raises(InvalidJobRequest) as caught:
        await call
    assert caught.value.field_violations == (("priority", "must be 0..100"),)
    assert str(caught.value) == "INVALID_ARGUMENT: priority out of range"


async def test_a_status_without_details_still_maps_by_code(
    scripted: ScriptedServer, client: AsyncJobClient
) -> None:
    call = asyncio.create_task(client.get("nope"))
    _, _, rpc = await scripted.take_unary("GetJob")
    rpc.terminate(None, (), grpc.StatusCode.NOT_FOUND, "no such job")
    with pytest.raises(JobNotFound) as caught:
        await call
    assert (caught.value.reason, caught.value.message) == ("", "no such job")


async def test_unary_unavailable_is_not_retried_by_hand(
    scripted: ScriptedServer, client: AsyncJobClient
) -> None:
    # Retrying UNAVAILABLE is the channel's service config's job (see the live
    # test); the client code itself makes exactly one call and reports the error.
    call = asyncio.create_task(client.get("j1"))
    await scripted.fail("GetJob", grpc.StatusCode.UNAVAILABLE, "down")
    with pytest.raises(ServerUnavailable):
        await call


async def test_submit_generates_a_request_id_and_sends_options(
    scripted: ScriptedServer, client: AsyncJobClient
) -> None:
    when = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    call = asyncio.create_task(
        client.submit(
            "demo.sleep",
            {"seconds": 1.5, "steps": 3},
            priority=75,
            labels={"team": "ml"},
            timeout_s=30,
            max_attempts=4,
            schedule_time=when,
            ttl_s=60,
        )
    )
    request = await scripted.answer("SubmitJob", job_service_pb2.SubmitJobResponse(job=job("j9")))
    assert (await call).id == "j9"
    assert uuid.UUID(request.request_id)
    assert request.type == "demo.sleep"
    assert dict(request.payload) == {"seconds": 1.5, "steps": 3}
    assert request.HasField("priority") and request.priority == 75
    assert dict(request.labels) == {"team": "ml"}
    assert request.timeout.seconds == 30
    assert request.max_attempts == 4
    assert request.schedule_time.ToDatetime(tzinfo=UTC) == when
    assert request.ttl.seconds == 60
    assert not request.HasField("heartbeat_timeout")


async def test_submit_keeps_a_given_request_id_and_leaves_priority_unset(
    scripted: ScriptedServer, client: AsyncJobClient
) -> None:
    call = asyncio.create_task(client.submit("demo.echo", request_id="mine"))
    request = await scripted.answer("SubmitJob", job_service_pb2.SubmitJobResponse(job=job()))
    await call
    assert request.request_id == "mine"
    assert not request.HasField("priority")


async def test_submit_rejects_a_naive_schedule_time(client: AsyncJobClient) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        await client.submit("demo.echo", schedule_time=datetime(2030, 1, 1))


async def test_list_follows_page_tokens_with_the_filter(
    scripted: ScriptedServer, client: AsyncJobClient
) -> None:
    async def collect() -> list[str]:
        return [j.id async for j in client.list('type = "demo.echo"', page_size=2)]

    call = asyncio.create_task(collect())
    pages = [(["a", "b"], "t1"), (["c", "d"], "t2"), (["e"], "")]
    requests = []
    for ids, token in pages:
        response = job_service_pb2.ListJobsResponse(
            jobs=[job(i) for i in ids], next_page_token=token
        )
        requests.append(await scripted.answer("ListJobs", response))
    assert await call == ["a", "b", "c", "d", "e"]
    assert [r.page_token for r in requests] == ["", "t1", "t2"]
    assert {r.filter for r in requests} == {'type = "demo.echo"'}


async def test_list_stops_at_the_limit(scripted: ScriptedServer, client: AsyncJobClient) -> None:
    async def collect() -> list[str]:
        return [j.id async for j in client.list(page_size=2, limit=3)]

    call = asyncio.create_task(collect())
    first = await scripted.answer(
        "ListJobs",
        job_service_pb2.ListJobsResponse(jobs=[job("a"), job("b")], next_page_token="t1"),
    )
    second = await scripted.answer(
        "ListJobs",
        job_service_pb2.ListJobsResponse(jobs=[job("c")], next_page_token="t2"),
    )
    assert await call == ["a", "b", "c"]
    assert (first.page_size, second.page_size) == (2, 1)


async def test_wait_polls_until_terminal_across_unavailable(
    scripted: ScriptedServer, client: AsyncJobClient
) -> None:
    call = asyncio.create_task(client.wait("j1", timeout_s=30))
    first = await scripted.answer(
        "WaitJob", job_service_pb2.WaitJobResponse(job=job("j1", RUNNING))
    )
    await scripted.fail("WaitJob", grpc.StatusCode.UNAVAILABLE, "restarting")
    await scripted.fail("WaitJob", grpc.StatusCode.UNAVAILABLE, "restarting")
    last = await scripted.answer(
        "WaitJob", job_service_pb2.WaitJobResponse(job=job("j1", SUCCEEDED))
    )
    done = await call
    assert done.status == SUCCEEDED
    assert first.job_id == last.job_id == "j1"
    assert 0 < last.timeout.ToTimedelta().total_seconds() <= 30


async def test_wait_returns_the_running_job_when_its_timeout_passes(
    scripted: ScriptedServer, client: AsyncJobClient
) -> None:
    call = asyncio.create_task(client.wait("j1", timeout_s=0.05))
    _, _, rpc = await scripted.take_unary("WaitJob")
    await asyncio.sleep(0.1)  # the server answers only once the caller's timeout passed
    response = job_service_pb2.WaitJobResponse(job=job("j1", RUNNING))
    rpc.terminate(response, (), grpc.StatusCode.OK, "")
    assert (await call).status == RUNNING


async def test_wait_gives_up_after_too_many_unavailable(
    scripted: ScriptedServer, client: AsyncJobClient
) -> None:
    call = asyncio.create_task(client.wait("j1", timeout_s=30))
    for _ in range(FAST.max_attempts + 1):
        await scripted.fail("WaitJob", grpc.StatusCode.UNAVAILABLE, "gone")
    with pytest.raises(ServerUnavailable):
        await call


async def test_details_survive_a_status_message_that_differs(
    scripted: ScriptedServer, client: AsyncJobClient
) -> None:
    call = asyncio.create_task(client.get("j1"))
    _, _, rpc = await scripted.take_unary("GetJob")
    trailing, code, _ = rich_status(grpc.StatusCode.NOT_FOUND, "job j1", reason="JOB_NOT_FOUND")
    rpc.terminate(None, trailing, code, "job j1 (said differently)")
    with pytest.raises(JobNotFound) as caught:
        await call
    assert caught.value.reason == "JOB_NOT_FOUND"
    assert caught.value.message == "job j1 (said differently)"


async def test_a_garbled_details_trailer_keeps_code_and_message(
    scripted: ScriptedServer, client: AsyncJobClient
) -> None:
    call = asyncio.create_task(client.get("j1"))
    _, _, rpc = await scripted.take_unary("GetJob")
    rpc.terminate(
        None, (("grpc-status-details-bin", b"\xff\x00garbage"),), grpc.StatusCode.INTERNAL, "boom"
    )
    with pytest.raises(JobplaneError) as caught:
        await call
    assert (caught.value.code, caught.value.reason, caught.value.message) == (
        "INTERNAL",
        "",
        "boom",
    )

"""The resumable watch and the sync wrapper, over grpc_testing's scripted channel."""

from __future__ import annotations

import asyncio
import contextlib
import queue
from collections.abc import AsyncIterator

import grpc
import pytest
from jobplane.client import (
    AsyncJobClient,
    JobClient,
    JobNotFound,
    ReconnectPolicy,
    SequenceOutOfRange,
    ServerUnavailable,
    SyncChannelTransport,
)
from jobplane.v1 import job_pb2, job_service_pb2

from .client_support import ScriptedServer, event, job, rich_status

FAST = ReconnectPolicy(initial_backoff_s=0.001, max_backoff_s=0.01, max_attempts=3)
SUCCEEDED = job_pb2.JOB_STATUS_SUCCEEDED
OK = grpc.StatusCode.OK


@pytest.fixture
def scripted() -> ScriptedServer:
    return ScriptedServer()


@pytest.fixture
async def client(scripted: ScriptedServer) -> AsyncIterator[AsyncJobClient]:
    async with AsyncJobClient(
        transport=SyncChannelTransport(scripted.channel), reconnect=FAST
    ) as client:
        yield client


def _unavailable() -> tuple[object, grpc.StatusCode, str]:
    return rich_status(grpc.StatusCode.UNAVAILABLE, "connection reset")


async def _collect(client: AsyncJobClient, **kw: int | bool) -> list[int]:
    return [e.sequence async for e in client.watch("j1", **kw)]  # type: ignore[arg-type]


class Consumer:
    """Watches j1 and reports each event as it is seen.

    grpc_testing drops responses still unread when a stream is failed, so the
    test waits until the client has read them before it breaks the stream.
    """

    def __init__(self, client: AsyncJobClient) -> None:
        self.seen: asyncio.Queue[int] = asyncio.Queue()
        self.task = asyncio.create_task(self._run(client))

    async def _run(self, client: AsyncJobClient) -> list[int]:
        sequences = []
        async for e in client.watch("j1"):
            sequences.append(e.sequence)
            self.seen.put_nowait(e.sequence)
        return sequences

    async def read(self, count: int) -> list[int]:
        return [await asyncio.wait_for(self.seen.get(), 5) for _ in range(count)]


async def test_a_broken_stream_resumes_without_gap_or_duplicate(
    scripted: ScriptedServer, client: AsyncJobClient
) -> None:
    consumer = Consumer(client)

    _, first, rpc = await scripted.take_stream("WatchProgress")
    for seq in (3, 4, 5):
        rpc.send_response(event(seq, percent=10.0 * seq))
    assert await consumer.read(3) == [3, 4, 5]
    rpc.terminate(*_unavailable())  # breaks after 3 events

    _, second, rpc = await scripted.take_stream("WatchProgress")
    for seq in (5, 6, 7):  # 5 again: a server replaying the cursor event is deduplicated
        rpc.send_response(event(seq))
    rpc.terminate((), OK, "")  # ends without the terminal event: a dropped stream

    _, third, rpc = await scripted.take_stream("WatchProgress")
    rpc.send_response(event(8, SUCCEEDED, 100.0))
    rpc.terminate((), OK, "")

    assert await consumer.task == [3, 4, 5, 6, 7, 8]
    assert [r.after_sequence for r in (first, second, third)] == [0, 5, 7]
    assert {r.job_id for r in (first, second, third)} == {"j1"}


async def test_unavailable_twice_on_open_then_the_watch_goes_on(
    scripted: ScriptedServer, client: AsyncJobClient
) -> None:
    watching = asyncio.create_task(_collect(client, after_sequence=41))
    cursors = []
    for _ in range(2):
        _, request, rpc = await scripted.take_stream("WatchProgress")
        cursors.append(request.after_sequence)
        rpc.terminate(*_unavailable())
    _, request, rpc = await scripted.take_stream("WatchProgress")
    cursors.append(request.after_sequence)
    rpc.send_response(event(42))
    rpc.send_response(event(43, SUCCEEDED))
    rpc.terminate((), OK, "")
    assert await watching == [42, 43]
    assert cursors == [41, 41, 41]


async def test_the_watch_gives_up_after_the_policy_attempts(
    scripted: ScriptedServer, client: AsyncJobClient
) -> None:
    watching = asyncio.create_task(_collect(client))
    for _ in range(FAST.max_attempts + 1):
        _, _, rpc = await scripted.take_stream("WatchProgress")
        rpc.terminate(*_unavailable())
    with pytest.raises(ServerUnavailable):
        await watching


async def test_an_expired_cursor_resyncs_from_a_snapshot(
    scripted: ScriptedServer, client: AsyncJobClient
) -> None:
    watching = asyncio.create_task(_collect(client, after_sequence=10))
    _, stale, rpc = await scripted.take_stream("WatchProgress")
    rpc.terminate(
        *rich_status(grpc.StatusCode.OUT_OF_RANGE, "too old", reason="SEQUENCE_OUT_OF_RANGE")
    )
    _, fresh, rpc = await scripted.take_stream("WatchProgress")
    snapshot = job_service_pb2.WatchProgressResponse(
        sequence=50,
        status=SUCCEEDED,
        kind=job_service_pb2.WATCH_EVENT_KIND_SNAPSHOT,
        job=job("j1", SUCCEEDED),
    )
    rpc.send_response(snapshot)
    rpc.terminate((), OK, "")
    assert await watching == [50]
    assert (stale.after_sequence, fresh.after_sequence) == (10, 0)


async def test_an_expired_cursor_raises_without_resync(
    scripted: ScriptedServer, client: AsyncJobClient
) -> None:
    watching = asyncio.create_task(_collect(client, after_sequence=10, resync=False))
    _, _, rpc = await scripted.take_stream("WatchProgress")
    rpc.terminate(
        *rich_status(grpc.StatusCode.OUT_OF_RANGE, "too old", reason="SEQUENCE_OUT_OF_RANGE")
    )
    with pytest.raises(SequenceOutOfRange):
        await watching


async def test_closing_the_watch_early_cancels_the_stream(
    scripted: ScriptedServer, client: AsyncJobClient
) -> None:
    async def first_event() -> int:
        async with contextlib.aclosing(client.watch("j1")) as events:
            async for e in events:
                return e.sequence
        return -1

    reading = asyncio.create_task(first_event())
    _, _, rpc = await scripted.take_stream("WatchProgress")
    rpc.send_response(event(1))
    assert await reading == 1
    # Blocks until the client cancelled the call; it returns, so it did.
    await asyncio.wait_for(asyncio.to_thread(rpc.cancelled), 5)


async def test_the_sync_client_runs_the_same_resume_logic(scripted: ScriptedServer) -> None:
    sync = await asyncio.to_thread(
        JobClient, transport=SyncChannelTransport(scripted.channel), reconnect=FAST
    )
    try:
        seen: queue.Queue[int] = queue.Queue()

        def consume() -> list[int]:
            sequences = []
            for e in sync.watch("j1"):
                sequences.append(e.sequence)
                seen.put(e.sequence)
            return sequences

        watching = asyncio.create_task(asyncio.to_thread(consume))
        _, _, rpc = await scripted.take_stream("WatchProgress")
        rpc.send_response(event(1))
        assert await asyncio.to_thread(seen.get, timeout=5) == 1
        rpc.terminate(*_unavailable())
        _, resumed, rpc = await scripted.take_stream("WatchProgress")
        rpc.send_response(event(2, SUCCEEDED))
        rpc.terminate((), OK, "")
        assert await watching == [1, 2]
        assert resumed.after_sequence == 1

        getting = asyncio.create_task(asyncio.to_thread(sync.get, "missing"))
        await scripted.fail(
            "GetJob", grpc.StatusCode.NOT_FOUND, "no job missing", reason="JOB_NOT_FOUND"
        )
        with pytest.raises(JobNotFound, match="no job missing"):
            await getting
    finally:
        await asyncio.to_thread(sync.close)

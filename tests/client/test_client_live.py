"""The client against a real server: ``python -m jobplane.server`` as a child process."""

from __future__ import annotations

import asyncio
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from jobplane.client import (
    InvalidJobRequest,
    JobAlreadyComplete,
    JobClient,
    JobNotFound,
    ReconnectPolicy,
    RequestIdConflict,
    RetryConfig,
    ServerUnavailable,
    connect,
    is_terminal,
)
from jobplane.v1 import job_pb2, job_service_pb2

from ..support import ServerProcess, server_process

SUCCEEDED = job_pb2.JOB_STATUS_SUCCEEDED


@pytest.fixture(scope="module")
def target() -> Iterator[str]:
    with server_process("sqlite:///:memory:") as proc:
        yield proc.target


async def test_submit_100_jobs_concurrently_and_wait_for_all(target: str) -> None:
    batch = uuid.uuid4().hex[:8]
    async with connect(target) as client:
        jobs = await asyncio.gather(
            *(client.submit("demo.echo", {"i": i}, labels={"batch": batch}) for i in range(100))
        )
        assert len({job.id for job in jobs}) == 100
        done = await asyncio.gather(*(client.wait(job.id, timeout_s=60) for job in jobs))
        assert [job.status for job in done] == [SUCCEEDED] * 100
        assert sorted(int(job.output["i"]) for job in done) == list(range(100))
        listed = [j.id async for j in client.list(f'labels.batch = "{batch}"', page_size=30)]
        assert sorted(listed) == sorted(job.id for job in jobs)


async def test_watch_streams_ordered_progress_to_the_terminal_event(target: str) -> None:
    async with connect(target) as client:
        job = await client.submit("demo.sleep", {"seconds": 0.5, "steps": 5})
        events = [e async for e in client.watch(job.id)]
    sequences = [e.sequence for e in events]
    assert sequences == sorted(set(sequences))
    assert events[0].kind == job_service_pb2.WATCH_EVENT_KIND_SNAPSHOT
    last = events[-1]
    assert last.status == SUCCEEDED and last.job.id == job.id
    assert max(e.progress.current for e in events) == 5
    assert not any(is_terminal(e.status) for e in events[:-1])


async def test_errors_carry_their_reasons(target: str) -> None:
    async with connect(target) as client:
        with pytest.raises(JobNotFound) as missing:
            await client.get(str(uuid.uuid4()))
        assert missing.value.reason == "JOB_NOT_FOUND"
        with pytest.raises(InvalidJobRequest) as malformed:
            await client.get("not-a-uuid")
        assert malformed.value.reason == "INVALID_JOB_ID"
        with pytest.raises(InvalidJobRequest) as unknown:
            await client.submit("no.such.type")
        assert unknown.value.reason == "UNKNOWN_JOB_TYPE"
        assert "demo.echo" in unknown.value.message

        done = await client.wait((await client.submit("demo.echo", {"a": 1})).id, timeout_s=30)
        with pytest.raises(JobAlreadyComplete) as complete:
            await client.cancel(done.id)
        assert complete.value.code == "FAILED_PRECONDITION"


async def test_request_ids_make_submit_idempotent(target: str) -> None:
    request_id = str(uuid.uuid4())
    async with connect(target) as client:
        first = await client.submit("demo.echo", {"x": 1}, request_id=request_id)
        again = await client.submit("demo.echo", {"x": 1}, request_id=request_id)
        assert again.id == first.id
        with pytest.raises(RequestIdConflict):
            await client.submit("demo.echo", {"x": 2}, request_id=request_id)


async def test_pause_resume_cancel_and_retry(target: str) -> None:
    async with connect(target) as client:
        held = await client.submit("demo.echo", start_paused=True)
        assert held.status == job_pb2.JOB_STATUS_PAUSED
        assert (await client.resume(held.id)).status != job_pb2.JOB_STATUS_PAUSED
        assert (await client.wait(held.id, timeout_s=30)).status == SUCCEEDED

        parked = await client.submit("demo.echo", start_paused=True)
        canceled = await client.cancel(parked.id, reason="not needed")
        assert canceled.status == job_pb2.JOB_STATUS_CANCELED
        assert canceled.cancel_reason == "not needed"
        assert (await client.cancel(parked.id)).status == job_pb2.JOB_STATUS_CANCELED

        failing = await client.submit("demo.fail", {"times": 1}, max_attempts=1)
        failed = await client.wait(failing.id, timeout_s=30)
        assert failed.status == job_pb2.JOB_STATUS_FAILED
        assert failed.error.reason
        await client.retry(failing.id)
        assert (await client.wait(failing.id, timeout_s=30)).status == SUCCEEDED


def test_the_sync_client_does_the_same(target: str) -> None:
    with JobClient(target) as client:
        job = client.submit("demo.sleep", {"seconds": 0.2, "steps": 2}, labels={"via": "sync"})
        events = list(client.watch(job.id))
        assert events[-1].status == SUCCEEDED
        assert client.get(job.id).status == SUCCEEDED
        assert job.id in {j.id for j in client.list('labels.via = "sync"', limit=50)}
        with pytest.raises(JobNotFound):
            client.wait(str(uuid.uuid4()), timeout_s=5)


async def test_an_unreachable_server_is_server_unavailable() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    retry = RetryConfig(max_attempts=2, initial_backoff_s=0.01, max_backoff_s=0.02)
    async with connect(f"127.0.0.1:{port}", retry=retry, timeout_s=5) as client:
        with pytest.raises(ServerUnavailable):
            await client.get(str(uuid.uuid4()))


async def test_watch_survives_a_server_crash_and_restart(tmp_path: Path) -> None:
    proc = ServerProcess(db=f"sqlite:///{tmp_path / 'jobs.db'}").start()
    try:
        reconnect = ReconnectPolicy(initial_backoff_s=0.2, max_backoff_s=1.0, max_attempts=30)
        async with connect(proc.target, reconnect=reconnect) as client:
            job = await client.submit("demo.sleep", {"seconds": 2, "steps": 10})
            sequences: list[int] = []
            final = None
            async for event in client.watch(job.id):
                sequences.append(event.sequence)
                if len(sequences) == 3:
                    await asyncio.to_thread(proc.kill9)
                    await asyncio.to_thread(proc.restart)
                final = event
        assert final is not None and final.status == SUCCEEDED
        assert sequences == sorted(set(sequences)), "no duplicate, in order"
        assert len(sequences) > 3
    finally:
        proc.kill9()

"""The server side of WorkerService, driven by hand with raw grpcio (no jobplane
client code) against a server process on loopback: poll, report, complete; fencing
tokens (stale → TASK_LEASE_LOST, garbled → INVALID_TASK_TOKEN); known types; cancel
pushed to a listening worker; slots; a worker killed mid-job."""

from __future__ import annotations

import asyncio
import random
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import grpc
import pytest
from google.protobuf import duration_pb2
from jobplane.v1 import job_pb2 as pb
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc
from jobplane.v1 import worker_service_pb2 as ws
from jobplane.v1 import worker_service_pb2_grpc as ws_grpc

from tests.auth.errinfo import reason
from tests.support import ROOT, ServerProcess

WAIT_S = 20.0
TERMINAL = (pb.JOB_STATUS_SUCCEEDED, pb.JOB_STATUS_FAILED, pb.JOB_STATUS_CANCELED)


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'jobs.db'}"


@pytest.fixture
def server(db: str) -> Iterator[ServerProcess]:
    """Knows r.echo and r.sleep (run by remote workers only); short leases."""
    args = (
        "--job-type",
        "r.echo",
        "--job-type",
        "r.sleep",
        "--lease",
        "1s",
        "--cancel-grace",
        "1s",
    )
    proc = ServerProcess(db=db, args=args).start()
    try:
        yield proc
    finally:
        proc.kill9()


class Stubs:
    def __init__(self, channel: grpc.aio.Channel) -> None:
        self.jobs = svc_grpc.JobServiceStub(channel)
        self.work = ws_grpc.WorkerServiceStub(channel)

    async def submit(self, job_type: str, **payload: object) -> pb.Job:
        req = svc.SubmitJobRequest(type=job_type, max_attempts=3)
        req.payload.update(payload)
        return (await self.jobs.SubmitJob(req)).job

    async def get(self, job_id: str) -> pb.Job:
        return (await self.jobs.GetJob(svc.GetJobRequest(job_id=job_id))).job

    async def poll(self, *types: str, wait_s: float = 2.0) -> ws.PollTaskResponse:
        wait = duration_pb2.Duration()
        wait.FromNanoseconds(int(wait_s * 1e9))
        return await self.work.PollTask(
            ws.PollTaskRequest(worker_id="hand", types=types, wait=wait)
        )

    async def until(self, job_id: str, ok: object, what: str) -> pb.Job:
        deadline = time.monotonic() + WAIT_S
        while True:
            job = await self.get(job_id)
            if ok(job):  # type: ignore[operator]
                return job
            assert time.monotonic() < deadline, f"job {job_id} never {what}: {job}"
            await asyncio.sleep(0.02)


@pytest.fixture
async def stubs(server: ServerProcess) -> AsyncIterator[Stubs]:
    async with grpc.aio.insecure_channel(server.target) as channel:
        yield Stubs(channel)


def complete(token: str, **output: object) -> ws.CompleteTaskRequest:
    req = ws.CompleteTaskRequest(task_token=token)
    req.output.SetInParent()
    req.output.update(output)
    return req


async def test_poll_report_complete_by_hand(stubs: Stubs) -> None:
    job = await stubs.submit("r.echo", n=1)
    assert job.status == pb.JOB_STATUS_QUEUED  # no worker yet: it waits
    task = (await stubs.poll("r.echo")).task
    assert task.job.id == job.id and task.job.attempt == 1 and task.job.payload["n"] == 1
    assert task.HasField("lease_expire_time")
    progress = pb.Progress(current=1, total=4, message="a quarter")
    beat = await stubs.work.ReportProgress(
        ws.ReportProgressRequest(task_token=task.task_token, progress=progress)
    )
    assert not beat.cancel_requested
    assert beat.lease_expire_time.ToNanoseconds() > task.lease_expire_time.ToNanoseconds()
    seen = await stubs.get(job.id)
    assert seen.status == pb.JOB_STATUS_RUNNING and seen.progress.message == "a quarter"
    done = await stubs.work.CompleteTask(complete(task.task_token, answer=42))
    assert done.job.status == pb.JOB_STATUS_SUCCEEDED and done.job.output["answer"] == 42
    # Nothing came within the wait: the response's task is unset.
    t0 = time.monotonic()
    empty = await stubs.poll("r.echo", wait_s=0.2)
    assert not empty.HasField("task") and time.monotonic() - t0 >= 0.2


async def test_a_non_retryable_failure_fails_the_job_at_once(stubs: Stubs) -> None:
    job = await stubs.submit("r.echo")
    task = (await stubs.poll("r.echo")).task
    failure = ws.TaskFailure(reason="BAD_INPUT", message="no", non_retryable=True)
    done = await stubs.work.CompleteTask(
        ws.CompleteTaskRequest(task_token=task.task_token, error=failure)
    )
    assert done.job.status == pb.JOB_STATUS_FAILED and done.job.error.reason == "BAD_INPUT"
    assert done.job.attempt == 1 and job.max_attempts == 3


async def test_garbled_tokens_and_unknown_types_are_invalid_arguments(stubs: Stubs) -> None:
    for token in ("", "garbage", "jp1.!!!", "jp1.WzEsMiwzXQ"):
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await stubs.work.CompleteTask(complete(token))
        assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT, token
        assert reason(err.value) == "INVALID_TASK_TOKEN"
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await stubs.submit("r.never-declared")
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert reason(err.value) == "UNKNOWN_JOB_TYPE"


async def test_a_type_a_worker_asked_for_is_remembered_across_restarts(
    server: ServerProcess, stubs: Stubs
) -> None:
    assert not (await stubs.poll("r.learned", wait_s=0)).HasField("task")
    job = await stubs.submit("r.learned")  # known now
    server.kill9()
    server.restart()
    async with grpc.aio.insecure_channel(server.target) as channel:
        again = Stubs(channel)
        await again.submit("r.learned")
        task = (await again.poll("r.learned")).task
        assert task.job.id == job.id  # FIFO: the one from before the restart


async def test_a_stale_token_is_refused_and_changes_nothing(stubs: Stubs) -> None:
    job = await stubs.submit("r.echo")
    task = (await stubs.poll("r.echo")).task
    # Silent past its 1 s lease: rescued (STALLED -> RETRYING) by the server.
    rescued = await stubs.until(job.id, lambda j: j.status != pb.JOB_STATUS_RUNNING, "rescued")
    assert rescued.attempts[0].error.reason == "JOB_STALLED"
    for call in (
        stubs.work.ReportProgress(
            ws.ReportProgressRequest(task_token=task.task_token, progress=pb.Progress(current=9))
        ),
        stubs.work.CompleteTask(complete(task.task_token, late=True)),
    ):
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await call
        assert err.value.code() == grpc.StatusCode.FAILED_PRECONDITION
        assert reason(err.value) == "TASK_LEASE_LOST"
    after = await stubs.get(job.id)
    assert after.sequence == rescued.sequence and after.progress.current != 9
    # The retry is a new attempt under a new token; it completes, once.
    second = (await stubs.poll("r.echo", wait_s=5)).task
    assert second.job.attempt == 2 and second.task_token != task.task_token
    done = await stubs.work.CompleteTask(complete(second.task_token))
    assert done.job.status == pb.JOB_STATUS_SUCCEEDED and len(done.job.attempts) == 2


async def test_cancel_is_pushed_to_a_listening_worker(stubs: Stubs) -> None:
    call = stubs.work.ListenTasks(ws.ListenTasksRequest(worker_id="l", types=["r.echo"], slots=1))
    job = await stubs.submit("r.echo")
    first = await asyncio.wait_for(call.read(), WAIT_S)
    assert first.task.job.id == job.id
    sent = time.monotonic()
    await stubs.jobs.CancelJob(svc.CancelJobRequest(job_id=job.id, reason="test"))
    pushed = await asyncio.wait_for(call.read(), WAIT_S)
    print(f"cancel -> TaskCancel on the stream: {(time.monotonic() - sent) * 1000:.1f} ms")
    assert pushed.WhichOneof("command") == "cancel"
    assert pushed.cancel.task_token == first.task.task_token
    with pytest.raises(grpc.aio.AioRpcError) as err:  # its lease went with the cancel
        await stubs.work.CompleteTask(complete(first.task.task_token))
    assert reason(err.value) == "TASK_LEASE_LOST"
    assert (await stubs.get(job.id)).status == pb.JOB_STATUS_CANCELED
    call.cancel()


@pytest.mark.steady
async def test_a_listening_worker_never_holds_more_than_its_slots(stubs: Stubs) -> None:
    slots, count = 3, 60
    call = stubs.work.ListenTasks(
        ws.ListenTasksRequest(worker_id="s", types=["r.echo"], slots=slots)
    )
    jobs = await asyncio.gather(*(stubs.submit("r.echo", i=i) for i in range(count)))
    in_flight: dict[str, str] = {}
    done: set[str] = set()
    rand = random.Random(3)
    while len(done) < count:
        if len(in_flight) < slots and len(done) + len(in_flight) < count:
            message = await asyncio.wait_for(call.read(), WAIT_S)
            task = message.task
            assert task.job.id not in in_flight and task.job.id not in done
            in_flight[task.job.id] = task.task_token
            assert len(in_flight) <= slots
            continue
        for job_id in rand.sample(sorted(in_flight), rand.randint(1, len(in_flight))):
            await stubs.work.CompleteTask(complete(in_flight.pop(job_id)))
            done.add(job_id)
    assert done == {j.id for j in jobs}
    call.cancel()


def _raw_worker(target: str, log: Path) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "tests.workers.raw_worker", target, "r.sleep", "2", str(log)]
    return subprocess.Popen(cmd, cwd=ROOT)


def _text(log: Path) -> str:
    return log.read_text() if log.exists() else ""


async def _logged(log: Path, line: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while line not in await asyncio.to_thread(_text, log):
        assert time.monotonic() < deadline, f"{line!r} never logged"
        await asyncio.sleep(0.02)


async def test_a_worker_killed_mid_job_loses_it_to_another(
    stubs: Stubs, server: ServerProcess, tmp_path: Path
) -> None:
    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"
    first = _raw_worker(server.target, first_log)
    second: subprocess.Popen[bytes] | None = None
    try:
        job = await stubs.submit("r.sleep", steps=40, step_s=0.05)
        await _logged(first_log, f"start {job.id} 1")
        await stubs.until(job.id, lambda j: j.progress.current >= 2, "reported progress")
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        second = _raw_worker(server.target, second_log)
        done = await stubs.until(job.id, lambda j: j.status in TERMINAL, "finished")
        assert done.status == pb.JOB_STATUS_SUCCEEDED, done
        assert [a.error.reason for a in done.attempts[:1]] == ["JOB_STALLED"]
        assert len(done.attempts) == 2 and done.output["pid"] == second.pid
        assert f"start {job.id} 2" in second_log.read_text()
        assert f"done {job.id}" not in first_log.read_text()
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait(10)

"""Every RPC and every error code, against a real grpc.aio server on loopback."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from pathlib import Path

import grpc
import pytest
from jobplane.v1 import job_pb2 as pb
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from ..conftest import StartServer
from .helpers import TERMINAL, error_info, struct, submit, wait, watch

MISSING = "0190a5b2-7c3e-7d41-9a8b-3f2e1d0c9b8a"


async def expect_error(call: object, code: grpc.StatusCode, reason: str) -> grpc.aio.AioRpcError:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await call  # type: ignore[misc]
    assert info.value.code() == code, info.value.details()
    assert error_info(info.value).reason == reason
    assert error_info(info.value).domain == "jobplane.dev"
    assert "Traceback" not in (info.value.details() or "")
    return info.value


async def test_submit_get_wait_echo(stub: svc_grpc.JobServiceStub) -> None:
    job = await submit(stub, "demo.echo", {"hello": "world"}, labels={"team": "ml"})
    assert job.status == pb.JOB_STATUS_QUEUED
    assert job.priority == 50 and job.max_attempts == 3 and job.sequence == 1
    assert job.create_time.seconds > 0
    done = await wait(stub, job.id)
    assert done.status == pb.JOB_STATUS_SUCCEEDED
    assert dict(done.output) == {"hello": "world"}
    assert done.attempt == 1 and len(done.attempts) == 1
    assert done.attempts[0].outcome == pb.JOB_STATUS_SUCCEEDED
    got = (await stub.GetJob(svc.GetJobRequest(job_id=job.id))).job
    assert got.status == pb.JOB_STATUS_SUCCEEDED and got.labels["team"] == "ml"
    assert (
        got.end_time.ToNanoseconds()
        >= got.start_time.ToNanoseconds()
        >= got.create_time.ToNanoseconds()
    )


async def test_submit_errors(stub: svc_grpc.JobServiceStub) -> None:
    e = await expect_error(
        stub.SubmitJob(svc.SubmitJobRequest(type="no.such")),
        grpc.StatusCode.INVALID_ARGUMENT,
        "UNKNOWN_JOB_TYPE",
    )
    assert "demo.echo" in (e.details() or "")
    await expect_error(
        stub.SubmitJob(svc.SubmitJobRequest(type="")),
        grpc.StatusCode.INVALID_ARGUMENT,
        "UNKNOWN_JOB_TYPE",
    )
    big = struct({"blob": "x" * 300_000})
    await expect_error(
        stub.SubmitJob(svc.SubmitJobRequest(type="demo.echo", payload=big)),
        grpc.StatusCode.INVALID_ARGUMENT,
        "PAYLOAD_TOO_LARGE",
    )
    await expect_error(
        stub.SubmitJob(svc.SubmitJobRequest(type="demo.echo", priority=101)),
        grpc.StatusCode.INVALID_ARGUMENT,
        "INVALID_ARGUMENT",
    )
    await expect_error(
        stub.SubmitJob(svc.SubmitJobRequest(type="demo.echo", max_attempts=-1)),
        grpc.StatusCode.INVALID_ARGUMENT,
        "INVALID_ARGUMENT",
    )
    await expect_error(
        stub.SubmitJob(svc.SubmitJobRequest(type="demo.echo", labels={"bad key!": "v"})),
        grpc.StatusCode.INVALID_ARGUMENT,
        "INVALID_ARGUMENT",
    )


async def test_priority_zero_is_kept(stub: svc_grpc.JobServiceStub) -> None:
    job = await submit(stub, "demo.echo", priority=0)
    assert job.priority == 0


async def test_get_errors(stub: svc_grpc.JobServiceStub) -> None:
    await expect_error(
        stub.GetJob(svc.GetJobRequest(job_id="")),
        grpc.StatusCode.INVALID_ARGUMENT,
        "INVALID_JOB_ID",
    )
    await expect_error(
        stub.GetJob(svc.GetJobRequest(job_id="not-an-id")),
        grpc.StatusCode.INVALID_ARGUMENT,
        "INVALID_JOB_ID",
    )
    await expect_error(
        stub.GetJob(svc.GetJobRequest(job_id=MISSING)), grpc.StatusCode.NOT_FOUND, "JOB_NOT_FOUND"
    )
    for call in (
        stub.CancelJob(svc.CancelJobRequest(job_id=MISSING)),
        stub.WaitJob(svc.WaitJobRequest(job_id=MISSING)),
        stub.PauseJob(svc.PauseJobRequest(job_id=MISSING)),
        stub.ResumeJob(svc.ResumeJobRequest(job_id=MISSING)),
        stub.RetryJob(svc.RetryJobRequest(job_id=MISSING)),
    ):
        await expect_error(call, grpc.StatusCode.NOT_FOUND, "JOB_NOT_FOUND")
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await watch(stub, MISSING)
    assert info.value.code() == grpc.StatusCode.NOT_FOUND


async def test_request_id_idempotency(stub: svc_grpc.JobServiceStub) -> None:
    rid = str(uuid.uuid4())
    jobs = await asyncio.gather(
        *(submit(stub, "demo.echo", {"n": 1}, request_id=rid) for _ in range(20))
    )
    assert len({j.id for j in jobs}) == 1
    assert all(j.request_id == rid for j in jobs)
    await expect_error(
        stub.SubmitJob(
            svc.SubmitJobRequest(type="demo.echo", payload=struct({"n": 2}), request_id=rid)
        ),
        grpc.StatusCode.ALREADY_EXISTS,
        "REQUEST_ID_CONFLICT",
    )
    listed = (await stub.ListJobs(svc.ListJobsRequest(filter=f'request_id = "{rid}"'))).jobs
    assert len(listed) == 1


async def test_list_filters_and_pages(stub: svc_grpc.JobServiceStub) -> None:
    ids = [(await submit(stub, "demo.echo", {"i": i}, labels={"batch": "b1"})).id for i in range(7)]
    for i in ids:
        await wait(stub, i)
    other = await submit(
        stub, "demo.sleep", {"seconds": 5}, labels={"batch": "b2"}, start_paused=True
    )
    seen: list[str] = []
    token = ""
    for _ in range(10):
        resp = await stub.ListJobs(
            svc.ListJobsRequest(filter='labels.batch = "b1"', page_size=3, page_token=token)
        )
        seen += [j.id for j in resp.jobs]
        token = resp.next_page_token
        if not token:
            break
    assert seen == list(reversed(ids)), "newest first, every job once"
    resp = await stub.ListJobs(svc.ListJobsRequest(filter="status = PAUSED"))
    assert [j.id for j in resp.jobs] == [other.id]
    resp = await stub.ListJobs(
        svc.ListJobsRequest(filter='status = (SUCCEEDED OR PAUSED) AND type = "demo.sleep"')
    )
    assert [j.id for j in resp.jobs] == [other.id]
    resp = await stub.ListJobs(svc.ListJobsRequest(filter="NOT status = SUCCEEDED"))
    assert [j.id for j in resp.jobs] == [other.id]
    resp = await stub.ListJobs(
        svc.ListJobsRequest(filter='create_time > "2000-01-01T00:00:00Z" AND labels:batch')
    )
    assert len(resp.jobs) == 8


async def test_list_errors(stub: svc_grpc.JobServiceStub) -> None:
    await expect_error(
        stub.ListJobs(svc.ListJobsRequest(filter="colour = red")),
        grpc.StatusCode.INVALID_ARGUMENT,
        "INVALID_FILTER",
    )
    await expect_error(
        stub.ListJobs(svc.ListJobsRequest(filter="status = BOGUS")),
        grpc.StatusCode.INVALID_ARGUMENT,
        "INVALID_FILTER",
    )
    await expect_error(
        stub.ListJobs(svc.ListJobsRequest(filter="status = (")),
        grpc.StatusCode.INVALID_ARGUMENT,
        "INVALID_FILTER",
    )
    await expect_error(
        stub.ListJobs(svc.ListJobsRequest(page_token="garbage!")),
        grpc.StatusCode.INVALID_ARGUMENT,
        "INVALID_PAGE_TOKEN",
    )
    await expect_error(
        stub.ListJobs(svc.ListJobsRequest(page_size=100_000)),
        grpc.StatusCode.INVALID_ARGUMENT,
        "INVALID_PAGE_SIZE",
    )
    await expect_error(
        stub.ListJobs(svc.ListJobsRequest(page_size=-1)),
        grpc.StatusCode.INVALID_ARGUMENT,
        "INVALID_PAGE_SIZE",
    )
    for i in range(3):
        await submit(stub, "demo.echo", {"i": i})
    first = await stub.ListJobs(svc.ListJobsRequest(page_size=1))
    assert first.next_page_token
    await expect_error(
        stub.ListJobs(
            svc.ListJobsRequest(
                filter="status = QUEUED", page_size=1, page_token=first.next_page_token
            )
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
        "INVALID_PAGE_TOKEN",
    )


async def test_cancel_semantics(stub: svc_grpc.JobServiceStub) -> None:
    queued = await submit(stub, "demo.sleep", {"seconds": 5}, start_paused=True)
    canceled = (
        await stub.CancelJob(svc.CancelJobRequest(job_id=queued.id, reason="no longer needed"))
    ).job
    assert (
        canceled.status == pb.JOB_STATUS_CANCELED and canceled.cancel_reason == "no longer needed"
    )
    again = (await stub.CancelJob(svc.CancelJobRequest(job_id=queued.id))).job
    assert again.status == pb.JOB_STATUS_CANCELED and again.sequence == canceled.sequence
    done = await wait(stub, (await submit(stub, "demo.echo")).id)
    e = await expect_error(
        stub.CancelJob(svc.CancelJobRequest(job_id=done.id)),
        grpc.StatusCode.FAILED_PRECONDITION,
        "JOB_ALREADY_COMPLETE",
    )
    assert "SUCCEEDED" in (e.details() or "")


def _lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


async def _until(check: Callable[[], bool], timeout_s: float = 10.0) -> None:
    """Poll ``check`` every 20 ms for at most ``timeout_s``."""
    for _ in range(int(timeout_s / 0.02)):
        if check():
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"not within {timeout_s}s")


@pytest.mark.parametrize(("ignore", "seen"), [(False, "saw-cancel"), (True, "task-cancelled")])
async def test_cancel_running_job_stops_handler(
    start_server: StartServer, tmp_path: Path, ignore: bool, seen: str
) -> None:
    """The handler itself observes the cancel: a cooperative one sees ``ctx.cancelled``,
    one that never checks is cancelled as a task after the grace period; either way it
    writes nothing more afterwards."""
    running = await start_server(handler_modules=("tests.lifecycle.handlers",), cancel_grace_s=0.3)
    path = tmp_path / "ticks.log"
    async with grpc.aio.insecure_channel(running.target) as channel:
        stub = svc_grpc.JobServiceStub(channel)
        job = await submit(stub, "test.observe_cancel", {"path": str(path), "ignore": ignore})
        await _until(lambda: len(_lines(path)) >= 3)
        canceled = (await stub.CancelJob(svc.CancelJobRequest(job_id=job.id, reason="stop"))).job
        assert canceled.status == pb.JOB_STATUS_CANCELED
        assert canceled.error.reason == "JOB_CANCELED"
        await _until(lambda: seen in _lines(path))
        lines = _lines(path)
        assert lines[-1] == seen, lines[-3:]
        await asyncio.sleep(0.2)  # a handler still running would tick 10 times meanwhile
        assert _lines(path) == lines, "the handler went on after it was stopped"
        later = (await stub.GetJob(svc.GetJobRequest(job_id=job.id))).job
    assert later.status == pb.JOB_STATUS_CANCELED
    assert later.attempts[-1].outcome == pb.JOB_STATUS_CANCELED


async def test_pause_resume(stub: svc_grpc.JobServiceStub) -> None:
    job = await submit(stub, "demo.echo", start_paused=True)
    assert job.status == pb.JOB_STATUS_PAUSED
    await asyncio.sleep(0.3)
    assert (await stub.GetJob(svc.GetJobRequest(job_id=job.id))).job.status == pb.JOB_STATUS_PAUSED
    await expect_error(
        stub.PauseJob(svc.PauseJobRequest(job_id=job.id)),
        grpc.StatusCode.FAILED_PRECONDITION,
        "JOB_NOT_QUEUED",
    )
    resumed = (await stub.ResumeJob(svc.ResumeJobRequest(job_id=job.id))).job
    assert resumed.status == pb.JOB_STATUS_QUEUED
    assert (await wait(stub, job.id)).status == pb.JOB_STATUS_SUCCEEDED
    await expect_error(
        stub.ResumeJob(svc.ResumeJobRequest(job_id=job.id)),
        grpc.StatusCode.FAILED_PRECONDITION,
        "JOB_NOT_PAUSED",
    )


async def test_wait_times_out_with_current_job(stub: svc_grpc.JobServiceStub) -> None:
    job = await submit(stub, "demo.sleep", {"seconds": 5}, start_paused=True)
    req = svc.WaitJobRequest(job_id=job.id)
    req.timeout.FromMilliseconds(200)
    got = (await stub.WaitJob(req)).job
    assert got.status == pb.JOB_STATUS_PAUSED
    assert got.status not in TERMINAL


async def test_retry_job_redrives_failed(stub: svc_grpc.JobServiceStub) -> None:
    job = await submit(stub, "demo.fail", {"times": 1}, max_attempts=1)
    failed = await wait(stub, job.id)
    assert failed.status == pb.JOB_STATUS_FAILED and failed.error.reason == "HANDLER_ERROR"
    dead = (await stub.ListJobs(svc.ListJobsRequest(filter="dead_letter = true"))).jobs
    assert [j.id for j in dead] == [job.id]
    again = (await stub.RetryJob(svc.RetryJobRequest(job_id=job.id))).job
    assert again.status == pb.JOB_STATUS_QUEUED
    done = await wait(stub, job.id)
    assert done.status == pb.JOB_STATUS_SUCCEEDED and done.attempt == 2 and len(done.attempts) == 2
    await expect_error(
        stub.RetryJob(svc.RetryJobRequest(job_id=job.id)),
        grpc.StatusCode.FAILED_PRECONDITION,
        "JOB_NOT_RETRYABLE",
    )

"""/metrics on a live server: every series moves as jobs run (issue 18 item 1)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import grpc
import pytest
from jobplane.server import app
from jobplane.server.config import HttpConfig, MetricsConfig
from jobplane.server.domain.model import Change, Job, JobStatus, status_event
from jobplane.server.observe.metrics import Metrics
from jobplane.v1 import job_pb2 as pb
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc
from jobplane.v1 import worker_service_pb2 as ws
from jobplane.v1 import worker_service_pb2_grpc as ws_grpc
from prometheus_client.parser import text_string_to_metric_families

from ..conftest import StartServer
from ..integration.helpers import submit, wait

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]
JOBS = "jobplane.v1.JobService"


async def scrape(session: aiohttp.ClientSession, url: str) -> Samples:
    async with session.get(url) as resp:
        assert resp.status == 200
        assert resp.headers["Content-Type"].startswith("text/plain; version=")
        text = await resp.text()
    out: Samples = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            out[(s.name, frozenset(s.labels.items()))] = s.value
    return out


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


@pytest.fixture
async def edge(start_server: StartServer) -> app.Running:
    return await start_server(http=HttpConfig(address="127.0.0.1:0"))


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as s:
        yield s


@pytest.fixture
async def stub(edge: app.Running) -> AsyncIterator[svc_grpc.JobServiceStub]:
    async with grpc.aio.insecure_channel(edge.target) as channel:
        yield svc_grpc.JobServiceStub(channel)


def url_of(srv: app.Running) -> str:
    assert srv.http is not None
    return f"{srv.http.url}/metrics"


async def test_job_series_move_as_jobs_run(
    edge: app.Running, stub: svc_grpc.JobServiceStub, session: aiohttp.ClientSession
) -> None:
    url = url_of(edge)
    before = await scrape(session, url)
    for _ in range(3):
        job = await submit(stub, "demo.echo", {"x": 1})
        assert (await wait(stub, job.id)).status == pb.JOB_STATUS_SUCCEEDED
    failed = await submit(stub, "demo.fail", {"times": 5}, max_attempts=1)
    assert (await wait(stub, failed.id)).status == pb.JOB_STATUS_FAILED
    after = await scrape(session, url)

    def moved(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved("jobplane_jobs_submitted_total", type="demo.echo") == 3
    assert moved("jobplane_jobs_submitted_total", type="demo.fail") == 1
    assert moved("jobplane_jobs_finished_total", type="demo.echo", status="succeeded") == 3
    assert moved("jobplane_jobs_finished_total", type="demo.fail", status="failed") == 1
    assert moved("jobplane_job_queue_seconds_count", type="demo.echo") == 3
    assert moved("jobplane_job_run_seconds_count", type="demo.echo") == 3
    assert moved("jobplane_store_commit_seconds_count") > 0
    submit_ok = dict(grpc_type="unary", grpc_service=JOBS, grpc_method="SubmitJob", grpc_code="OK")
    assert moved("grpc_server_handled_total", **submit_ok) == 4
    seconds = dict(grpc_type="unary", grpc_service=JOBS, grpc_method="SubmitJob")
    assert moved("grpc_server_handling_seconds_count", **seconds) == 4


async def test_errors_are_counted_by_code(
    edge: app.Running, stub: svc_grpc.JobServiceStub, session: aiohttp.ClientSession
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await stub.GetJob(svc.GetJobRequest(job_id="not a job id!"))
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    with pytest.raises(grpc.aio.AioRpcError) as unknown:
        await submit(stub, "no.such.type")
    assert unknown.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    samples = await scrape(session, url_of(edge))
    base = dict(grpc_type="unary", grpc_service=JOBS, grpc_code="INVALID_ARGUMENT")
    assert value(samples, "grpc_server_handled_total", grpc_method="GetJob", **base) == 1
    assert value(samples, "grpc_server_handled_total", grpc_method="SubmitJob", **base) == 1
    # A refused unknown type created no series of its own.
    assert not any(("type", "no.such.type") in labels for _, labels in samples)


async def test_live_gauges_and_subscribers(
    edge: app.Running, stub: svc_grpc.JobServiceStub, session: aiohttp.ClientSession
) -> None:
    url = url_of(edge)
    job = await submit(stub, "demo.sleep", {"seconds": 60, "steps": 1})
    await submit(stub, "demo.echo", {}, start_paused=True)
    call = stub.WatchJobs(svc.WatchJobsRequest())
    samples: Samples = {}
    for _ in range(200):  # bounded poll: the job starts, the stream subscribes
        samples = await scrape(session, url)
        running = value(samples, "jobplane_jobs", type="demo.sleep", status="running")
        if running == 1 and value(samples, "jobplane_watch_subscribers") >= 1:
            break
        await asyncio.sleep(0.02)
    assert value(samples, "jobplane_jobs", type="demo.sleep", status="running") == 1
    assert value(samples, "jobplane_watch_subscribers") >= 1
    assert value(samples, "jobplane_jobs", type="demo.echo", status="paused") == 1
    assert value(samples, "jobplane_workers_connected") == 0
    async with grpc.aio.insecure_channel(edge.target) as ch:  # a remote worker connects
        listen = ws_grpc.WorkerServiceStub(ch).ListenTasks(
            ws.ListenTasksRequest(worker_id="w1", types=["remote.kind"], slots=1)
        )
        for _ in range(200):  # bounded poll
            samples = await scrape(session, url)
            if value(samples, "jobplane_workers_connected") == 1:
                break
            await asyncio.sleep(0.02)
        assert value(samples, "jobplane_workers_connected") == 1
        listen.cancel()
    await stub.CancelJob(svc.CancelJobRequest(job_id=job.id, force=True))
    await wait(stub, job.id)
    call.cancel()
    samples = await scrape(session, url)
    assert value(samples, "jobplane_jobs", type="demo.sleep", status="running") == 0
    assert value(samples, "jobplane_jobs_finished_total", type="demo.sleep", status="canceled") == 1


async def test_own_listener_and_off(
    start_server: StartServer, session: aiohttp.ClientSession
) -> None:
    alone = await start_server(metrics=MetricsConfig(metrics_listen="127.0.0.1:0"))
    assert alone.http is None and alone.metrics is not None and alone.metrics.port > 0
    samples = await scrape(session, f"http://127.0.0.1:{alone.metrics.port}/metrics")
    assert ("jobplane_watch_subscribers", frozenset()) in samples
    off = await start_server(
        http=HttpConfig(address="127.0.0.1:0"), metrics=MetricsConfig(export=False)
    )
    assert off.metrics is None
    async with session.get(url_of(off)) as resp:
        assert resp.status == 404
    bare = await start_server()
    assert bare.metrics is None  # no listener: nothing is kept


def test_unknown_types_share_one_label() -> None:
    metrics = Metrics(lambda t: t == "known")
    for job_type in ("known", "a", "b", "c"):
        job = Job(id=f"j-{job_type}", type=job_type, sequence=1, status=JobStatus.QUEUED)
        metrics.on_change(Change(job, (status_event(job),)))
    metrics.set_live({("a", JobStatus.QUEUED): 2, ("b", JobStatus.QUEUED): 3})
    text = metrics.render().decode()
    assert 'jobplane_jobs_submitted_total{type="other"} 3.0' in text
    assert 'jobplane_jobs_submitted_total{type="known"} 1.0' in text
    assert 'jobplane_jobs{status="queued",type="other"} 5.0' in text
    assert '"a"' not in text and '"b"' not in text

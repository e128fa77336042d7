"""The dashboard in a real (headless) Chromium: live table, live progress, the cancel
button, and a server restart under an open page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import grpc
from google.protobuf import struct_pb2
from jobplane.server import app
from jobplane.server.config import HttpConfig
from jobplane.v1 import job_pb2
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from ..auth.conftest import World
from ..support import config
from .browser import Page

LIVE = "return document.querySelector('#conn').textContent === 'live'"
ROW = "return document.querySelector(`tr[data-job-id='${arguments[0]}']`)?.dataset.status"


def sleep_request(seconds: float, steps: int = 10) -> svc.SubmitJobRequest:
    payload = struct_pb2.Struct()
    payload.update({"seconds": seconds, "steps": steps})
    return svc.SubmitJobRequest(type="demo.sleep", payload=payload)


async def open_job_page(
    edge: app.Running, stub: svc_grpc.JobServiceStub, page: Page, request: svc.SubmitJobRequest
) -> str:
    """Submit over gRPC, then open the job's page; the job id."""
    assert edge.http is not None
    job = (await stub.SubmitJob(request)).job
    await page.open(f"{edge.http.url}/#/jobs/{job.id}")
    return job.id


async def test_a_job_submitted_over_grpc_appears_without_reload(
    edge: app.Running, grpc_stub: svc_grpc.JobServiceStub, page: Page
) -> None:
    assert edge.http is not None
    await page.open(edge.http.url + "/")
    await page.wait(LIVE)
    await page.js("window.notReloaded = true")
    await page.type_into("body", "/", clear=False)  # the keyboard shortcut to the filter
    assert await page.js("return document.activeElement.id") == "filter"
    job = (await grpc_stub.SubmitJob(sleep_request(0.5, 5))).job
    await page.wait(ROW, job.id)
    # It keeps changing in place: the row reaches SUCCEEDED and the counts follow.
    await page.wait(f"{ROW} === 'SUCCEEDED'", job.id)
    assert await page.js("return window.notReloaded") is True
    counts = await page.text("#counts li[data-status='SUCCEEDED']")
    assert counts.strip().endswith("1")


async def test_the_progress_bar_reaches_100_and_succeeded(
    edge: app.Running, grpc_stub: svc_grpc.JobServiceStub, page: Page
) -> None:
    # Paused until the page watches, so a slow page load cannot miss the movement.
    request = sleep_request(2.0, 10)
    request.start_paused = True
    job_id = await open_job_page(edge, grpc_stub, page, request)
    await page.wait("return document.querySelector('#job-status').textContent === 'PAUSED'")
    await page.js(
        "window.seen = [];"
        "new MutationObserver(() => window.seen.push(Number(document.querySelector('#progress')"
        ".getAttribute('aria-valuenow')))).observe(document.querySelector('#progress'),"
        " {attributes: true, attributeFilter: ['aria-valuenow']});"
    )
    await grpc_stub.ResumeJob(svc.ResumeJobRequest(job_id=job_id))
    await page.wait("return document.querySelector('#job-status').textContent === 'SUCCEEDED'")
    assert (
        await page.js("return document.querySelector('#progress').getAttribute('aria-valuenow')")
        == "100"
    )
    assert (await page.text("#progress-text")).strip() == "100 %"
    seen = await page.js("return window.seen")
    assert any(0 < v < 100 for v in seen), seen  # it moved while the page watched
    progress_lines = await page.js(
        "return [...document.querySelectorAll('#events li')].filter(li => li.textContent.includes(' progress ')).length"
    )
    assert progress_lines >= 1


async def test_the_cancel_button_cancels_a_running_job(
    edge: app.Running, grpc_stub: svc_grpc.JobServiceStub, page: Page
) -> None:
    job_id = await open_job_page(edge, grpc_stub, page, sleep_request(60.0, 60))
    await page.wait("return document.querySelector('#job-status').textContent === 'RUNNING'")
    await page.press_enter_on("#btn-cancel")  # keyboard: focus + Enter
    await page.wait("return document.querySelector('#job-status').textContent === 'CANCELED'")
    got = await grpc_stub.GetJob(svc.GetJobRequest(job_id=job_id))
    assert got.job.status == job_pb2.JOB_STATUS_CANCELED
    assert await page.js("return document.querySelector('#btn-cancel').disabled") is True
    assert await page.js("return document.querySelector('#btn-retry').disabled") is False


async def test_the_page_reconnects_after_a_server_restart(tmp_path: Path, page: Page) -> None:
    db = f"sqlite:///{tmp_path / 'jobs.db'}"
    first = await app.start(config(db=db, http=HttpConfig(address="127.0.0.1:0")))
    assert first.http is not None
    port, url = first.http.port, first.http.url
    try:
        await page.open(url + "/")
        await page.wait(LIVE)
        await page.js("window.notReloaded = true")
    finally:
        await first.stop(grace_s=0.5)
    await page.wait("return document.querySelector('#conn').textContent === 'reconnecting…'")
    second = await app.start(config(db=db, http=HttpConfig(address=f"127.0.0.1:{port}")))
    try:
        await page.wait(LIVE)
        async with grpc.aio.insecure_channel(second.target) as channel:
            job = (await svc_grpc.JobServiceStub(channel).SubmitJob(sleep_request(0.2, 2))).job
        await page.wait(ROW, job.id)
        assert await page.js("return window.notReloaded") is True
        await page.open("about:blank")
    finally:
        await second.stop(grace_s=0.5)


async def test_with_auth_the_page_asks_for_a_token_and_then_goes_live(
    start_server: Any, world: World, page: Page
) -> None:
    srv = await start_server(auth=world.config(), http=HttpConfig(address="127.0.0.1:0"))
    await page.open(srv.http.url + "/")
    await page.js("localStorage.clear()")
    await page.open(srv.http.url + "/#/?reload")
    await page.wait(
        "return document.querySelector('#flash').textContent.includes('UNAUTHENTICATED')"
    )
    await page.type_into("#token", world.tokens["acme-viewer"] + "\n")  # Enter saves
    await page.wait(LIVE)
    async with grpc.aio.insecure_channel(srv.target) as channel:
        stub = svc_grpc.JobServiceStub(channel)
        metadata = world.metadata("submitter")
        job = (await stub.SubmitJob(sleep_request(30.0, 30), metadata=metadata)).job
    await page.wait(ROW, job.id)
    # The viewer may read but not act: the page says why.
    await page.open(f"{srv.http.url}/#/jobs/{job.id}")
    await page.wait("return document.querySelector('#job-status').textContent === 'RUNNING'")
    await page.press_enter_on("#btn-cancel")
    await page.wait(
        "return document.querySelector('#flash').textContent.includes('PERMISSION_DENIED')"
    )
    await page.js("localStorage.clear()")


async def test_a_native_event_source_resumes_across_a_restart(tmp_path: Path, page: Page) -> None:
    """The browser's own EventSource (not the dashboard's reader): the server stops
    under it, starts again on the same port, and the stream goes on from Last-Event-ID
    with no duplicate, to the terminal event; then 204 stops the reconnecting."""
    db = f"sqlite:///{tmp_path / 'jobs.db'}"
    first = await app.start(config(db=db, http=HttpConfig(address="127.0.0.1:0")))
    assert first.http is not None
    port, url = first.http.port, first.http.url
    try:
        async with grpc.aio.insecure_channel(first.target) as channel:
            job = (await svc_grpc.JobServiceStub(channel).SubmitJob(sleep_request(3.0, 10))).job
        await page.open(url + "/static/style.css")  # same origin, no dashboard script
        await page.js(
            "window.ids = []; window.statuses = []; window.opens = 0;"
            "const es = new EventSource(arguments[0]); window.es = es;"
            "es.onopen = () => { window.opens += 1; };"
            "for (const kind of ['snapshot', 'status', 'progress']) es.addEventListener(kind, (e) => {"
            "  window.ids.push(Number(e.lastEventId)); window.statuses.push(JSON.parse(e.data).status); });",
            f"/v1/jobs/{job.id}/events",
        )
        await page.wait("return window.ids.length >= 3")
    finally:
        await first.stop(grace_s=0.5)
    second = await app.start(config(db=db, http=HttpConfig(address=f"127.0.0.1:{port}")))
    try:
        await page.wait("return window.statuses.includes('JOB_STATUS_SUCCEEDED')", timeout_s=40)
        ids = await page.js("return window.ids")
        assert ids == sorted(set(ids)), ids  # in order, no duplicate
        assert await page.js("return window.opens") >= 2  # it reconnected by itself
        # After the terminal event the server ends the stream; the reconnect gets 204
        # and EventSource stops (readyState CLOSED = 2).
        await page.wait("return window.es.readyState === 2", timeout_s=15)
        await page.open("about:blank")
    finally:
        await second.stop(grace_s=0.5)

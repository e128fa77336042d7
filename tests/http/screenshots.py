"""``make screenshots``: PNGs of the dashboard's pages, taken in headless Chromium.

Starts a server in this process (in-memory store, demo handlers, HTTP on a free
port), gives it jobs in several states, and saves ``jobs.png``, ``job.png`` (a
running job with its progress bar), ``job-failed.png`` and ``jobs-narrow.png``.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import grpc
from google.protobuf import struct_pb2
from jobplane.server import app
from jobplane.server.config import HttpConfig
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from ..support import config
from .browser import Page, start_chromium


def _request(
    kind: str, labels: dict[str, str] | None = None, **payload: object
) -> svc.SubmitJobRequest:
    body = struct_pb2.Struct()
    body.update(payload)
    return svc.SubmitJobRequest(type=kind, payload=body, labels=labels or {}, max_attempts=2)


async def _jobs(stub: svc_grpc.JobServiceStub) -> tuple[str, str]:
    for _ in range(3):
        await stub.SubmitJob(_request("demo.echo", {"team": "web"}, hello="world"))
    failed = (await stub.SubmitJob(_request("demo.fail", {"team": "ml"}, times=5))).job.id
    canceled = (await stub.SubmitJob(_request("demo.sleep", seconds=60))).job.id
    await stub.CancelJob(svc.CancelJobRequest(job_id=canceled, reason="not needed"))
    await stub.SubmitJob(svc.SubmitJobRequest(type="demo.sleep", start_paused=True))
    running = (
        await stub.SubmitJob(_request("demo.sleep", {"team": "ml"}, seconds=30, steps=100))
    ).job.id
    await stub.WaitJob(svc.WaitJobRequest(job_id=failed))
    return running, failed


async def main(out: Path) -> None:
    server = await app.start(config(http=HttpConfig(address="127.0.0.1:0"), max_concurrency=8))
    assert server.http is not None
    driver = await asyncio.to_thread(start_chromium, 1280, 860)
    page = Page(driver)
    try:
        async with grpc.aio.insecure_channel(server.target) as channel:
            running, failed = await _jobs(svc_grpc.JobServiceStub(channel))
        await page.open(server.http.url + "/")
        await page.wait("return document.querySelectorAll('#jobs tbody tr').length >= 7")
        await asyncio.sleep(0.5)
        await page.screenshot(str(out / "jobs.png"))
        await page.open(f"{server.http.url}/#/jobs/{running}")
        await page.wait(
            "return Number(document.querySelector('#progress').getAttribute('aria-valuenow')) >= 20",
            timeout_s=30,
        )
        await page.screenshot(str(out / "job.png"))
        await page.open(f"{server.http.url}/#/jobs/{failed}")
        await page.wait("return document.querySelector('#job-status').textContent === 'FAILED'")
        await page.screenshot(str(out / "job-failed.png"))
        await page.resize(420, 860)
        await page.open(server.http.url + "/")
        await page.wait("return document.querySelectorAll('#jobs tbody tr').length >= 7")
        await page.screenshot(str(out / "jobs-narrow.png"))
        await page.open("about:blank")
    finally:
        await asyncio.to_thread(driver.quit)
        await server.stop(grace_s=0.5)


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    asyncio.run(main(folder))
    for png in sorted(folder.glob("*.png")):
        print(png)

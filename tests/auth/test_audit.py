"""Audit: one JSON line per state-changing call, refused ones included; none for reads."""

from __future__ import annotations

import json
import logging

import grpc
import pytest
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from .calls import call, submit_request
from .conftest import StartServer, World


def _lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, object]]:
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "jobplane.audit"]


async def test_each_change_writes_one_line(
    start_server: StartServer, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="jobplane.audit")
    running = await start_server(auth=world.config())
    acme = world.metadata("submitter")
    async with grpc.aio.insecure_channel(running.target) as channel:
        stub = svc_grpc.JobServiceStub(channel)
        job = (await stub.SubmitJob(submit_request(request_id="r-1"), metadata=acme)).job
        await stub.GetJob(svc.GetJobRequest(job_id=job.id), metadata=acme)  # a read: no line
        await stub.PauseJob(svc.PauseJobRequest(job_id=job.id), metadata=acme)
        await call(stub, "PauseJob", job.id, acme)  # already paused: refused by the rules
        await call(stub, "CancelJob", job.id, world.metadata("viewer"))  # beyond the role
        await call(stub, "CancelJob", job.id, world.metadata("no_token"))
        await call(stub, "CancelJob", job.id, world.metadata("other_tenant"))
        await stub.CancelJob(svc.CancelJobRequest(job_id=job.id), metadata=world.metadata("admin"))

    lines = _lines(caplog)
    summary = [(x["rpc"], x["principal"], x["tenant"], x["outcome"], x["reason"]) for x in lines]
    assert summary == [
        ("SubmitJob", "acme-submitter", "acme", "OK", None),
        ("PauseJob", "acme-submitter", "acme", "OK", None),
        ("PauseJob", "acme-submitter", "acme", "FAILED_PRECONDITION", None),
        ("CancelJob", "acme-viewer", "acme", "PERMISSION_DENIED", "ROLE_NOT_ALLOWED"),
        ("CancelJob", None, "", "UNAUTHENTICATED", "MISSING_CREDENTIALS"),
        ("CancelJob", "globex-bot", "globex", "NOT_FOUND", None),
        ("CancelJob", "root", "acme", "OK", None),
    ]
    assert all(x["job_id"] == job.id for x in lines)
    assert lines[0]["request_id"] == "r-1" and lines[0]["via"] == "token"
    assert lines[-1]["via"] == "jwt" and lines[-1]["role"] == "admin"
    assert all(str(x["peer"]).startswith("ipv4:127.0.0.1:") for x in lines)


async def test_audit_lines_survive_a_quiet_log_level(
    start_server: StartServer, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.WARNING)  # --log-level WARNING
    try:
        running = await start_server(auth=world.config())
        async with grpc.aio.insecure_channel(running.target) as channel:
            stub = svc_grpc.JobServiceStub(channel)
            await stub.SubmitJob(submit_request(), metadata=world.metadata("submitter"))
    finally:
        root.setLevel(level)
    assert [x["rpc"] for x in _lines(caplog)] == ["SubmitJob"]


async def test_an_open_server_audits_at_the_log_level(
    start_server: StartServer, caplog: pytest.LogCaptureFixture
) -> None:
    """One anonymous caller, no --audit-log: audit lines are ordinary INFO lines."""
    root = logging.getLogger()
    level = root.level
    try:
        running = await start_server()
        async with grpc.aio.insecure_channel(running.target) as channel:
            stub = svc_grpc.JobServiceStub(channel)
            root.setLevel(logging.WARNING)  # --log-level WARNING
            await stub.SubmitJob(submit_request())
            root.setLevel(logging.INFO)
            caplog.set_level(logging.INFO)
            job = (await stub.SubmitJob(submit_request())).job
    finally:
        root.setLevel(level)
    lines = _lines(caplog)
    assert [(x["rpc"], x["principal"], x["via"], x["job_id"]) for x in lines] == [
        ("SubmitJob", "anonymous", "open", job.id)
    ]

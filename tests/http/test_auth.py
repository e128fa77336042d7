"""The HTTP edge applies the gRPC server's own security guard: the same identities get
the same answers (status and ErrorInfo reason), over plain HTTP and HTTPS."""

from __future__ import annotations

import json
import ssl
from typing import Any

import aiohttp
import grpc
import pytest
from jobplane.server import app
from jobplane.server.auth import QuotaConfig
from jobplane.server.config import HttpConfig
from jobplane.server.http.errors import HTTP_STATUS
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from ..auth.conftest import StartServer, World, bearer
from ..auth.test_matrix import IDENTITIES, expected
from .calls import call, error_of

ROUTES = {
    "SubmitJob": ("POST", "/v1/jobs", {"type": "demo.echo", "startPaused": True}),
    "GetJob": ("GET", "/v1/jobs/{id}", None),
    "ListJobs": ("GET", "/v1/jobs", None),
    "CancelJob": ("POST", "/v1/jobs/{id}:cancel", {}),
    "PauseJob": ("POST", "/v1/jobs/{id}:pause", {}),
    "WatchProgress": ("GET", "/v1/jobs/{id}/events", None),
}


def headers_of(world: World, identity: str) -> dict[str, str]:
    return {k.title(): v for k, v in world.metadata(identity)}


async def _target(http: aiohttp.ClientSession, world: World) -> str:
    """A paused job of tenant acme (pausing it again is refused, so nothing changes)."""
    status, data, _ = await call(
        http,
        "POST",
        "/v1/jobs",
        {"type": "demo.sleep", "startPaused": True},
        headers=headers_of(world, "submitter"),
    )
    assert status == 200, data
    job_id: str = data["job"]["id"]
    return job_id


@pytest.mark.parametrize("identity", IDENTITIES)
async def test_every_identity_gets_the_grpc_answer_over_http(
    start_server: StartServer, world: World, identity: str
) -> None:
    srv = await start_server(auth=world.config(), http=HttpConfig(address="127.0.0.1:0"))
    async with aiohttp.ClientSession(base_url=srv.http.url) as http:
        job_id = await _target(http, world)
        for rpc, (method, path, body) in ROUTES.items():
            code, reason = expected(identity, rpc)
            if rpc == "PauseJob" and code is grpc.StatusCode.OK:
                # the cancel before it ended the job: refused, as over gRPC
                code, reason = grpc.StatusCode.FAILED_PRECONDITION, "JOB_NOT_QUEUED"
            target = path.format(id=job_id)
            headers = headers_of(world, identity)
            if rpc == "WatchProgress" and code is grpc.StatusCode.OK:
                async with http.get(target, headers=headers) as resp:
                    assert resp.status == 200 and resp.content_type == "text/event-stream"
                continue
            status, data, resp = await call(http, method, target, body, headers=headers)
            assert status == HTTP_STATUS[code], (rpc, identity, data)
            if code is not grpc.StatusCode.OK:
                assert error_of(data) == (code.name, reason), (rpc, identity)
            if code is grpc.StatusCode.UNAUTHENTICATED:
                assert resp.headers["WWW-Authenticate"].startswith("Bearer")


async def test_an_open_server_lets_anyone_in(edge: app.Running) -> None:
    assert edge.http is not None
    async with aiohttp.ClientSession(base_url=edge.http.url) as http:
        status, _, _ = await call(http, "GET", "/v1/jobs")
        assert status == 200


async def test_quota_refusals_are_429_with_retry_after(
    start_server: StartServer, world: World
) -> None:
    quotas = QuotaConfig(submit_rate_per_s=0.01, submit_burst=1)
    srv = await start_server(
        auth=world.config(quotas=quotas), http=HttpConfig(address="127.0.0.1:0")
    )
    headers = headers_of(world, "submitter")
    async with aiohttp.ClientSession(base_url=srv.http.url) as http:
        body: Any = {"type": "demo.echo"}
        status, _, _ = await call(http, "POST", "/v1/jobs", body, headers=headers)
        assert status == 200
        status, data, resp = await call(http, "POST", "/v1/jobs", body, headers=headers)
        assert status == 429 and error_of(data)[0] == "RESOURCE_EXHAUSTED"
        assert int(resp.headers["Retry-After"]) >= 1


async def test_tls_and_client_certificates(start_server: StartServer, world: World) -> None:
    srv = await start_server(
        auth=world.config(tls=world.tls(mutual=True)), http=HttpConfig(address="127.0.0.1:0")
    )
    assert srv.http is not None and srv.http.url.startswith("https://")
    trust = ssl.create_default_context(cafile=str(world.keys.ca.cert))
    trust.load_cert_chain(world.keys.acme_worker.cert, world.keys.acme_worker.key)
    async with aiohttp.ClientSession(base_url=srv.http.url) as http:
        # The client certificate names principal acme-worker: tenant acme, submitter.
        status, data, _ = await call(http, "POST", "/v1/jobs", {"type": "demo.echo"}, ssl=trust)
        assert status == 200 and data["job"]["tenant"] == "acme"
        bare = ssl.create_default_context(cafile=str(world.keys.ca.cert))
        with pytest.raises(aiohttp.ClientError):
            await call(http, "GET", "/v1/jobs", ssl=bare)  # no client certificate: refused


async def test_http_calls_are_audited_like_grpc_calls(
    start_server: StartServer, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    srv = await start_server(auth=world.config(), http=HttpConfig(address="127.0.0.1:0"))
    headers = headers_of(world, "submitter")
    async with aiohttp.ClientSession(base_url=srv.http.url) as http:
        with caplog.at_level("INFO", logger="jobplane.audit"):
            status, data, _ = await call(
                http, "POST", "/v1/jobs", {"type": "demo.echo"}, headers=headers
            )
            assert status == 200
    records = [json.loads(r.getMessage()) for r in caplog.records if r.name == "jobplane.audit"]
    (record,) = [r for r in records if r["rpc"] == "SubmitJob"]
    assert record["principal"] == "acme-submitter" and record["outcome"] == "OK"
    assert record["job_id"] == data["job"]["id"] and record["peer"].startswith("ipv4:127.0.0.1:")


async def test_event_streams_count_against_the_tenants_stream_quota(
    start_server: StartServer, world: World
) -> None:
    """Issue 15, item 4: HTTP event streams and gRPC streams share a tenant's
    --quota-max-streams (the edge calls the same guarded handlers): with a limit of 2,
    one SSE stream and one gRPC stream held, the next SSE stream is 429
    TOO_MANY_STREAMS and the next gRPC stream RESOURCE_EXHAUSTED; another tenant's
    stream opens."""
    quotas = QuotaConfig(max_streams=2)
    srv = await start_server(
        auth=world.config(quotas=quotas), http=HttpConfig(address="127.0.0.1:0")
    )
    assert srv.http is not None
    headers = headers_of(world, "submitter")
    async with aiohttp.ClientSession(base_url=srv.http.url) as http:
        job_id = await _target(http, world)
        path = f"/v1/jobs/{job_id}/events"
        async with http.get(path, headers=headers) as first:
            assert first.status == 200 and first.content_type == "text/event-stream"
            await first.content.readuntil(b"\n\n")  # the snapshot: the stream is open
            async with grpc.aio.insecure_channel(srv.target) as channel:
                stub = svc_grpc.JobServiceStub(channel)
                md = world.metadata("submitter")
                watch = stub.WatchProgress(svc.WatchProgressRequest(job_id=job_id), metadata=md)
                await watch.read()
                status, data, _ = await call(http, "GET", path, headers=headers)
                assert status == 429, data
                assert error_of(data) == ("RESOURCE_EXHAUSTED", "TOO_MANY_STREAMS")
                with pytest.raises(grpc.aio.AioRpcError) as exc:
                    await stub.WatchProgress(
                        svc.WatchProgressRequest(job_id=job_id), metadata=md
                    ).read()
                assert exc.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
                other = {k.title(): v for k, v in bearer(world.tokens["globex-submitter"])}
                status, made, _ = await call(
                    http,
                    "POST",
                    "/v1/jobs",
                    {"type": "demo.sleep", "startPaused": True},
                    headers=other,
                )
                assert status == 200
                theirs = f"/v1/jobs/{made['job']['id']}/events"
                async with http.get(theirs, headers=other) as resp:
                    assert resp.status == 200
                watch.cancel()

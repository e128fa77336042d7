"""TLS and mutual TLS: certificates made at test time, a real server on loopback."""

from __future__ import annotations

import grpc
import pytest
from jobplane.client import TlsConfig as ClientTls
from jobplane.client import connect
from jobplane.server.auth import AuthConfig
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from .calls import submit_request
from .conftest import StartServer, World, bearer, tls_channel
from .errinfo import reason


async def test_plaintext_client_cannot_talk_to_a_tls_server(
    start_server: StartServer, world: World
) -> None:
    running = await start_server(auth=world.config(tls=world.tls()))
    async with grpc.aio.insecure_channel(running.target) as channel:
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await svc_grpc.JobServiceStub(channel).SubmitJob(
                submit_request(), metadata=world.metadata("submitter"), timeout=3
            )
    assert err.value.code() == grpc.StatusCode.UNAVAILABLE


async def test_watch_over_tls_needs_credentials(start_server: StartServer, world: World) -> None:
    running = await start_server(auth=world.config(tls=world.tls()))
    async with tls_channel(running, world.keys) as channel:
        stub = svc_grpc.JobServiceStub(channel)
        job = (await stub.SubmitJob(submit_request(), metadata=world.metadata("submitter"))).job
        stream = stub.WatchProgress(svc.WatchProgressRequest(job_id=job.id), timeout=3)
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await stream.read()
        assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED
        ok = stub.WatchProgress(
            svc.WatchProgressRequest(job_id=job.id), metadata=world.metadata("viewer"), timeout=3
        )
        first = await ok.read()
        assert first.job.id == job.id
        ok.cancel()


async def test_client_certificate_names_the_principal(
    start_server: StartServer, world: World
) -> None:
    running = await start_server(auth=world.config(tls=world.tls(mutual=True)))
    async with tls_channel(running, world.keys, world.keys.acme_worker) as channel:
        stub = svc_grpc.JobServiceStub(channel)
        job = (await stub.SubmitJob(submit_request())).job
        stored = await running.store.get(job.id)
        assert stored is not None and stored.tenant == "acme"
        # A bearer token, when sent, is the identity: here globex's.
        globex = world.metadata("other_tenant")
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await stub.GetJob(svc.GetJobRequest(job_id=job.id), metadata=globex)
        assert err.value.code() == grpc.StatusCode.NOT_FOUND
        # A bad token fails even with a good certificate.
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await stub.GetJob(svc.GetJobRequest(job_id=job.id), metadata=bearer("jpt_nope"))
        assert reason(err.value) == "INVALID_TOKEN"
        # Streaming is guarded the same way, and the certificate suffices.
        stream = stub.WatchProgress(svc.WatchProgressRequest(job_id=job.id), timeout=3)
        assert (await stream.read()).job.id == job.id
        stream.cancel()


async def test_unknown_certificate_is_unauthenticated(
    start_server: StartServer, world: World
) -> None:
    running = await start_server(auth=world.config(tls=world.tls(mutual=True)))
    async with tls_channel(running, world.keys, world.keys.stranger) as channel:
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await svc_grpc.JobServiceStub(channel).SubmitJob(submit_request(), timeout=3)
    assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED
    assert reason(err.value) == "UNKNOWN_CLIENT_CERTIFICATE"


@pytest.mark.parametrize("cert", ["none", "rogue"])
async def test_mtls_rejects_missing_or_foreign_certificates(
    start_server: StartServer, world: World, cert: str
) -> None:
    running = await start_server(auth=world.config(tls=world.tls(mutual=True)))
    client = world.keys.rogue if cert == "rogue" else None
    async with tls_channel(running, world.keys, client) as channel:
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await svc_grpc.JobServiceStub(channel).SubmitJob(
                submit_request(), metadata=world.metadata("submitter"), timeout=3
            )
    # The handshake fails: no call reaches the server at all, even with a good token.
    assert err.value.code() == grpc.StatusCode.UNAVAILABLE
    assert await running.store.count() == 0


async def test_mtls_alone_gates_an_open_tenant(start_server: StartServer, world: World) -> None:
    """--tls-client-ca without tokens or JWTs: the CA is the gate; one tenant ''."""
    running = await start_server(auth=AuthConfig(tls=world.tls(mutual=True)))
    async with tls_channel(running, world.keys, world.keys.stranger) as channel:
        job = (await svc_grpc.JobServiceStub(channel).SubmitJob(submit_request())).job
    stored = await running.store.get(job.id)
    assert stored is not None and stored.tenant == ""


async def test_python_client_with_token_and_mtls(start_server: StartServer, world: World) -> None:
    running = await start_server(auth=world.config(tls=world.tls(mutual=True)))
    keys = world.keys
    tls = ClientTls(
        root_ca=keys.ca.cert, client_cert=keys.stranger.cert, client_key=keys.stranger.key
    )
    async with connect(running.target, token=world.tokens["acme-submitter"], tls=tls) as client:
        job = await client.submit("demo.echo", {"x": 1})
        assert (await client.get(job.id)).id == job.id
    stored = await running.store.get(job.id)
    assert stored is not None and stored.tenant == "acme"

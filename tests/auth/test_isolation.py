"""Tenants never see each other: ids, request ids, lists, watches, admin scoping."""

from __future__ import annotations

import asyncio

import grpc
import pytest
from jobplane.server.domain.ids import new_job_id
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from ..support import count_decodes
from .calls import BY_ID, call, submit_request
from .conftest import StartServer, World, bearer
from .errinfo import details, reason


@pytest.fixture
async def stub(start_server: StartServer, world: World) -> svc_grpc.JobServiceStub:
    running = await start_server(auth=world.config())
    channel = grpc.aio.insecure_channel(running.target)
    yield svc_grpc.JobServiceStub(channel)  # type: ignore[misc]
    await channel.close()


def _acme(world: World) -> tuple[tuple[str, str], ...]:
    return world.metadata("submitter")


def _globex(world: World) -> tuple[tuple[str, str], ...]:
    return bearer(world.tokens["globex-submitter"])


async def test_request_id_is_scoped_per_tenant(stub: svc_grpc.JobServiceStub, world: World) -> None:
    a = (
        await stub.SubmitJob(
            submit_request(request_id="nightly", later=False), metadata=_acme(world)
        )
    ).job
    # The same request_id in another tenant is a new job, not A's job, not a conflict.
    b = (
        await stub.SubmitJob(
            submit_request(request_id="nightly", later=False), metadata=_globex(world)
        )
    ).job
    assert a.id != b.id
    again = (
        await stub.SubmitJob(
            submit_request(request_id="nightly", later=False), metadata=_acme(world)
        )
    ).job
    assert again.id == a.id
    # A different request under B's id conflicts in B only, naming only B's job.
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await stub.SubmitJob(
            submit_request(paused=True, request_id="nightly"), metadata=_globex(world)
        )
    assert err.value.code() == grpc.StatusCode.ALREADY_EXISTS
    assert a.id not in err.value.details()


async def test_list_only_shows_the_callers_tenant(
    stub: svc_grpc.JobServiceStub, world: World
) -> None:
    mine = {
        (await stub.SubmitJob(submit_request(), metadata=_acme(world))).job.id for _ in range(3)
    }
    theirs = {
        (await stub.SubmitJob(submit_request(), metadata=_globex(world))).job.id for _ in range(2)
    }
    listed = await stub.ListJobs(svc.ListJobsRequest(), metadata=world.metadata("viewer"))
    assert {j.id for j in listed.jobs} == mine
    # Filters cannot widen the scope either.
    wide = await stub.ListJobs(
        svc.ListJobsRequest(filter='type = "demo.echo"'), metadata=_globex(world)
    )
    assert {j.id for j in wide.jobs} == theirs


async def test_page_tokens_do_not_cross_tenants(
    stub: svc_grpc.JobServiceStub, world: World
) -> None:
    for _ in range(3):
        await stub.SubmitJob(submit_request(), metadata=_acme(world))
    page = await stub.ListJobs(svc.ListJobsRequest(page_size=1), metadata=_acme(world))
    assert page.next_page_token
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await stub.ListJobs(
            svc.ListJobsRequest(page_size=1, page_token=page.next_page_token),
            metadata=_globex(world),
        )
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_identity_headers_are_not_credentials(
    stub: svc_grpc.JobServiceStub, world: World
) -> None:
    job = (await stub.SubmitJob(submit_request(), metadata=_acme(world))).job
    # No credentials, only headers claiming an identity: refused.
    forged = (("x-jobplane-tenant", "acme"), ("x-jobplane-principal", "acme-submitter"))
    code, err = await call(stub, "GetJob", job.id, forged)
    assert code == grpc.StatusCode.UNAUTHENTICATED
    # A non-admin naming another tenant: refused, not silently ignored.
    code, err = await call(stub, "GetJob", job.id, (*_globex(world), ("x-jobplane-tenant", "acme")))
    assert code == grpc.StatusCode.PERMISSION_DENIED and reason(err) == "TENANT_NOT_ALLOWED"
    # Naming one's own tenant is harmless.
    code, _ = await call(stub, "ListJobs", "", (*_acme(world), ("x-jobplane-tenant", "acme")))
    assert code == grpc.StatusCode.OK


async def test_admin_names_the_tenant_explicitly(
    stub: svc_grpc.JobServiceStub, world: World
) -> None:
    job = (await stub.SubmitJob(submit_request(), metadata=_acme(world))).job
    admin = bearer(world.tokens["ops-admin"])
    # Without the header an admin acts on its own tenant, like anyone else.
    code, _ = await call(stub, "GetJob", job.id, admin)
    assert code == grpc.StatusCode.NOT_FOUND
    listed = await stub.ListJobs(svc.ListJobsRequest(), metadata=admin)
    assert not listed.jobs
    # Named: acme.  '*': every tenant.
    code, _ = await call(stub, "GetJob", job.id, (*admin, ("x-jobplane-tenant", "acme")))
    assert code == grpc.StatusCode.OK
    await stub.SubmitJob(submit_request(), metadata=_globex(world))
    every = await stub.ListJobs(
        svc.ListJobsRequest(), metadata=(*admin, ("x-jobplane-tenant", "*"))
    )
    assert len(every.jobs) == 2
    # Submitting needs one concrete tenant; and the job lands there.
    code, err = await call(stub, "SubmitJob", "", (*admin, ("x-jobplane-tenant", "*")))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and reason(err) == "TENANT_REQUIRED"
    made = await stub.SubmitJob(
        submit_request(), metadata=(*admin, ("x-jobplane-tenant", "globex"))
    )
    code, _ = await call(stub, "GetJob", made.job.id, _globex(world))
    assert code == grpc.StatusCode.OK
    code, err = await call(stub, "GetJob", job.id, (*admin, ("x-jobplane-tenant", "bad tenant!")))
    assert code == grpc.StatusCode.INVALID_ARGUMENT


async def test_guessing_ids_reveals_nothing(stub: svc_grpc.JobServiceStub, world: World) -> None:
    """Concurrent calls of two tenants, by-id RPCs on each other's jobs: all NOT_FOUND,
    and the scope of one call never bleeds into another running at the same time."""
    a_jobs = [
        (await stub.SubmitJob(submit_request(), metadata=_acme(world))).job.id for _ in range(5)
    ]
    b_jobs = [
        (await stub.SubmitJob(submit_request(), metadata=_globex(world))).job.id for _ in range(5)
    ]

    async def probe(rpc: str, job_id: str, md: tuple[tuple[str, str], ...], own: bool) -> None:
        code, result = await call(stub, rpc, job_id, md)
        if own:
            assert code != grpc.StatusCode.NOT_FOUND, (rpc, result)
        else:
            assert code == grpc.StatusCode.NOT_FOUND, (rpc, result)

    probes = []
    for rpc in ("GetJob", "WaitJob", "WatchProgress"):
        for a, b in zip(a_jobs, b_jobs, strict=True):
            probes += [
                probe(rpc, a, _acme(world), True),
                probe(rpc, b, _acme(world), False),
                probe(rpc, b, _globex(world), True),
                probe(rpc, a, _globex(world), False),
            ]
    await asyncio.gather(*probes)
    for rpc in BY_ID:
        await probe(rpc, a_jobs[0], _globex(world), False)


async def test_a_foreign_id_answers_as_a_missing_one_without_decoding(
    stub: svc_grpc.JobServiceStub, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No existence oracle (issue 15, item 6), on a live server: GetJob, WaitJob and
    WatchProgress of another tenant's job answer exactly as for an id that does not
    exist (code, message with the id, ErrorInfo), and no job row is decoded for either,
    so the two take the same path (the store looks the id up within the tenant)."""
    theirs = (await stub.SubmitJob(submit_request(), metadata=_globex(world))).job.id
    missing = new_job_id()
    decoded = count_decodes(monkeypatch)
    for rpc in ("GetJob", "WaitJob", "WatchProgress"):
        answers = []
        for job_id in (theirs, missing):
            code, err = await call(stub, rpc, job_id, _acme(world))
            assert code == grpc.StatusCode.NOT_FOUND, (rpc, err)
            assert isinstance(err, grpc.aio.AioRpcError)
            info = details(err)[0]
            assert info.metadata.pop("job_id") == job_id
            answers.append((err.details().replace(job_id, "ID"), info))
        assert answers[0] == answers[1], rpc
    assert decoded == []
    assert (await call(stub, "GetJob", theirs, _globex(world)))[0] == grpc.StatusCode.OK
    assert decoded == [theirs]

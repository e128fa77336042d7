"""Every RPC by every kind of caller, against a real server, in plaintext and over TLS.

Each cell asserts the status code and its ErrorInfo reason, and that a refused
call changed nothing: no job created, the target job untouched.
"""

from __future__ import annotations

import grpc
import pytest
from jobplane.server import app
from jobplane.server.domain.ids import new_job_id
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from .calls import RPCS, call, prepare, submit_request
from .conftest import StartServer, World, tls_channel
from .errinfo import reason

IDENTITIES = (
    "no_token",
    "bad_token",
    "expired_jwt",
    "viewer",
    "submitter",
    "admin",
    "other_tenant",
)
READS = {"GetJob", "ListJobs", "WaitJob", "WatchProgress"}
OK = grpc.StatusCode.OK


def expected(identity: str, rpc: str) -> tuple[grpc.StatusCode, str]:
    """The status code and ErrorInfo reason of one cell."""
    if identity == "no_token":
        return grpc.StatusCode.UNAUTHENTICATED, "MISSING_CREDENTIALS"
    if identity == "bad_token":
        return grpc.StatusCode.UNAUTHENTICATED, "INVALID_TOKEN"
    if identity == "expired_jwt":
        return grpc.StatusCode.UNAUTHENTICATED, "TOKEN_EXPIRED"
    if identity == "viewer" and rpc not in READS:
        return grpc.StatusCode.PERMISSION_DENIED, "ROLE_NOT_ALLOWED"
    if identity == "other_tenant" and rpc not in ("SubmitJob", "ListJobs"):
        return grpc.StatusCode.NOT_FOUND, "JOB_NOT_FOUND"
    return OK, ""


async def _server(start_server: StartServer, world: World, transport: str) -> app.Running:
    tls = world.tls() if transport == "tls" else world.config().tls
    return await start_server(auth=world.config(tls=tls))


def _channel(running: app.Running, world: World, transport: str) -> grpc.aio.Channel:
    if transport == "tls":
        return tls_channel(running, world.keys)
    return grpc.aio.insecure_channel(running.target)


@pytest.mark.parametrize("transport", ["plaintext", "tls"])
@pytest.mark.parametrize("identity", IDENTITIES)
@pytest.mark.parametrize("rpc", RPCS)
async def test_cell(
    start_server: StartServer, world: World, rpc: str, identity: str, transport: str
) -> None:
    running = await _server(start_server, world, transport)
    owner = world.metadata("submitter")
    async with _channel(running, world, transport) as channel:
        stub = svc_grpc.JobServiceStub(channel)
        job_id = await prepare(stub, rpc, owner)
        before = await running.store.get(job_id)
        count = await running.store.count()

        code, result = await call(stub, rpc, job_id, world.metadata(identity))

        want_code, want_reason = expected(identity, rpc)
        assert code == want_code, (rpc, identity, result)
        if code != OK:
            assert reason(result) == want_reason
            # The handler never ran: nothing created, nothing changed.
            assert await running.store.count() == count
            assert await running.store.get(job_id) == before
        await _check_scope(stub, running, rpc, identity, job_id, result, world.metadata(identity))


async def _check_scope(
    stub: svc_grpc.JobServiceStub,
    running: app.Running,
    rpc: str,
    identity: str,
    job_id: str,
    result: object,
    md: tuple[tuple[str, str], ...],
) -> None:
    """Successful cells acted on the right tenant; NOT_FOUND leaks nothing."""
    if rpc == "SubmitJob" and isinstance(result, svc.SubmitJobResponse):
        stored = await running.store.get(result.job.id)
        assert stored is not None
        assert stored.tenant == ("globex" if identity == "other_tenant" else "acme")
    if rpc == "ListJobs" and isinstance(result, svc.ListJobsResponse):
        ids = {j.id for j in result.jobs}
        assert (job_id in ids) == (identity != "other_tenant")
    if identity == "other_tenant" and rpc not in ("SubmitJob", "ListJobs"):
        # Another tenant's job answers exactly like a job that does not exist.
        missing = new_job_id()
        code, err = await call(stub, rpc, missing, md)
        assert code == grpc.StatusCode.NOT_FOUND
        assert isinstance(err, grpc.aio.AioRpcError) and isinstance(result, grpc.aio.AioRpcError)
        assert result.details().replace(job_id, missing) == err.details()
        assert reason(result) == reason(err)


@pytest.mark.parametrize(
    "identity", ["no_token", "bad_token", "expired_jwt", "viewer", "submitter"]
)
async def test_refused_calls_never_reach_the_manager(
    start_server: StartServer, world: World, identity: str
) -> None:
    """Spy on every manager entry point: a refused call, unary or streaming, never
    gets that far (viewer: only the calls beyond its role; submitter: the control)."""
    running = await start_server(auth=world.config())
    reached: list[str] = []
    for name in ("submit", "get", "list", "cancel", "wait", "watch", "pause", "resume", "retry"):
        real = getattr(running.manager, name)

        def spy(*args: object, _name: str = name, _real: object = real, **kw: object) -> object:
            reached.append(_name)
            return _real(*args, **kw)  # type: ignore[operator]

        setattr(running.manager, name, spy)
    async with grpc.aio.insecure_channel(running.target) as channel:
        stub = svc_grpc.JobServiceStub(channel)
        job_id = (
            await stub.SubmitJob(submit_request(), metadata=world.metadata("submitter"))
        ).job.id
        reached.clear()
        for rpc in RPCS:
            if identity == "viewer" and rpc in READS:
                continue
            code, _ = await call(stub, rpc, job_id, world.metadata(identity))
            if identity != "submitter":
                assert code != OK
    if identity == "submitter":
        assert len(set(reached)) == 9  # the spies work
    else:
        assert reached == []

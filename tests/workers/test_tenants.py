"""Workers authenticate like clients, with the ``worker`` role: a worker of tenant A is
never handed tenant B's jobs and cannot touch B's tasks; an admin acting on every
tenant (``*``) serves them all; a worker may not submit, a submitter may not work."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import grpc
import pytest
from google.protobuf import duration_pb2
from jobplane.server import app
from jobplane.server.auth import AuthConfig, hash_token, new_token
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc
from jobplane.v1 import worker_service_pb2 as ws
from jobplane.v1 import worker_service_pb2_grpc as ws_grpc

from tests.auth.errinfo import reason
from tests.support import config

PRINCIPALS = {
    "acme-submitter": ("acme", "submitter"),
    "globex-submitter": ("globex", "submitter"),
    "acme-worker": ("acme", "worker"),
    "globex-worker": ("globex", "worker"),
    "ops-admin": ("ops", "admin"),
}


class World:
    def __init__(self, target: str, tokens: dict[str, str]) -> None:
        self.channel = grpc.aio.insecure_channel(target)
        self.jobs = svc_grpc.JobServiceStub(self.channel)
        self.work = ws_grpc.WorkerServiceStub(self.channel)
        self._tokens = tokens

    def md(self, who: str, *extra: tuple[str, str]) -> tuple[tuple[str, str], ...]:
        return (("authorization", f"Bearer {self._tokens[who]}"), *extra)

    async def submit(self, who: str, priority: int) -> str:
        req = svc.SubmitJobRequest(type="r.echo", priority=priority)
        return (await self.jobs.SubmitJob(req, metadata=self.md(who))).job.id

    async def poll(self, *md: tuple[str, str]) -> ws.Task | None:
        wait = duration_pb2.Duration(nanos=200_000_000)
        req = ws.PollTaskRequest(worker_id="t", types=["r.echo"], wait=wait)
        resp = await self.work.PollTask(req, metadata=md)
        return resp.task if resp.HasField("task") else None


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    tokens = {name: new_token() for name in PRINCIPALS}
    lines = []
    for name, (tenant, role) in PRINCIPALS.items():
        lines += [
            "[[principal]]", f'name = "{name}"', f'tenant = "{tenant}"', f'role = "{role}"',
            f'token_sha256 = ["{hash_token(tokens[name])}"]', "",
        ]  # fmt: skip
    path = tmp_path / "tokens.toml"
    path.write_text("\n".join(lines))
    srv = await app.start(config(job_types=("r.echo",), auth=AuthConfig(tokens_file=path)))
    w = World(srv.target, tokens)
    try:
        yield w
    finally:
        await w.channel.close()
        await srv.stop(grace_s=0.5)


async def test_a_worker_is_handed_only_its_tenants_jobs(world: World) -> None:
    theirs = await world.submit("globex-submitter", priority=99)  # first in claim order
    ours = await world.submit("acme-submitter", priority=1)
    task = await world.poll(*world.md("acme-worker"))
    assert task is not None and task.job.id == ours and task.job.tenant == "acme"
    assert await world.poll(*world.md("acme-worker")) is None
    # Another tenant's worker cannot use the task's token: to it the lease is not its.
    done = ws.CompleteTaskRequest(task_token=task.task_token)
    done.output.SetInParent()
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await world.work.CompleteTask(done, metadata=world.md("globex-worker"))
    assert reason(err.value) == "TASK_LEASE_LOST"
    reply = await world.work.CompleteTask(done, metadata=world.md("acme-worker"))
    assert reply.job.id == ours
    other = await world.poll(*world.md("globex-worker"))
    assert other is not None and other.job.id == theirs


async def test_an_admin_on_every_tenant_serves_them_all(world: World) -> None:
    ids = {await world.submit("acme-submitter", 50), await world.submit("globex-submitter", 50)}
    every = world.md("ops-admin", ("x-jobplane-tenant", "*"))
    got = {t.job.id for t in [await world.poll(*every), await world.poll(*every)] if t}
    assert got == ids


async def test_roles_keep_working_and_submitting_apart(world: World) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await world.poll(*world.md("acme-submitter"))
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert reason(err.value) == "ROLE_NOT_ALLOWED"
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await world.submit("acme-worker", 50)
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await world.poll()  # no credentials at all
    assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED

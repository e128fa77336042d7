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
from jobplane.server.auth import AuthConfig, QuotaConfig, hash_token, new_token
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
    async for w in _world(tmp_path):
        yield w


async def _world(tmp_path: Path, quotas: QuotaConfig | None = None) -> AsyncIterator[World]:
    tokens = {name: new_token() for name in PRINCIPALS}
    lines = []
    for name, (tenant, role) in PRINCIPALS.items():
        lines += [
            "[[principal]]", f'name = "{name}"', f'tenant = "{tenant}"', f'role = "{role}"',
            f'token_sha256 = ["{hash_token(tokens[name])}"]', "",
        ]  # fmt: skip
    path = tmp_path / "tokens.toml"
    path.write_text("\n".join(lines))
    auth = AuthConfig(tokens_file=path, quotas=quotas or QuotaConfig())
    srv = await app.start(config(job_types=("r.echo",), auth=auth))
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


async def test_listen_tasks_counts_against_the_tenants_stream_quota(tmp_path: Path) -> None:
    """Issue 15, item 4: a worker's ListenTasks is one of its tenant's streams. With
    --quota-max-streams 2, acme's worker stream and one watch fill acme's quota: acme's
    next watch and next ListenTasks are TOO_MANY_STREAMS; globex's watch opens."""
    async for world in _world(tmp_path, QuotaConfig(max_streams=2)):
        listen = ws.ListenTasksRequest(worker_id="w", types=["r.echo"], slots=1)
        stream = world.work.ListenTasks(listen, metadata=world.md("acme-worker"))
        ours = await world.submit("acme-submitter", priority=50)
        message = await stream.read()  # the task arrives: the stream is admitted
        assert message.task.job.id == ours
        other = await world.submit("acme-submitter", priority=50)
        watch_req = svc.WatchProgressRequest(job_id=other)
        watch = world.jobs.WatchProgress(watch_req, metadata=world.md("acme-submitter"))
        await watch.read()
        for call in (
            world.jobs.WatchProgress(watch_req, metadata=world.md("acme-submitter")),
            world.work.ListenTasks(listen, metadata=world.md("acme-worker")),
        ):
            with pytest.raises(grpc.aio.AioRpcError) as exc:
                await call.read()
            assert exc.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
            assert reason(exc.value) == "TOO_MANY_STREAMS"
        theirs = await world.submit("globex-submitter", priority=50)
        req = svc.WatchProgressRequest(job_id=theirs)
        their_watch = world.jobs.WatchProgress(req, metadata=world.md("globex-submitter"))
        assert (await their_watch.read()).job.id == theirs
        for c in (stream, watch, their_watch):
            c.cancel()

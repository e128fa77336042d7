"""The Python client's ``tenant=`` (CLI ``--tenant``): an admin acts on a named tenant."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from jobplane.client import AsyncJobClient, JobNotFound, PermissionDenied
from jobplane.server import app

from .conftest import World

StartServer = Callable[..., Awaitable[app.Running]]


async def test_admin_names_a_tenant_others_cannot(start_server: StartServer, world: World) -> None:
    running = await start_server(auth=world.config())
    acme = AsyncJobClient(running.target, token=world.tokens["acme-submitter"])
    admin_for_acme = AsyncJobClient(running.target, token=world.tokens["ops-admin"], tenant="acme")
    admin_alone = AsyncJobClient(running.target, token=world.tokens["ops-admin"])
    sneaky = AsyncJobClient(running.target, token=world.tokens["globex-submitter"], tenant="acme")
    try:
        job = await acme.submit("demo.echo", {"x": 1}, start_paused=True)
        seen = await admin_for_acme.get(job.id)
        assert seen.id == job.id and seen.tenant == "acme"
        assert [j.id async for j in admin_for_acme.list("status = PAUSED")] == [job.id]
        with pytest.raises(JobNotFound):
            await admin_alone.get(job.id)  # without the header an admin acts on its own tenant
        with pytest.raises(PermissionDenied):
            await sneaky.get(job.id)  # only admins may name a tenant
        canceled = await admin_for_acme.cancel(job.id, reason="ops")
        assert canceled.cancel_reason == "ops"
    finally:
        for client in (acme, admin_for_acme, admin_alone, sneaky):
            await client.close()

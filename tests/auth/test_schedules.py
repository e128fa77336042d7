"""Schedules under auth: roles per RPC, a schedule and its runs in its creator's tenant."""

from __future__ import annotations

import grpc
import pytest
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc
from jobplane.v1 import schedule_service_pb2 as spb
from jobplane.v1 import schedule_service_pb2_grpc as spb_grpc

from .conftest import StartServer, World, bearer
from .errinfo import reason


def _daily() -> spb.Schedule:
    s = spb.Schedule()
    s.spec.cron = "0 0 1 1 *"
    s.job.type = "demo.echo"
    return s


@pytest.fixture
async def channel(start_server: StartServer, world: World) -> grpc.aio.Channel:
    running = await start_server(auth=world.config())
    ch = grpc.aio.insecure_channel(running.target)
    yield ch  # type: ignore[misc]
    await ch.close()


async def test_roles_and_tenants(channel: grpc.aio.Channel, world: World) -> None:
    schedules = spb_grpc.ScheduleServiceStub(channel)
    jobs = svc_grpc.JobServiceStub(channel)
    viewer, acme = world.metadata("viewer"), world.metadata("submitter")
    globex = bearer(world.tokens["globex-submitter"])
    create = spb.CreateScheduleRequest(schedule_id="nightly", schedule=_daily())
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await schedules.CreateSchedule(create, metadata=viewer)
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert reason(err.value) == "ROLE_NOT_ALLOWED"
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await schedules.CreateSchedule(create, metadata=world.metadata("no_token"))
    assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED
    await schedules.CreateSchedule(create, metadata=acme)
    # Another tenant may use the same id; it never sees acme's schedule or runs.
    await schedules.CreateSchedule(create, metadata=globex)
    got = await schedules.GetSchedule(
        spb.GetScheduleRequest(schedule_id="nightly"), metadata=viewer
    )
    assert got.schedule.id == "nightly"  # viewers read
    listed = await schedules.ListSchedules(spb.ListSchedulesRequest(), metadata=globex)
    assert [s.id for s in listed.schedules] == ["nightly"]
    trig = spb.TriggerScheduleRequest(schedule_id="nightly", request_id="k")
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await schedules.TriggerSchedule(trig, metadata=viewer)
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
    run = (await schedules.TriggerSchedule(trig, metadata=acme)).job
    other = (await schedules.TriggerSchedule(trig, metadata=globex)).job
    assert run.id != other.id
    await jobs.GetJob(svc.GetJobRequest(job_id=run.id), metadata=viewer)  # acme's run
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await jobs.GetJob(svc.GetJobRequest(job_id=run.id), metadata=globex)
    assert err.value.code() == grpc.StatusCode.NOT_FOUND
    await schedules.DeleteSchedule(spb.DeleteScheduleRequest(schedule_id="nightly"), metadata=acme)
    still = await schedules.GetSchedule(
        spb.GetScheduleRequest(schedule_id="nightly"), metadata=globex
    )
    assert still.schedule.id == "nightly"  # globex's own, untouched

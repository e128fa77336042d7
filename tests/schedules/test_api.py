"""ScheduleService through a live server: each RPC, its errors, and runs seen as jobs."""

from __future__ import annotations

import asyncio
import itertools

import grpc
import pytest
from google.protobuf import field_mask_pb2
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import schedule_service_pb2 as spb

from .helpers import LABEL, Client, schedule

HOUR_CRON = "0 * * * *"


def _reason(err: grpc.aio.AioRpcError) -> tuple[grpc.StatusCode, str, str]:
    status = rpc_status.from_call(err)  # type: ignore[arg-type]
    assert status is not None
    reason, field = "", ""
    for detail in status.details:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            reason = info.reason
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            detail.Unpack(bad)
            field = bad.field_violations[0].field
    return err.code(), reason, field


async def _refused(call: object) -> tuple[grpc.StatusCode, str, str]:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await call  # type: ignore[misc]
    return _reason(info.value)


async def test_create_get_list_delete(client: Client) -> None:
    s = schedule(cron=HOUR_CRON, time_zone="Europe/Berlin")
    s.note = "hourly"
    made = await client.create("hourly", s)
    assert made.id == "hourly" and made.note == "hourly"
    assert made.overlap_policy == spb.OVERLAP_POLICY_ALLOW_ALL
    assert made.catchup_window.seconds == 60  # the default
    times = [t.ToNanoseconds() / 1e9 for t in made.next_run_times]
    assert len(times) == 5 and all(b - a == 3600 for a, b in itertools.pairwise(times))
    assert (await client.get("hourly")) == made
    refused = await _refused(client.create("hourly", s))
    assert refused[:2] == (grpc.StatusCode.ALREADY_EXISTS, "SCHEDULE_ALREADY_EXISTS")
    for i in range(3):
        await client.create(f"more-{i}", schedule(interval_s=3600, type_="demo.sleep"))
    page = await client.schedules.ListSchedules(spb.ListSchedulesRequest(page_size=2))
    assert [x.id for x in page.schedules] == ["hourly", "more-0"]
    rest = await client.schedules.ListSchedules(
        spb.ListSchedulesRequest(page_size=2, page_token=page.next_page_token)
    )
    assert [x.id for x in rest.schedules] == ["more-1", "more-2"] and not rest.next_page_token
    sleeps = await client.schedules.ListSchedules(
        spb.ListSchedulesRequest(filter='type = "demo.sleep" AND NOT id = "more-1"')
    )
    assert [x.id for x in sleeps.schedules] == ["more-0", "more-2"]
    await client.schedules.DeleteSchedule(spb.DeleteScheduleRequest(schedule_id="hourly"))
    gone = await _refused(client.get("hourly"))
    assert gone[:2] == (grpc.StatusCode.NOT_FOUND, "SCHEDULE_NOT_FOUND")


@pytest.mark.parametrize(
    ("schedule_id", "edit", "reason", "field"),
    [
        ("Bad_Id", lambda s: None, "INVALID_SCHEDULE_ID", "schedule_id"),
        ("ok", lambda s: s.spec.ClearField("interval"), "INVALID_SCHEDULE_SPEC", "schedule.spec"),
        ("ok", lambda s: setattr(s.spec, "time_zone", "Mars/Olympus"), "INVALID_TIME_ZONE",
         "schedule.spec.time_zone"),
        ("ok", lambda s: s.spec.interval.FromMilliseconds(100), "INVALID_SCHEDULE_SPEC",
         "schedule.spec.interval"),
        ("ok", lambda s: setattr(s.job, "type", "no.such"), "UNKNOWN_JOB_TYPE", "schedule.job.type"),
        ("ok", lambda s: setattr(s.job, "request_id", "x"), "INVALID_ARGUMENT", "schedule.job"),
        ("ok", lambda s: s.job.labels.update({LABEL: "x"}), "INVALID_ARGUMENT",
         "schedule.job.labels"),
        ("ok", lambda s: s.catchup_window.FromSeconds(-1), "INVALID_ARGUMENT",
         "schedule.catchup_window"),
    ],
)  # fmt: skip
async def test_bad_schedules_are_invalid_argument(
    client: Client, schedule_id: str, edit: object, reason: str, field: str
) -> None:
    s = schedule(interval_s=60)
    edit(s)  # type: ignore[operator]
    got = await _refused(client.create(schedule_id, s))
    assert got == (grpc.StatusCode.INVALID_ARGUMENT, reason, field)


async def test_bad_cron_names_the_field(client: Client) -> None:
    for cron in ("61 * * * *", "* * *", "0 0 31 2 *"):
        got = await _refused(client.create("bad", schedule(cron=cron)))
        assert got[0] == grpc.StatusCode.INVALID_ARGUMENT and got[2] == "schedule.spec.cron", cron


async def test_update_with_mask_pause_resume(client: Client) -> None:
    await client.create("edit-me", schedule(cron=HOUR_CRON))
    change = spb.Schedule(id="edit-me", note="new note")
    change.spec.cron = "*/5 * * * *"
    change.job.type = "demo.sleep"  # not in the mask: unchanged
    req = spb.UpdateScheduleRequest(
        schedule=change, update_mask=field_mask_pb2.FieldMask(paths=["spec.cron", "note"])
    )
    got = (await client.schedules.UpdateSchedule(req)).schedule
    assert got.spec.cron == "*/5 * * * *" and got.note == "new note"
    assert got.job.type == "demo.echo"
    times = [t.ToNanoseconds() / 1e9 for t in got.next_run_times]
    assert all(b - a == 300 for a, b in itertools.pairwise(times))
    bad = spb.UpdateScheduleRequest(
        schedule=change, update_mask=field_mask_pb2.FieldMask(paths=["run_count"])
    )
    assert (await _refused(client.schedules.UpdateSchedule(bad)))[2] == "update_mask"
    paused = await client.schedules.PauseSchedule(
        spb.PauseScheduleRequest(schedule_id="edit-me", note="maintenance")
    )
    assert paused.schedule.paused and not paused.schedule.next_run_times
    assert paused.schedule.note == "maintenance"
    resumed = await client.schedules.ResumeSchedule(
        spb.ResumeScheduleRequest(schedule_id="edit-me")
    )
    assert not resumed.schedule.paused and len(resumed.schedule.next_run_times) == 5


async def test_trigger_runs_now_and_watch_jobs_sees_it(client: Client) -> None:
    await client.create("manual", schedule(cron="0 0 1 1 *", payload={"x": 1}))
    # From a list's cursor taken before the run exists: no race with the stream's start.
    cursor = (await client.jobs.ListJobs(svc.ListJobsRequest(page_size=1))).watch_cursor
    watch = client.jobs.WatchJobs(
        svc.WatchJobsRequest(filter=f'labels."{LABEL}" = "manual"', after_cursor=cursor)
    )
    trig = spb.TriggerScheduleRequest(schedule_id="manual", request_id="once")
    job = (await client.schedules.TriggerSchedule(trig)).job
    again = (await client.schedules.TriggerSchedule(trig)).job
    assert again.id == job.id  # the same request id: the same run
    assert job.labels[LABEL] == "manual" and job.type == "demo.echo"
    seen = await asyncio.wait_for(anext(aiter(watch)), 10)
    assert seen.job.id == job.id
    watch.cancel()
    await client.schedules.DeleteSchedule(spb.DeleteScheduleRequest(schedule_id="manual"))
    kept = await client.jobs.GetJob(svc.GetJobRequest(job_id=job.id))
    assert kept.job.id == job.id  # deleting a schedule leaves its jobs
    missing = await _refused(client.schedules.TriggerSchedule(trig))
    assert missing[0] == grpc.StatusCode.NOT_FOUND

"""DST change days, from a clock the scheduler takes as a parameter: a daily run
neither skips nor doubles; a local time that does not exist runs right after the
jump, one that exists twice runs once. Real server parts (store, manager, submit
path); only the clock is chosen by the test."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from jobplane.server import app
from jobplane.server.domain.model import Job
from jobplane.server.domain.schedule import NOMINAL_LABEL, SCHEDULE_LABEL, Overlap, Spec
from jobplane.server.schedules.manager import Draft
from jobplane.server.store.base import Page
from jobplane.v1 import job_service_pb2 as jsvc

from ..conftest import StartServer

STEP_S = 600.0  # the test's clock moves ten minutes per look


class Clock:
    def __init__(self, start: float) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


async def _runs_across(
    srv: app.Running, cron: str, zone: str, start: dt.datetime, days: int
) -> list[dt.datetime]:
    """Local nominal times of the runs a schedule made while the clock went from
    ``start`` over ``days`` days."""
    assert srv.schedules is not None
    scheduler = srv.schedules.scheduler
    await scheduler.stop()  # the test drives the looks
    clock = Clock(start.timestamp())
    scheduler.clock = clock
    draft = Draft(
        spec=Spec(cron=cron, time_zone=zone),
        job=jsvc.SubmitJobRequest(type="demo.echo").SerializeToString(),
        job_type="demo.echo",
        job_labels={},
        overlap=Overlap.ALLOW_ALL,
        catchup_s=60.0,
        paused=False,
        note="",
    )
    sid = f"dst-{abs(hash((cron, zone, start))) % 10**8}"
    await srv.schedules.manager.create("", sid, draft)
    end = clock.now + days * 86400
    while clock.now < end:
        clock.now += STEP_S
        await scheduler.look(clock.now)
    jobs: list[Job] = await srv.store.list_jobs(Page(None, None, 1000))
    mine = [j for j in jobs if j.labels.get(SCHEDULE_LABEL) == sid]
    tz = ZoneInfo(zone)
    when = sorted(dt.datetime.fromisoformat(j.labels[NOMINAL_LABEL]) for j in mine)
    assert len(set(when)) == len(when), "a nominal time ran twice"
    return [w.astimezone(tz) for w in when]


@pytest.fixture
async def srv(start_server: StartServer) -> app.Running:
    return await start_server(max_concurrency=8)


@pytest.mark.parametrize(
    ("zone", "day"),
    [
        ("America/New_York", dt.date(2026, 3, 8)),  # 02:00 → 03:00
        ("America/New_York", dt.date(2026, 11, 1)),  # 02:00 → 01:00
        ("Europe/Berlin", dt.date(2026, 3, 29)),  # 02:00 → 03:00
        ("Europe/Berlin", dt.date(2026, 10, 25)),  # 03:00 → 02:00
    ],
)
async def test_daily_0900_neither_skips_nor_doubles(
    srv: app.Running, zone: str, day: dt.date
) -> None:
    tz = ZoneInfo(zone)
    start = dt.datetime.combine(day - dt.timedelta(days=2), dt.time(12), tz)
    runs = await _runs_across(srv, "0 9 * * *", zone, start, days=4)
    assert [r.date() for r in runs] == [day + dt.timedelta(days=d) for d in (-1, 0, 1, 2)]
    assert {(r.hour, r.minute) for r in runs} == {(9, 0)}
    offsets = {r.utcoffset() for r in runs}
    assert len(offsets) == 2  # the same wall time on both sides of the change


@pytest.mark.parametrize(
    ("zone", "day", "cron", "expect"),
    [
        # 02:30 does not exist on spring-forward days: the run comes at 03:00, once.
        ("Europe/Berlin", dt.date(2026, 3, 29), "30 2 * * *", (3, 0)),
        ("America/New_York", dt.date(2026, 3, 8), "30 2 * * *", (3, 0)),
        # 02:30 (Berlin) and 01:30 (New York) happen twice on fall-back days: one run.
        ("Europe/Berlin", dt.date(2026, 10, 25), "30 2 * * *", (2, 30)),
        ("America/New_York", dt.date(2026, 11, 1), "30 1 * * *", (1, 30)),
    ],
)
async def test_change_hour_runs_exactly_once(
    srv: app.Running, zone: str, day: dt.date, cron: str, expect: tuple[int, int]
) -> None:
    tz = ZoneInfo(zone)
    start = dt.datetime.combine(day, dt.time(0), tz)
    runs = await _runs_across(srv, cron, zone, start, days=1)
    on_day = [r for r in runs if r.date() == day]
    assert [(r.hour, r.minute) for r in on_day] == [expect]

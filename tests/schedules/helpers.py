"""Helpers for schedule tests: build requests, read runs back through ListJobs."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from typing import Any

import grpc
from google.protobuf import struct_pb2
from jobplane.v1 import job_pb2 as pb
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc
from jobplane.v1 import schedule_service_pb2 as spb
from jobplane.v1 import schedule_service_pb2_grpc as spb_grpc

LABEL = "jobplane.dev/schedule"
NOMINAL = "jobplane.dev/nominal-time"


def schedule(
    *,
    interval_s: float | None = None,
    cron: str | None = None,
    type_: str = "demo.echo",
    payload: dict[str, Any] | None = None,
    overlap: int = spb.OVERLAP_POLICY_ALLOW_ALL,
    catchup_s: float | None = None,
    **spec: Any,
) -> spb.Schedule:
    s = spb.Schedule(overlap_policy=overlap)  # type: ignore[arg-type]
    if interval_s is not None:
        s.spec.interval.FromNanoseconds(int(interval_s * 1e9))
    if cron is not None:
        s.spec.cron = cron
    for key, value in spec.items():
        setattr(s.spec, key, value)
    s.job.type = type_
    if payload:
        st = struct_pb2.Struct()
        st.update(payload)
        s.job.payload.CopyFrom(st)
    s.job.max_attempts = 1
    if catchup_s is not None:
        s.catchup_window.FromNanoseconds(int(catchup_s * 1e9))
    return s


class Client:
    """Both stubs over one channel."""

    def __init__(self, channel: grpc.aio.Channel) -> None:
        self.jobs = svc_grpc.JobServiceStub(channel)
        self.schedules = spb_grpc.ScheduleServiceStub(channel)

    async def create(self, schedule_id: str, s: spb.Schedule) -> spb.Schedule:
        req = spb.CreateScheduleRequest(schedule_id=schedule_id, schedule=s)
        return (await self.schedules.CreateSchedule(req, timeout=10)).schedule

    async def get(self, schedule_id: str) -> spb.Schedule:
        req = spb.GetScheduleRequest(schedule_id=schedule_id)
        return (await self.schedules.GetSchedule(req, timeout=10)).schedule

    async def runs(self, schedule_id: str) -> list[pb.Job]:
        """Every job of the schedule, through ListJobs with the quoted-key label filter."""
        out: list[pb.Job] = []
        token = ""
        while True:
            req = svc.ListJobsRequest(
                filter=f'labels."{LABEL}" = "{schedule_id}"', page_size=1000, page_token=token
            )
            resp = await self.jobs.ListJobs(req, timeout=10)
            out.extend(resp.jobs)
            token = resp.next_page_token
            if not token:
                return out

    async def until_runs(
        self, schedule_id: str, ok: Callable[[list[pb.Job]], bool], timeout_s: float = 20.0
    ) -> list[pb.Job]:
        deadline = asyncio.get_running_loop().time() + timeout_s
        while True:
            runs = await self.runs(schedule_id)
            if ok(runs):
                return runs
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"{schedule_id}: never got there; {len(runs)} runs")
            await asyncio.sleep(0.05)


def nominal(job: pb.Job) -> float:
    """A run's nominal time, from its label (schedule_time carries it too, without jitter)."""
    text = job.labels[NOMINAL].replace("Z", "+00:00")
    return dt.datetime.fromisoformat(text).timestamp()


def nominal_times(jobs: list[pb.Job]) -> list[float]:
    return sorted(nominal(j) for j in jobs)

"""The ScheduleService half of the client: a mixin of :class:`AsyncJobClient`.

Schedules are built as ``schedule_service_pb2.Schedule`` messages, or with
:func:`schedule`, a keyword helper for the common fields::

    s = schedule(cron="0 9 * * MON-FRI", time_zone="Europe/Berlin", job_type="report")
    await client.create_schedule("weekday-report", s)
"""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any, Final, Protocol, TypeVar

from google.protobuf import duration_pb2, field_mask_pb2, struct_pb2
from google.protobuf.message import Message
from jobplane.v1 import job_pb2
from jobplane.v1 import schedule_service_pb2 as spb

_R = TypeVar("_R", bound=Message)
SCHEDULE_SERVICE: Final = "jobplane.v1.ScheduleService"
#: Overlap policies by their short names (the CLI's ``--overlap``).
OVERLAP: Final = {
    "skip": spb.OVERLAP_POLICY_SKIP,
    "buffer-one": spb.OVERLAP_POLICY_BUFFER_ONE,
    "allow-all": spb.OVERLAP_POLICY_ALLOW_ALL,
    "cancel-other": spb.OVERLAP_POLICY_CANCEL_OTHER,
}


def _path(method: str) -> str:
    return f"/{SCHEDULE_SERVICE}/{method}"


def _duration(seconds: float, out: duration_pb2.Duration) -> None:
    out.FromNanoseconds(round(seconds * 1e9))


def schedule(
    *,
    job_type: str,
    cron: str | None = None,
    every_s: float | None = None,
    payload: Mapping[str, Any] | None = None,
    labels: Mapping[str, str] | None = None,
    time_zone: str = "",
    overlap: str = "skip",
    catchup_s: float | None = None,
    jitter_s: float | None = None,
    paused: bool = False,
    note: str = "",
) -> spb.Schedule:
    """A Schedule message: ``cron`` (5 or 6 fields) or ``every_s`` seconds, running
    ``job_type`` with ``payload``; ``overlap`` is one of :data:`OVERLAP`'s names."""
    s = spb.Schedule(paused=paused, note=note, overlap_policy=OVERLAP[overlap])
    if cron is not None:
        s.spec.cron = cron
    if every_s is not None:
        _duration(every_s, s.spec.interval)
    s.spec.time_zone = time_zone
    if jitter_s:
        _duration(jitter_s, s.spec.jitter)
    if catchup_s is not None:
        _duration(catchup_s, s.catchup_window)
    s.job.type = job_type
    if payload:
        body = struct_pb2.Struct()
        body.update(payload)
        s.job.payload.CopyFrom(body)
    s.job.labels.update(labels or {})
    return s


class _Unary(Protocol):
    async def _unary(self, method: str, request: Message, response_type: type[_R]) -> _R: ...


class ScheduleMethods:
    """Cron and interval schedules (ScheduleService); each run is a normal job."""

    async def create_schedule(self: _Unary, schedule_id: str, s: spb.Schedule) -> spb.Schedule:
        """Create ``s`` under ``schedule_id`` ([a-z0-9-]{1,63})."""
        req = spb.CreateScheduleRequest(schedule_id=schedule_id, schedule=s)
        return (
            await self._unary(_path("CreateSchedule"), req, spb.CreateScheduleResponse)
        ).schedule

    async def get_schedule(self: _Unary, schedule_id: str) -> spb.Schedule:
        """Return one schedule (with its next run times and counters)."""
        req = spb.GetScheduleRequest(schedule_id=schedule_id)
        return (await self._unary(_path("GetSchedule"), req, spb.GetScheduleResponse)).schedule

    async def list_schedules(
        self: _Unary, filter: str = "", *, page_size: int = 100
    ) -> AsyncIterator[spb.Schedule]:
        """Iterate over the schedules matching ``filter`` (AIP-160), by id."""
        token = ""
        seen: builtins.set[str] = set()
        # Bounded: ends on the last page or on a page token seen before.
        while True:
            req = spb.ListSchedulesRequest(filter=filter, page_size=page_size, page_token=token)
            page = await self._unary(_path("ListSchedules"), req, spb.ListSchedulesResponse)
            for s in page.schedules:
                yield s
            token = page.next_page_token
            if not token or token in seen:
                return
            seen.add(token)

    async def update_schedule(self: _Unary, s: spb.Schedule, paths: Sequence[str]) -> spb.Schedule:
        """Change the fields of ``s`` (its ``id`` set) named in ``paths`` (e.g. ``spec.cron``)."""
        req = spb.UpdateScheduleRequest(
            schedule=s, update_mask=field_mask_pb2.FieldMask(paths=list(paths))
        )
        return (
            await self._unary(_path("UpdateSchedule"), req, spb.UpdateScheduleResponse)
        ).schedule

    async def delete_schedule(self: _Unary, schedule_id: str) -> None:
        """Delete a schedule; the jobs it created stay."""
        req = spb.DeleteScheduleRequest(schedule_id=schedule_id)
        await self._unary(_path("DeleteSchedule"), req, spb.DeleteScheduleResponse)

    async def pause_schedule(self: _Unary, schedule_id: str, *, note: str = "") -> spb.Schedule:
        """Stop new runs until :meth:`resume_schedule`."""
        req = spb.PauseScheduleRequest(schedule_id=schedule_id, note=note)
        return (await self._unary(_path("PauseSchedule"), req, spb.PauseScheduleResponse)).schedule

    async def resume_schedule(self: _Unary, schedule_id: str, *, note: str = "") -> spb.Schedule:
        """Create runs again from the next nominal time on."""
        req = spb.ResumeScheduleRequest(schedule_id=schedule_id, note=note)
        resp = await self._unary(_path("ResumeSchedule"), req, spb.ResumeScheduleResponse)
        return resp.schedule

    async def trigger_schedule(
        self: _Unary, schedule_id: str, *, request_id: str = ""
    ) -> job_pb2.Job:
        """Create a run now; the same ``request_id`` returns the same run."""
        req = spb.TriggerScheduleRequest(schedule_id=schedule_id, request_id=request_id)
        return (await self._unary(_path("TriggerSchedule"), req, spb.TriggerScheduleResponse)).job

"""The ScheduleService servicer: protobuf ⇄ :class:`ScheduleManager` calls. Nothing else.

Errors are answered as in JobService (one status table, AIP-193 details; anything
unexpected is logged and answered INTERNAL).
"""

from __future__ import annotations

from typing import Any

import grpc
from jobplane.server.api.config import ApiConfig
from jobplane.server.domain.schedule import Schedule
from jobplane.server.rpc import encode, schedule_wire
from jobplane.server.rpc.service import tenant_of, unary
from jobplane.server.schedules.manager import Draft, ScheduleManager
from jobplane.v1 import schedule_service_pb2 as pb
from jobplane.v1 import schedule_service_pb2_grpc as pb_grpc

Ctx = grpc.aio.ServicerContext[Any, Any]


class ScheduleService(pb_grpc.ScheduleServiceServicer):
    def __init__(self, manager: ScheduleManager, config: ApiConfig) -> None:
        self._m = manager
        self._limits = config

    def _pb(self, s: Schedule) -> pb.Schedule:
        return schedule_wire.schedule_pb(s, self._m.next_run_times(s))

    @unary
    async def CreateSchedule(
        self, request: pb.CreateScheduleRequest, context: Ctx
    ) -> pb.CreateScheduleResponse:
        draft = schedule_wire.draft(request.schedule, self._limits)
        s = await self._m.create(tenant_of(context) or "", request.schedule_id, draft)
        return pb.CreateScheduleResponse(schedule=self._pb(s))

    @unary
    async def GetSchedule(
        self, request: pb.GetScheduleRequest, context: Ctx
    ) -> pb.GetScheduleResponse:
        s = await self._m.get(tenant_of(context), request.schedule_id)
        return pb.GetScheduleResponse(schedule=self._pb(s))

    @unary
    async def ListSchedules(
        self, request: pb.ListSchedulesRequest, context: Ctx
    ) -> pb.ListSchedulesResponse:
        found, token = await self._m.list(
            tenant_of(context), request.filter, request.page_size, request.page_token
        )
        resp = pb.ListSchedulesResponse(next_page_token=token)
        for s in found:
            schedule_wire.schedule_pb(s, self._m.next_run_times(s), resp.schedules.add())
        return resp

    @unary
    async def UpdateSchedule(
        self, request: pb.UpdateScheduleRequest, context: Ctx
    ) -> pb.UpdateScheduleResponse:
        given, mask = request.schedule, request.update_mask

        def change(current: Schedule) -> Draft:
            merged = schedule_wire.masked(schedule_wire.schedule_pb(current, []), given, mask)
            return schedule_wire.draft(merged, self._limits)

        s = await self._m.update(tenant_of(context), given.id, change)
        return pb.UpdateScheduleResponse(schedule=self._pb(s))

    @unary
    async def DeleteSchedule(
        self, request: pb.DeleteScheduleRequest, context: Ctx
    ) -> pb.DeleteScheduleResponse:
        await self._m.delete(tenant_of(context), request.schedule_id)
        return pb.DeleteScheduleResponse()

    @unary
    async def PauseSchedule(
        self, request: pb.PauseScheduleRequest, context: Ctx
    ) -> pb.PauseScheduleResponse:
        s = await self._m.set_paused(tenant_of(context), request.schedule_id, True, request.note)
        return pb.PauseScheduleResponse(schedule=self._pb(s))

    @unary
    async def ResumeSchedule(
        self, request: pb.ResumeScheduleRequest, context: Ctx
    ) -> pb.ResumeScheduleResponse:
        s = await self._m.set_paused(tenant_of(context), request.schedule_id, False, request.note)
        return pb.ResumeScheduleResponse(schedule=self._pb(s))

    @unary
    async def TriggerSchedule(
        self, request: pb.TriggerScheduleRequest, context: Ctx
    ) -> pb.TriggerScheduleResponse:
        job = await self._m.trigger(tenant_of(context), request.schedule_id, request.request_id)
        return pb.TriggerScheduleResponse(job=encode.job_pb(job))

"""Schedules wired into a server: their store, the scheduler service and the servicer."""

from __future__ import annotations

import dataclasses
import time
from typing import Any

from jobplane.server.api.config import ApiConfig
from jobplane.server.api.manager import Manager
from jobplane.server.rpc import schedule_wire
from jobplane.server.rpc.schedule_service import ScheduleService
from jobplane.server.runtime.registry import Registry
from jobplane.server.schedules.config import SchedulerConfig
from jobplane.server.schedules.manager import ScheduleManager
from jobplane.server.schedules.runs import Runs
from jobplane.server.schedules.scheduler import Clock, Scheduler
from jobplane.server.store.base import Store
from jobplane.server.store.schedules import ScheduleStore, open_schedule_store
from jobplane.v1 import schedule_service_pb2 as pb
from jobplane.v1 import schedule_service_pb2_grpc as pb_grpc

SERVICE_NAME = pb.DESCRIPTOR.services_by_name["ScheduleService"].full_name


@dataclasses.dataclass
class Schedules:
    store: ScheduleStore
    scheduler: Scheduler
    manager: ScheduleManager
    config: SchedulerConfig

    def start(self) -> None:
        if self.config.enabled:
            self.scheduler.start()

    async def stop(self) -> None:
        await self.scheduler.stop()
        await self.store.close()


async def open_schedules(
    db: str,
    jobs: Store,
    manager: Manager,
    registry: Registry,
    *,
    api: ApiConfig,
    config: SchedulerConfig,
    clock: Clock = time.time,
) -> Schedules:
    """Open the schedule store beside the (open) job store of ``db``; the scheduler is
    not started."""
    store = open_schedule_store(db, jobs)
    await store.open()
    runs = Runs(manager, schedule_wire.run_spec(api))
    scheduler = Scheduler(store, runs, config, clock=clock)
    sm = ScheduleManager(store, scheduler, runs, lambda t: registry.get(t) is not None)
    return Schedules(store, scheduler, sm, config)


def add_service(schedules: Schedules, api: ApiConfig, server: Any) -> None:
    pb_grpc.add_ScheduleServiceServicer_to_server(ScheduleService(schedules.manager, api), server)

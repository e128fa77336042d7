"""Three PostgreSQL replicas running the same schedules, one of them killed -9 midway:
every nominal time gets exactly one run, whichever replica creates it, and none is
missing."""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter

import grpc
from jobplane.v1 import schedule_service_pb2 as spb

from ..store import pg
from ..support import ServerProcess
from .helpers import Client, nominal, schedule

SCHEDULES = 6
REPLICAS = 3


async def test_three_replicas_one_run_per_nominal_time(postgres_url: str) -> None:
    schema = pg.new_schema()
    url = pg.with_schema(postgres_url, schema)
    procs = [ServerProcess(db=url, args=["--log-level", "WARNING"]) for _ in range(REPLICAS)]
    channels: list[grpc.aio.Channel] = []
    try:
        await asyncio.to_thread(procs[0].start)  # applies the migrations
        await asyncio.gather(*(asyncio.to_thread(p.start) for p in procs[1:]))
        channels = [grpc.aio.insecure_channel(p.target) for p in procs]
        clients = [Client(c) for c in channels]
        names = [f"s{i}" for i in range(SCHEDULES)]
        for i, name in enumerate(names):  # created on different replicas
            await clients[i % REPLICAS].create(name, schedule(interval_s=1.0))
        # A few nominal times, then kill -9 one replica (its locks and transaction go
        # with its connection), a few more, then stop them all on the survivors.
        await clients[1].until_runs(names[-1], lambda r: len(r) >= 3, timeout_s=15)
        procs[0].kill9()
        await clients[1].until_runs(names[-1], lambda r: len(r) >= 7, timeout_s=15)
        live = clients[1:]
        for i, name in enumerate(names):
            req = spb.PauseScheduleRequest(schedule_id=name)
            await live[i % len(live)].schedules.PauseSchedule(req)
        for i, name in enumerate(names):
            runs = await live[(i + 1) % len(live)].runs(name)
            times = sorted(nominal(j) for j in runs)
            assert len(times) >= 6, (name, times)
            assert Counter(times).most_common(1)[0][1] == 1, f"{name}: a nominal time twice"
            assert {b - a for a, b in itertools.pairwise(times)} == {1.0}, f"{name}: {times}"
            got = await live[0].get(name)
            assert got.run_count == len(runs) and got.missed_run_count == 0
    finally:
        for c in channels:
            await c.close()
        for p in procs:
            p.kill9()
        await pg.drop_schema(postgres_url, schema)

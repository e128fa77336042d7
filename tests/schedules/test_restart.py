"""kill -9 a server in the middle of a schedule's life, restart it on the same SQLite
file: the runs missed inside the catch-up window are created, exactly once; older
ones are counted as missed, none is created twice."""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from pathlib import Path

import grpc
from jobplane.v1 import schedule_service_pb2 as spb

from ..support import ServerProcess
from .helpers import Client, nominal, schedule

CATCHUP_S = 3.0
DOWN_S = 6.0


def _t(ts: object) -> float:
    return ts.ToNanoseconds() / 1e9  # type: ignore[attr-defined,no-any-return]


async def test_kill9_then_restart_catches_up_within_the_window(tmp_path: Path) -> None:
    proc = ServerProcess(db=f"sqlite:///{tmp_path / 'jobs.db'}", args=["--log-level", "WARNING"])
    await asyncio.to_thread(proc.start)
    try:
        async with grpc.aio.insecure_channel(proc.target) as channel:
            client = Client(channel)
            await client.create("tick", schedule(interval_s=1.0, catchup_s=CATCHUP_S))
            before = await client.until_runs("tick", lambda r: len(r) >= 3)
        proc.kill9()
        await asyncio.sleep(DOWN_S)
        await asyncio.to_thread(proc.restart)
        async with grpc.aio.insecure_channel(proc.target) as channel:
            client = Client(channel)
            last_before = max(nominal(j) for j in before)
            runs = await client.until_runs(
                "tick", lambda r: max(nominal(j) for j in r) > last_before + DOWN_S + 2
            )
            await client.schedules.PauseSchedule(spb.PauseScheduleRequest(schedule_id="tick"))
            got = await client.get("tick")
            runs = await client.runs("tick")
    finally:
        proc.kill9()
    times = sorted(nominal(j) for j in runs)
    assert Counter(times).most_common(1)[0][1] == 1, "a nominal time has two runs"
    absent = [t for t in range(int(times[0]), int(times[-1]) + 1) if t not in set(times)]
    assert len(absent) >= 2, times  # the outage was longer than the catch-up window
    # Every absent nominal time is counted as missed (one more only if the kill fell
    # between creating a run and saving the cursor: that run then exists and counts too).
    assert len(absent) <= got.missed_run_count <= len(absent) + 1, (absent, got)
    # Absent times are one block, inside the outage; after it, every time has its run.
    assert absent == list(range(absent[0], absent[-1] + 1))
    late = [j for j in runs if _t(j.create_time) - nominal(j) > 1.5]
    assert late, "no run was caught up after the restart"
    for job in late:  # caught up: created after the restart, inside the window
        assert nominal(job) > absent[-1]
        assert _t(job.create_time) - nominal(job) <= CATCHUP_S + 1.0
    after = [t for t in times if t > absent[-1]]
    assert {b - a for a, b in itertools.pairwise(after)} == {1.0}

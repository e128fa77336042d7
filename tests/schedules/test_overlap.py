"""Each overlap policy with a handler (2.5 s) slower than the interval (1 s), all four
schedules side by side on one live server."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator

import grpc
import pytest
from jobplane.v1 import job_pb2 as pb
from jobplane.v1 import schedule_service_pb2 as spb

from ..conftest import StartServer
from .helpers import Client, nominal, schedule

TERMINAL = {pb.JOB_STATUS_SUCCEEDED, pb.JOB_STATUS_FAILED, pb.JOB_STATUS_CANCELED}
POLICIES = {
    "skip": spb.OVERLAP_POLICY_SKIP,
    "buffer-one": spb.OVERLAP_POLICY_BUFFER_ONE,
    "allow-all": spb.OVERLAP_POLICY_ALLOW_ALL,
    "cancel-other": spb.OVERLAP_POLICY_CANCEL_OTHER,
}


def _t(ts: object) -> float:
    return ts.ToNanoseconds() / 1e9  # type: ignore[attr-defined,no-any-return]


@pytest.fixture
async def wide(start_server: StartServer, tmp_path: object) -> AsyncIterator[Client]:
    srv = await start_server(db=f"sqlite:///{tmp_path}/jobs.db", max_concurrency=16)
    async with grpc.aio.insecure_channel(srv.target) as channel:
        yield Client(channel)


async def _run_all(client: Client) -> dict[str, list[pb.Job]]:
    for name, policy in POLICIES.items():
        s = schedule(interval_s=1.0, type_="demo.sleep", payload={"seconds": 2.5, "steps": 5})
        s.overlap_policy = policy  # type: ignore[assignment]
        await client.create(name, s)
    await client.until_runs("allow-all", lambda r: len(r) >= 7, timeout_s=30)
    for name in POLICIES:
        await client.schedules.PauseSchedule(spb.PauseScheduleRequest(schedule_id=name))
    out = {}
    for name in POLICIES:
        runs = await client.until_runs(
            name, lambda r: all(j.status in TERMINAL for j in r), timeout_s=30
        )
        out[name] = sorted(runs, key=nominal)
    return out


def _no_overlap(runs: list[pb.Job]) -> None:
    for a, b in itertools.pairwise(runs):
        assert _t(b.create_time) >= _t(a.end_time), (a, b)


async def test_overlap_policies(wide: Client) -> None:
    runs = await _run_all(wide)
    for name, jobs in runs.items():  # whatever the policy: one run per nominal time at most
        times = [nominal(j) for j in jobs]
        assert len(set(times)) == len(times), name
    # SKIP: a run is only created once the previous ended; the rest are counted skipped.
    _no_overlap(runs["skip"])
    assert (await wide.get("skip")).overlap_skip_count >= 2
    assert all(j.status == pb.JOB_STATUS_SUCCEEDED for j in runs["skip"])
    # BUFFER_ONE: never overlapping either, but a due run waits (created late) instead
    # of being dropped: each run after the first was created over a second late.
    buffered = runs["buffer-one"]
    _no_overlap(buffered)
    assert len(buffered) >= 2
    assert all(_t(j.create_time) - nominal(j) > 1.0 for j in buffered[1:])
    assert (await wide.get("buffer-one")).overlap_skip_count >= 1
    # ALLOW_ALL: every nominal time has its run, one second apart, running at once.
    allowed = runs["allow-all"]
    assert {nominal(b) - nominal(a) for a, b in itertools.pairwise(allowed)} == {1.0}
    assert any(_t(b.start_time) < _t(a.end_time) for a, b in itertools.pairwise(allowed))
    # CANCEL_OTHER: one run per second, each canceling the one before it.
    canceled = runs["cancel-other"]
    assert len(canceled) >= 4
    assert {nominal(b) - nominal(a) for a, b in itertools.pairwise(canceled)} == {1.0}
    assert all(j.status == pb.JOB_STATUS_CANCELED for j in canceled[:-1])
    assert all(_t(b.create_time) >= _t(a.end_time) for a, b in itertools.pairwise(canceled))

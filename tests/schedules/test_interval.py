"""Interval schedules on a live server: one run per interval, nominal times exact."""

from __future__ import annotations

import itertools
import time
from collections import Counter

from .helpers import Client, nominal, nominal_times, schedule


async def test_one_second_interval_runs_once_per_second(client: Client) -> None:
    created = await client.create("every-second", schedule(interval_s=1.0))
    assert created.spec.interval.seconds == 1
    assert len(created.next_run_times) == 5
    first = created.next_run_times[0].ToNanoseconds() / 1e9
    assert first == int(first)  # anchored on the epoch: whole seconds
    runs = await client.until_runs("every-second", lambda r: len(r) >= 6, timeout_s=20)
    times = nominal_times(runs)
    assert Counter(times).most_common(1)[0][1] == 1  # no nominal time twice
    gaps = {b - a for a, b in itertools.pairwise(times)}
    assert gaps == {1.0}, times  # exactly one interval apart, none missing
    assert times[0] == first
    for job in runs:
        assert job.schedule_time.ToNanoseconds() / 1e9 == nominal(job)
        assert job.request_id.startswith("schedule:every-second:")
        assert job.labels["jobplane.dev/schedule"] == "every-second"
        # created on time: after its nominal time, well within the catch-up window
        assert 0 <= job.create_time.ToNanoseconds() / 1e9 - nominal(job) < 60
    got = await client.get("every-second")
    assert got.run_count >= len(runs) - 1 and got.missed_run_count == 0
    assert got.last_job_id in {j.id for j in runs}
    assert time.time() - got.last_run_time.ToNanoseconds() / 1e9 < 5

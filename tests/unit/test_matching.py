"""The in-memory filter (WatchJobs) means what the SQL filter (ListJobs) means."""

from __future__ import annotations

import asyncio
import time

from hypothesis import given, settings
from hypothesis import strategies as st
from jobplane.server.domain import filters, matching
from jobplane.server.domain.model import Job, JobStatus
from jobplane.server.store.base import Page
from jobplane.server.store.sqlite import SqliteStore

NOW = time.time()
JOBS = [
    Job(
        id=f"01a20000-0000-7000-8000-{i:012d}",
        type=("demo.echo", "demo.fail", "demo.sleep")[i % 3],
        status=[JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.FAILED, JobStatus.SUCCEEDED][i % 4],
        priority=(0, 25, 50, 75, 100)[i % 5],
        labels=({"team": ("ml", "web")[i % 2]} if i % 3 else {})
        | ({"jobplane.dev/schedule": ("nightly", "hourly")[i % 2]} if i % 4 else {}),
        attempt=i % 3,
        create_time=NOW - 1000 + i * 10,
        update_time=NOW,
        end_time=NOW if i % 4 >= 2 else None,
    )
    for i in range(24)
]
TERMS = [
    "status = FAILED",
    "status != QUEUED",
    'type = "demo.fail"',
    "priority >= 50",
    "attempt > 0",
    'labels.team = "ml"',
    "labels:team",
    'labels.team != "ml"',
    'labels."jobplane.dev/schedule" = "nightly"',
    'labels."jobplane.dev/schedule" != "nightly"',
    'labels:"jobplane.dev/schedule"',
    "dead_letter = true",
    "dead_letter = false",
    f'create_time > "{time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(NOW - 900))}"',
    "status = (RUNNING OR SUCCEEDED)",
    'end_time < "2999-01-01T00:00:00Z"',
]


def _sql_ids(text: str) -> set[str]:
    async def run() -> set[str]:
        store = SqliteStore(":memory:")
        await store.open()
        try:
            for job in JOBS:
                await store.submit(job)
            found = await store.list_jobs(Page(None, filters.parse(text), 1000))
            return {j.id for j in found}
        finally:
            await store.close()

    return asyncio.run(run())


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from(TERMS), min_size=1, max_size=3),
    st.sampled_from([" AND ", " OR "]),
    st.booleans(),
)
def test_memory_filter_agrees_with_sql(terms: list[str], joiner: str, negate: bool) -> None:
    text = joiner.join(terms)
    if negate:
        text = f"NOT ({text})"
    node = filters.parse(text)
    in_memory = {j.id for j in JOBS if matching.matches(node, j)}
    assert in_memory == _sql_ids(text), text


EVERY_OPERATOR = [
    *TERMS,
    "priority < 50",
    "priority <= 50",
    "priority > 50",
    "priority = 50",
    "priority != 50",
    "priority:50",
    "labels.team:*",
    'labels.team != "web"',
    "labels.team:ml",
    "dead_letter != true",
    "dead_letter:true",
    "dead_letter:false",
    f'end_time > "{time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(NOW - 900))}"',
    "status = FAILED OR priority = 0",
    "status = FAILED AND priority = 50",
]


def test_every_operator_alone_and_negated_agrees_with_sql() -> None:
    """Deterministic: each comparison (and its NOT) selects the same jobs in memory as
    in SQL, and each selects some jobs but not all (so a flipped result shows)."""
    for text in EVERY_OPERATOR:
        for negated in (False, True):
            full = f"NOT ({text})" if negated else text
            node = filters.parse(full)
            in_memory = {j.id for j in JOBS if matching.matches(node, j)}
            assert in_memory == _sql_ids(full), full
            if not negated:
                assert 0 < len(in_memory) < len(JOBS), (full, len(in_memory))
    assert matching.matches(None, JOBS[0])

"""Resuming a watch from the broker's backlog: at every boundary of the backlog (the
exact edge, one past it, evicted, ended) the answer is either every event after the
resume point or None (read the store), never a list with a gap. Checked against the
durable history a real store keeps for the same job."""

from __future__ import annotations

import time

import pytest
from jobplane.server.domain import lifecycle
from jobplane.server.domain.model import (
    Event,
    EventKind,
    JobError,
    JobStatus,
    Progress,
    progress_event,
)
from jobplane.server.events.broker import Broker
from jobplane.server.store.base import Claim
from jobplane.server.store.sqlite import SqliteStore

from ..store.jobs import make_job


def _event(seq: int, kind: EventKind = EventKind.PROGRESS, status: JobStatus = JobStatus.RUNNING,
           job_id: str = "j") -> Event:  # fmt: skip
    return Event(job_id=job_id, sequence=seq, kind=kind, status=status,
                 progress=Progress(current=seq), attempt=1, time=0.0)  # fmt: skip


def _seqs(events: list[Event] | None) -> list[int] | None:
    return None if events is None else [e.sequence for e in events]


@pytest.mark.parametrize("backlog", [1, 2, 10])
def test_every_resume_point_of_a_live_backlog(backlog: int) -> None:
    broker = Broker(backlog=backlog, buffer=16)
    last = 30
    broker.publish([_event(s, EventKind.STATUS if s % 7 == 0 else EventKind.PROGRESS)
                    for s in range(1, last + 1)])  # fmt: skip
    first = last - backlog + 1  # the oldest event still held
    for k in range(last + 2):
        got = _seqs(broker.backlog_after("j", k))
        if k >= first - 1:  # from the exact edge (k = first - 1) on: complete
            assert got == list(range(k + 1, last + 1)), (k, got)
        else:  # one past the edge and older: the backlog cannot answer
            assert got is None, (k, got)


def test_nothing_to_resume_from() -> None:
    broker = Broker(backlog=4)
    assert broker.backlog_after("unknown", 0) is None
    sub = broker.subscribe("j")  # a topic with no event yet
    assert broker.backlog_after("j", 0) is None
    assert broker.watched("j") == 0
    broker.publish([_event(1), _event(2)])
    assert _seqs(broker.backlog_after("j", 0)) == [1, 2]
    assert broker.watched("j") == 2 and broker.watched("other") is None
    broker.unsubscribe(sub)
    assert broker.watched("j") is None and broker.watched_jobs() == []


@pytest.mark.parametrize("ended_backlog", [1, 2, 5])
def test_every_resume_point_of_an_ended_backlog(ended_backlog: int) -> None:
    broker = Broker(backlog=50, buffer=16, ended_backlog=ended_backlog)
    broker.publish([_event(s) for s in range(1, 20)])
    broker.publish([_event(20, EventKind.STATUS, JobStatus.SUCCEEDED)])
    first = 20 - ended_backlog + 1
    for k in range(22):
        got = _seqs(broker.backlog_after("j", k))
        expected = list(range(k + 1, 21)) if k >= first - 1 else None
        assert got == expected, (k, got)
    # redriven: live again, growing from what the ended backlog kept up to 50 events
    broker.publish([_event(21, EventKind.STATUS, JobStatus.QUEUED)])
    broker.publish([_event(s) for s in range(22, 60)])
    assert _seqs(broker.backlog_after("j", first - 1)) == list(range(first, 60))
    assert broker.backlog_after("j", first - 2) is None
    broker.publish([_event(s) for s in range(60, 80)])
    assert _seqs(broker.backlog_after("j", 29)) == list(range(30, 80))
    assert broker.backlog_after("j", 28) is None


def test_ended_backlog_never_exceeds_the_live_one() -> None:
    broker = Broker(backlog=3, ended_backlog=10)
    broker.publish([_event(s) for s in range(1, 9)])
    broker.publish([_event(9, EventKind.STATUS, JobStatus.FAILED)])
    assert _seqs(broker.backlog_after("j", 6)) == [7, 8, 9]
    assert broker.backlog_after("j", 5) is None


async def test_backlog_agrees_with_the_durable_history_at_every_point() -> None:
    """A job runs (progress, a failed attempt, a retry, success) on a real store; every
    change is published as the executor publishes it. For every resume point the backlog
    gives exactly the events after it, or None — and then the store's durable history
    holds every status change after it."""
    store = SqliteStore(":memory:")
    await store.open()
    broker = Broker(backlog=4, buffer=64, ended_backlog=3)
    published: list[Event] = []

    def publish(events: tuple[Event, ...] | list[Event]) -> None:
        published.extend(events)
        broker.publish(events)

    try:
        job = make_job(max_attempts=3)
        await store.submit(job)
        publish([e for e in (await store.events_after(job.id, 0) or [])])
        err = JobError(code="INTERNAL", reason="BOOM", message="boom")
        for attempt in (1, 2):
            now = time.time()
            (start,) = await store.claim(Claim(limit=1, now=now, worker="w", lease_s=30))
            publish(start.events)
            for i in range(3):
                ev = await store.progress(
                    job.id, attempt, Progress(current=i, total=3, update_time=now)
                )
                assert ev is not None
                publish([ev])
            if attempt == 1:
                change = await store.update(job.id, lambda j, t=now: lifecycle.fail(j, t, err, 0.0))
                assert change is not None
                publish(change.events)
                change = await store.update(job.id, lambda j, t=now: lifecycle.requeue(j, t))
            else:
                change = await store.update(job.id, lambda j, t=now: lifecycle.succeed(j, t, {}))
            assert change is not None
            publish(change.events)
        seqs = [e.sequence for e in published]
        assert seqs == list(range(1, len(seqs) + 1)), "one gap-free sequence per job"
        durable = await store.events_after(job.id, 0) or []
        assert [e.sequence for e in durable] == [
            e.sequence for e in published if e.kind is EventKind.STATUS
        ]
        for k in range(seqs[-1] + 1):
            got = broker.backlog_after(job.id, k)
            after = [e for e in published if e.sequence > k]
            if got is not None:
                assert got == after, k
            else:
                from_store = await store.events_after(job.id, k)
                assert from_store is not None
                assert [(e.sequence, e.status) for e in from_store] == [
                    (e.sequence, e.status) for e in after if e.kind is EventKind.STATUS
                ], k
        assert len(broker.backlog_after(job.id, seqs[-1] - 3) or []) == 3, "the ended backlog"
        assert broker.backlog_after(job.id, seqs[-1] - 4) is None, "older: from the store"
    finally:
        await store.close()


def test_a_replayed_or_older_event_is_not_published_twice() -> None:
    broker = Broker(backlog=8)
    sub = broker.subscribe("j")
    broker.publish([_event(1), _event(2)])
    broker.publish([_event(2), _event(1), progress_event("j", 3, 1, Progress())])
    assert _seqs(broker.backlog_after("j", 0)) == [1, 2, 3]
    assert sub.pending() == 3

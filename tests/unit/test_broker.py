"""The broker's per-subscriber bound: progress coalesces, status changes never drop."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest
from jobplane.server.domain.model import Event, EventKind, JobStatus, Progress
from jobplane.server.events.broker import Broker, Subscriber


def _event(seq: int, kind: EventKind, status: JobStatus = JobStatus.RUNNING) -> Event:
    return Event(
        job_id="j",
        sequence=seq,
        kind=kind,
        status=status,
        progress=Progress(current=seq),
        attempt=1,
        time=0.0,
    )


async def test_stuck_subscriber_memory_is_bounded_and_keeps_status() -> None:
    broker = Broker(backlog=64, buffer=16)
    stuck = broker.subscribe("j")
    seq = 0
    for i in range(10_000):
        seq += 1
        if i % 2_500 == 0:
            broker.publish([_event(seq, EventKind.STATUS, JobStatus.RUNNING)])
        else:
            broker.publish([_event(seq, EventKind.PROGRESS)])
        assert stuck.pending() <= 16 + 2 * 5  # buffer + (status + the progress after it)
    broker.publish([_event(seq + 1, EventKind.STATUS, JobStatus.SUCCEEDED)])
    got = []
    while stuck.pending():
        got.append(await stuck.get())
    assert [e.kind for e in got].count(EventKind.STATUS) == 5
    assert got[-1].status is JobStatus.SUCCEEDED
    assert got[-2].sequence == seq, "the latest progress survives coalescing"
    assert stuck.coalesced > 9_900
    seqs = [e.sequence for e in got]
    assert seqs == sorted(seqs)


async def test_backlog_resume_window() -> None:
    broker = Broker(backlog=10, buffer=16)
    broker.publish([_event(s, EventKind.PROGRESS) for s in range(1, 31)])
    assert broker.backlog_after("j", 25) is not None
    assert [e.sequence for e in broker.backlog_after("j", 25) or []] == [26, 27, 28, 29, 30]
    assert broker.backlog_after("j", 5) is None, "older than the backlog"
    before = broker.backlog_after("j", 25)
    broker.publish([_event(30, EventKind.PROGRESS), _event(28, EventKind.PROGRESS)])
    assert broker.backlog_after("j", 25) == before, "replayed or older sequences are ignored"


async def test_close_all_ends_waiting_subscribers() -> None:
    broker = Broker()
    sub = broker.subscribe("j")
    waiter = asyncio.create_task(sub.get())
    await asyncio.sleep(0)
    broker.close_all()
    try:
        await waiter
    except Exception as exc:
        assert type(exc).__name__ == "SubscriberClosed"
    else:
        raise AssertionError("get() should raise once closed")


async def test_ended_topic_keeps_a_short_backlog() -> None:
    broker = Broker(backlog=1024, buffer=16, ended_backlog=8)
    broker.publish([_event(s, EventKind.PROGRESS) for s in range(1, 501)])
    assert len(broker.backlog_after("j", 0) or []) == 500
    broker.publish([_event(501, EventKind.STATUS, JobStatus.SUCCEEDED)])
    kept = broker.backlog_after("j", 493) or []
    assert [e.sequence for e in kept] == list(range(494, 502)), (
        "the last 8 events, terminal included"
    )
    assert broker.backlog_after("j", 400) is None, "older resumes fall back to the store"
    broker.publish([_event(502, EventKind.STATUS, JobStatus.QUEUED)])  # redriven
    broker.publish([_event(s, EventKind.PROGRESS) for s in range(503, 600)])
    assert len(broker.backlog_after("j", 494) or []) == 600 - 495


def test_topics_are_bounded_least_recent_first_and_watched_ones_stay() -> None:
    broker = Broker(backlog=8, buffer=4, max_topics=100)
    watched = broker.subscribe("w")  # the oldest topic, watched throughout
    for i in range(1_000):
        broker.publish([dataclasses.replace(_event(1, EventKind.STATUS), job_id=f"j{i}")])
        assert broker.stats()["topics"] <= 100
    assert broker.watched("w") == 0, "a watched topic is never evicted"
    assert broker.backlog_after("j999", 0) is not None
    assert broker.backlog_after("j901", 0) is not None, "the 99 most recent stay"
    assert broker.backlog_after("j900", 0) is None, "the least recently published went first"
    broker.unsubscribe(watched)


async def test_a_subscriber_behind_by_max_lag_gets_the_latest_progress() -> None:
    broker = Broker(backlog=64, buffer=256, max_lag_s=0.02)
    reader, stuck = broker.subscribe("j"), broker.subscribe("j")
    broker.publish([_event(1, EventKind.PROGRESS), _event(2, EventKind.STATUS)])
    assert [(await reader.get()).sequence for _ in range(2)] == [1, 2]
    await asyncio.sleep(0.03)  # `stuck` has not emptied its queue for longer than max_lag
    broker.publish([_event(3, EventKind.PROGRESS), _event(4, EventKind.PROGRESS)])
    got = [(await stuck.get()).sequence for _ in range(stuck.pending())]
    assert got == [2, 4], "older progress coalesced, the status change and the latest kept"
    assert stuck.coalesced == 2
    # The reader kept up (its queue was empty): it sees every event.
    assert [(await reader.get()).sequence for _ in range(2)] == [3, 4]
    assert reader.coalesced == 0


def _ready_now(sub: Subscriber) -> Event:
    """``sub.get()`` if it returns without waiting (no timer, no wake-up), else fail:
    "not held back" checked without a clock."""
    coro = sub.get()
    try:
        coro.send(None)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]
    coro.close()
    raise AssertionError("get() had to wait")


async def test_progress_interval_holds_progress_but_never_a_status_change() -> None:
    broker = Broker(backlog=64, buffer=256)
    sub = broker.subscribe("j", progress_interval_s=0.05)
    broker.publish([_event(1, EventKind.PROGRESS)])
    assert _ready_now(sub).sequence == 1  # the first goes at once
    broker.publish([_event(2, EventKind.PROGRESS), _event(3, EventKind.PROGRESS)])
    with pytest.raises(AssertionError, match="had to wait"):
        _ready_now(sub)  # held: the interval has not passed
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    assert (await sub.get()).sequence == 3, "only the latest of the held progress"
    assert loop.time() - t0 >= 0.04, "held until the interval passed"
    broker.publish([_event(4, EventKind.PROGRESS), _event(5, EventKind.STATUS)])
    assert [_ready_now(sub).sequence for _ in range(2)] == [4, 5], (
        "a status change (and the progress before it) is not held"
    )
    assert sub.coalesced == 1

"""The broker's per-subscriber bound: progress coalesces, status changes never drop."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest
from jobplane.server.domain.model import Change, Event, EventKind, Job, JobStatus, Progress
from jobplane.server.events.broker import (
    Broker,
    FirehoseOverflow,
    Subscriber,
    SubscriberClosed,
)


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


def test_defaults_are_the_documented_bounds() -> None:
    broker = Broker()
    broker.publish([_event(s, EventKind.PROGRESS) for s in range(1, 1026)])
    assert broker.backlog_after("j", 0) is None and len(broker.backlog_after("j", 1) or []) == 1024
    stuck = broker.subscribe("j")
    broker.publish([_event(s, EventKind.PROGRESS) for s in range(1026, 1400)])
    assert stuck.pending() == 256, "subscriber_buffer 256"
    broker.publish([_event(1400, EventKind.STATUS, JobStatus.SUCCEEDED)])
    assert len(broker.backlog_after("j", 1336) or []) == 64, "an ended job keeps 64 events"
    assert broker.backlog_after("j", 1335) is None
    for i in range(10_000):
        broker.publish([dataclasses.replace(_event(1, EventKind.STATUS), job_id=f"t{i}")])
    assert broker.stats()["topics"] == 10_000, "max_topics 10,000 (the watched one kept)"
    assert broker.backlog_after("t0", 0) is None and broker.backlog_after("t1", 0) is not None


def test_eviction_passes_watched_topics_and_never_drops_the_new_one() -> None:
    broker = Broker(backlog=4, max_topics=4)
    watched = [broker.subscribe(f"w{i}") for i in range(3)]
    broker.publish([dataclasses.replace(_event(1, EventKind.STATUS), job_id="a")])
    broker.publish([dataclasses.replace(_event(1, EventKind.STATUS), job_id="b")])
    assert broker.stats() == {"topics": 4, "subscribers": 3, "firehoses": 0}
    assert broker.backlog_after("a", 0) is None, "the unwatched one behind 3 watched went"
    assert broker.backlog_after("b", 0) is not None
    # every older topic watched: the table may grow past max_topics, the new one stays
    broker.subscribe("b")
    broker.publish([dataclasses.replace(_event(1, EventKind.STATUS), job_id="c")])
    assert broker.backlog_after("c", 0) is not None
    assert sorted(broker.watched_jobs()) == ["b", "w0", "w1", "w2"]
    for sub in watched:
        broker.unsubscribe(sub)
    assert broker.stats()["subscribers"] == 1


def _change(seq: int, status: JobStatus, job_id: str = "j", type_: str = "t") -> Change:
    job = Job(id=job_id, type=type_, status=status, sequence=seq)
    status_ev = dataclasses.replace(_event(seq, EventKind.STATUS, status), job_id=job_id)
    progress = dataclasses.replace(_event(seq + 1, EventKind.PROGRESS), job_id=job_id)
    return Change(job, (status_ev, progress))


async def test_firehose_gets_status_events_of_accepted_jobs_with_the_job() -> None:
    broker = Broker()
    fire = broker.subscribe_all(lambda job: job.type == "t", limit=10)
    other = broker.subscribe_all(lambda job: False)
    broker.publish_change(_change(1, JobStatus.QUEUED))
    broker.publish_change(_change(1, JobStatus.QUEUED, job_id="k", type_="u"))
    broker.publish_change(Change(Job(id="j", type="t"), ()))
    got = await fire.get()
    assert (got.job_id, got.sequence, got.kind, got.status) == (
        "j", 1, EventKind.STATUS, JobStatus.QUEUED,
    )  # fmt: skip
    assert got.job == Job(id="j", type="t", status=JobStatus.QUEUED, sequence=1)
    assert [e.sequence for e in broker.backlog_after("j", 0) or []] == [1, 2]
    assert broker.stats() == {"topics": 2, "subscribers": 0, "firehoses": 2}
    broker.unsubscribe_all(other)
    waiter = asyncio.create_task(fire.get())
    await asyncio.sleep(0)
    broker.publish_change(_change(3, JobStatus.RUNNING))
    assert (await waiter).status is JobStatus.RUNNING
    assert broker.stats()["firehoses"] == 1
    broker.close_all()
    with pytest.raises(SubscriberClosed):
        await fire.get()


async def test_a_firehose_past_its_limit_is_dropped() -> None:
    broker = Broker()
    fire = broker.subscribe_all(lambda job: True, limit=3)
    for seq in range(1, 4):
        broker.publish_change(_change(2 * seq, JobStatus.RUNNING))
    assert [(await fire.get()).sequence for _ in range(3)] == [2, 4, 6]
    for seq in range(4, 8):
        broker.publish_change(_change(2 * seq, JobStatus.RUNNING))
    assert fire.overflowed
    with pytest.raises(FirehoseOverflow):
        await fire.get()
    broker.publish_change(_change(20, JobStatus.RUNNING))
    with pytest.raises(FirehoseOverflow):
        await fire.get()
    waiting = broker.subscribe_all(lambda job: True, limit=3)
    task = asyncio.create_task(waiting.get())
    await asyncio.sleep(0)
    waiting.close()
    with pytest.raises(SubscriberClosed):
        await task


async def test_push_wakes_a_waiting_reader_and_close_works_without_one() -> None:
    broker = Broker()
    sub = broker.subscribe("j")
    reader = asyncio.create_task(sub.get())
    await asyncio.sleep(0)
    broker.publish([_event(1, EventKind.PROGRESS)])
    assert (await asyncio.wait_for(reader, 5)).sequence == 1
    idle = broker.subscribe("j")
    broker.close_all()  # neither has a reader waiting
    for s in (sub, idle):
        with pytest.raises(SubscriberClosed):
            await s.get()


def test_coalescing_counts_exactly_and_keeps_arrival_times() -> None:
    broker = Broker(backlog=64, buffer=1, max_lag_s=3600.0)
    sub = broker.subscribe("j")
    broker.publish([_event(s, EventKind.PROGRESS) for s in range(1, 6)])
    assert sub.pending() == 1 and sub.coalesced == 4
    assert _ready_now(sub).sequence == 5
    paced = Broker(backlog=64)  # buffer 256: the interval, not the buffer, coalesces
    two = paced.subscribe("j", progress_interval_s=3600.0)
    paced.publish([_event(6, EventKind.PROGRESS)])
    assert _ready_now(two).sequence == 6
    paced.publish([_event(s, EventKind.PROGRESS) for s in range(7, 10)])
    paced.publish([_event(10, EventKind.STATUS)])
    assert [_ready_now(two).sequence for _ in range(2)] == [9, 10]
    assert two.coalesced == 2, "two older progress events dropped behind the latest"


def test_firehose_limit_default() -> None:
    broker = Broker()
    fire = broker.subscribe_all(lambda job: True)
    for seq in range(1, 10_001):
        broker.publish_change(_change(2 * seq, JobStatus.RUNNING, job_id="x"))
    assert not fire.overflowed
    broker.publish_change(_change(20_002, JobStatus.RUNNING, job_id="x"))
    assert fire.overflowed, "10,000 events behind by default"

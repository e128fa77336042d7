"""The progress broker: per-job ordered events fanned out to any number of subscribers.

* Events reach the broker only after the store made them durable, in sequence order.
* Each job's topic keeps a bounded backlog so a watcher can resume without gaps.
* Each subscriber has a bounded buffer: when it falls behind, progress events are
  coalesced to the latest one; status events are never dropped (a job has few).
  A slow subscriber therefore costs bounded memory and never slows the job or
  other subscribers — publishing never waits.
* Topics are kept in an LRU bounded by ``max_topics``; a topic with subscribers is
  never evicted. An ended job's backlog shrinks to its last ``ended_backlog`` events.
"""

from __future__ import annotations

import asyncio
import collections
import dataclasses
import time
from collections.abc import Callable, Iterable

from jobplane.server.domain.errors import FirehoseOverflow, SubscriberClosed
from jobplane.server.domain.model import Change, Event, EventKind, Job, deleted_event


class Subscriber:
    """One watcher's queue. ``get`` waits for the next event.

    A subscriber is *behind* when the oldest event waiting for it has waited
    ``max_lag_s``: it reads slower than events arrive. Then each new progress event
    replaces every progress event still queued (status events stay, in order), so
    what it reads next is about ``max_lag_s`` old at most. Independently, past
    ``buffer`` queued events the newest queued progress is replaced (the memory
    bound). A subscriber that keeps up — nothing waits ``max_lag_s`` for it — loses
    nothing. With ``progress_interval_s`` it reads at most one progress event per
    interval, the latest; a status change is never held back (the progress queued
    before it goes first)."""

    __slots__ = (
        "_buffer",
        "_closed",
        "_due",
        "_interval",
        "_items",
        "_max_lag",
        "_waiter",
        "coalesced",
        "job_id",
    )

    def __init__(
        self,
        job_id: str,
        buffer: int,
        max_lag_s: float | None = None,
        progress_interval_s: float | None = None,
    ) -> None:
        self.job_id = job_id
        self._buffer = buffer
        self._max_lag = max_lag_s
        self._interval = progress_interval_s
        #: When the next progress event may be read (monotonic seconds).
        self._due = 0.0
        #: (arrival time, event), oldest first.
        self._items: collections.deque[tuple[float, Event]] = collections.deque()
        self._waiter: asyncio.Future[None] | None = None
        self._closed = False
        self.coalesced = 0

    def push(self, event: Event) -> None:
        items = self._items
        now = time.monotonic()
        if event.kind is EventKind.PROGRESS and items:
            if self._max_lag is not None and now - items[0][0] >= self._max_lag:
                kept = [item for item in items if item[1].kind is not EventKind.PROGRESS]
                self.coalesced += len(items) - len(kept)
                items.clear()
                items.extend(kept)
            elif len(items) >= self._buffer and items[-1][1].kind is EventKind.PROGRESS:
                items[-1] = (items[-1][0], event)
                self.coalesced += 1
                return
        items.append((now, event))
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def close(self) -> None:
        self._closed = True
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def get(self) -> Event:
        while True:
            hold_until = None
            if self._items:
                event, hold_until = self._next()
                if event is not None:
                    return event
            if self._closed:
                raise SubscriberClosed()
            loop = asyncio.get_running_loop()
            waiter = self._waiter = loop.create_future()
            timer = None
            if hold_until is not None:
                timer = loop.call_later(hold_until - time.monotonic(), _wake, waiter)
            try:
                await waiter
            finally:
                self._waiter = None
                if timer is not None:
                    timer.cancel()

    def _next(self) -> tuple[Event | None, float | None]:
        """The event to read now, or (None, when the held progress event may go)."""
        items = self._items
        if self._interval is None or items[0][1].kind is not EventKind.PROGRESS:
            return items.popleft()[1], None
        while len(items) > 1 and items[1][1].kind is EventKind.PROGRESS:
            items.popleft()  # a newer progress event follows: only the latest goes
            self.coalesced += 1
        now = time.monotonic()
        if len(items) == 1 and now < self._due:
            return None, self._due
        self._due = now + self._interval
        return items.popleft()[1], None

    def pending(self) -> int:
        return len(self._items)


def _wake(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)


class Firehose:
    """A WatchJobs subscriber: status events of every job its predicate accepts, each
    carrying the job after the change. Status events are never coalesced, so a
    subscriber more than ``limit`` events behind is dropped rather than grow."""

    __slots__ = ("_closed", "_items", "_limit", "_waiter", "accepts", "overflowed")

    def __init__(self, accepts: Callable[[Job], bool], limit: int) -> None:
        self.accepts = accepts
        self._limit = limit
        self._items: collections.deque[Event] = collections.deque()
        self._waiter: asyncio.Future[None] | None = None
        self._closed = False
        self.overflowed = False

    def close(self) -> None:
        self._closed = True
        self.push_wakeup()

    def push_wakeup(self) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def push(self, event: Event) -> None:
        if self.overflowed:
            return
        if len(self._items) >= self._limit:
            self.overflowed = True
            self._items.clear()
        else:
            self._items.append(event)
        self.push_wakeup()

    async def get(self) -> Event:
        while not self._items:
            if self.overflowed:
                raise FirehoseOverflow()
            if self._closed:
                raise SubscriberClosed()
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None
        return self._items.popleft()


class _Topic:
    __slots__ = ("backlog", "last_seq", "subscribers")

    def __init__(self, backlog: int) -> None:
        self.backlog: collections.deque[Event] = collections.deque(maxlen=backlog)
        self.subscribers: set[Subscriber] = set()
        self.last_seq = 0


class Broker:
    """Fans each job's events out to its subscribers."""

    def __init__(
        self,
        *,
        backlog: int = 1024,
        buffer: int = 256,
        max_topics: int = 10_000,
        ended_backlog: int = 64,
        max_lag_s: float | None = None,
    ) -> None:
        self._backlog = backlog
        self._max_lag = max_lag_s
        #: An ended job keeps only its last events in memory (older resumes read the
        #: store's durable status events): bounds the broker to about
        #: running jobs * backlog + max_topics * ended_backlog events.
        self._ended_backlog = min(ended_backlog, backlog)
        self._buffer = buffer
        self._max_topics = max_topics
        self._topics: collections.OrderedDict[str, _Topic] = collections.OrderedDict()
        self._firehoses: set[Firehose] = set()
        #: Called with every local durable change (metrics): must not block or raise.
        self._taps: list[Callable[[Change], None]] = []

    def publish(self, events: Iterable[Event]) -> None:
        """Deliver durable events (each job's in sequence order)."""
        for event in events:
            topic = self._topics.get(event.job_id)
            if topic is None:
                topic = self._new_topic(event.job_id)
            else:
                self._topics.move_to_end(event.job_id)
            if event.sequence <= topic.last_seq:
                continue  # already delivered (e.g. the same change seen twice)
            topic.last_seq = event.sequence
            if event.terminal:
                kept = (
                    list(topic.backlog)[-(self._ended_backlog - 1) :]
                    if self._ended_backlog > 1
                    else []
                )
                topic.backlog = collections.deque(kept, maxlen=self._ended_backlog)
            elif topic.backlog.maxlen != self._backlog:  # redriven: live again
                topic.backlog = collections.deque(topic.backlog, maxlen=self._backlog)
            topic.backlog.append(event)
            for sub in topic.subscribers:
                sub.push(event)

    def publish_change(self, change: Change) -> None:
        """Deliver a change's events, and hand its status events, with the job, to the
        WatchJobs subscribers that accept the job."""
        self.publish(change.events)
        for tap in self._taps:
            tap(change)
        if not self._firehoses or not change.events:
            return
        job = change.job
        takers = [f for f in self._firehoses if f.accepts(job)]
        for event in change.events:
            if event.kind is EventKind.STATUS:
                with_job = dataclasses.replace(event, job=job)
                for firehose in takers:
                    firehose.push(with_job)

    def publish_deleted(self, job: Job) -> None:
        """``job`` (as it was last) was deleted: tell the WatchJobs subscribers that
        accept it and the job's own subscribers (a DELETED event after its last one),
        then forget the job."""
        event = deleted_event(job, time.time())
        change = Change(job, (event,))
        for tap in self._taps:  # e.g. the WatchJobs log's wake-up (the delete is logged)
            tap(change)
        for firehose in self._firehoses:
            if firehose.accepts(job):
                firehose.push(event)
        topic = self._topics.pop(job.id, None)
        if topic is not None:
            for sub in topic.subscribers:
                sub.push(event)

    def tap(self, fn: Callable[[Change], None]) -> None:
        """Also hand every change published here to ``fn`` (synchronously)."""
        self._taps.append(fn)

    def subscribe_all(self, accepts: Callable[[Job], bool], limit: int = 10_000) -> Firehose:
        firehose = Firehose(accepts, limit)
        self._firehoses.add(firehose)
        return firehose

    def unsubscribe_all(self, firehose: Firehose) -> None:
        self._firehoses.discard(firehose)

    def subscribe(self, job_id: str, progress_interval_s: float | None = None) -> Subscriber:
        topic = self._topics.get(job_id)
        if topic is None:
            topic = self._new_topic(job_id)
        sub = Subscriber(job_id, self._buffer, self._max_lag, progress_interval_s)
        topic.subscribers.add(sub)
        return sub

    def unsubscribe(self, sub: Subscriber) -> None:
        topic = self._topics.get(sub.job_id)
        if topic is not None:
            topic.subscribers.discard(sub)

    def watched(self, job_id: str) -> int | None:
        """The last sequence published for ``job_id`` if it has subscribers here, else None."""
        topic = self._topics.get(job_id)
        if topic is None or not topic.subscribers:
            return None
        return topic.last_seq

    def watched_jobs(self) -> list[str]:
        """Jobs with at least one subscriber here."""
        return [job_id for job_id, topic in self._topics.items() if topic.subscribers]

    def backlog_after(self, job_id: str, sequence: int) -> list[Event] | None:
        """Events after ``sequence`` if the backlog holds all of them, else None."""
        topic = self._topics.get(job_id)
        if topic is None or not topic.backlog:
            return None
        if topic.backlog[0].sequence > sequence + 1:
            return None
        return [e for e in topic.backlog if e.sequence > sequence]

    def close_all(self) -> None:
        """End every subscription (the server is draining)."""
        for topic in self._topics.values():
            for sub in topic.subscribers:
                sub.close()
        for firehose in self._firehoses:
            firehose.close()

    def stats(self) -> dict[str, int]:
        return {
            "topics": len(self._topics),
            "subscribers": sum(len(t.subscribers) for t in self._topics.values()),
            "firehoses": len(self._firehoses),
        }

    def _new_topic(self, job_id: str) -> _Topic:
        topics = self._topics
        topic = topics[job_id] = _Topic(self._backlog)
        # Evict from the least recently published end. A watched topic met there is
        # live (never evicted): it moves to the back. O(1) amortized per new topic;
        # each call looks at no more topics than there are.
        looked = 0
        while len(topics) > self._max_topics and looked < len(topics):
            key, old = next(iter(topics.items()))
            if key == job_id:
                break
            looked += 1
            if old.subscribers:
                topics.move_to_end(key)
            else:
                del topics[key]
        return topic

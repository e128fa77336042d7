"""The manager's rules, without a server: a real in-memory SQLite store, the real
broker and runtime, and requests built as decode builds them. Every wait is bounded
and waits on an event, never on a clock."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any

import pytest
from jobplane.server import JobContext, Registry
from jobplane.server.api import requests as rq
from jobplane.server.api.config import ApiConfig
from jobplane.server.api.manager import Manager
from jobplane.server.domain import errors
from jobplane.server.domain.model import Event, EventKind, Job, JobStatus
from jobplane.server.events.broker import Broker
from jobplane.server.runtime import demo
from jobplane.server.runtime.engine import Runtime
from jobplane.server.store import open_store

from ..support import config

WAIT = rq.WaitJob  # a short alias: waits are everywhere below


@dataclasses.dataclass
class Parts:
    manager: Manager
    broker: Broker
    config: ApiConfig
    #: Set by ``test.cooperative`` when it starts / when it sees its cancellation.
    started: asyncio.Event
    saw_cancel: asyncio.Event


@pytest.fixture
async def parts() -> AsyncIterator[Parts]:
    cfg = config(queued_ttl_s=3600.0, max_wait_s=5.0)
    started, saw_cancel = asyncio.Event(), asyncio.Event()

    async def cooperative(ctx: JobContext) -> None:
        started.set()
        while not ctx.cancelled:
            await asyncio.sleep(0.005)
        saw_cancel.set()
        ctx.raise_if_cancelled()

    registry = Registry()
    demo.register(registry)
    registry.register("test.cooperative", cooperative)
    store = open_store(cfg.store.db)
    await store.open()
    broker = Broker(backlog=cfg.broker.backlog_events, buffer=cfg.broker.subscriber_buffer)
    runtime = Runtime(store, broker, registry, cfg.runtime, replicated=store.shared)
    await runtime.start()
    manager = Manager(store, broker, runtime.dispatcher, runtime.commits, runtime.types, cfg.api)
    try:
        yield Parts(manager, broker, cfg.api, started, saw_cancel)
    finally:
        broker.close_all()
        await runtime.shutdown(0.5)
        await store.close()


def spec(type: str = "demo.echo", **fields: Any) -> rq.SubmitJob:
    base: dict[str, Any] = dict(
        type=type, payload={}, priority=50, labels={}, request_id="", request_hash="",
        timeout_s=None, max_attempts=0, retry=None, schedule_time=None,
        heartbeat_timeout_s=None, ttl_s=None, start_paused=False,
    )  # fmt: skip
    base.update(fields)
    return rq.SubmitJob(**base)


async def done(m: Manager, job: Job, tenant: str | None = None) -> Job:
    out = await m.wait(WAIT(job_id=job.id, timeout_s=5.0), tenant)
    assert out.terminal, out.status
    return out


async def test_submit_runs_the_job_and_wait_returns_it(parts: Parts) -> None:
    m = parts.manager
    job = await m.submit(spec(payload={"x": 1.0}, labels={"k": "v"}, priority=80))
    assert job.status in (JobStatus.QUEUED, JobStatus.RUNNING) and job.sequence >= 1
    out = await done(m, job)
    assert out.status is JobStatus.SUCCEEDED and out.output == {"x": 1.0}
    assert (out.labels, out.priority, out.attempt) == ({"k": "v"}, 80, 1)
    assert await m.get(rq.JobRef(job.id)) == out


async def test_unset_fields_take_the_configs_defaults(parts: Parts) -> None:
    cfg = parts.config
    job = await parts.manager.submit(spec(start_paused=True))
    assert job.status is JobStatus.PAUSED
    assert job.max_attempts == cfg.default_max_attempts and job.retry == cfg.default_retry
    assert job.timeout_s == cfg.default_timeout_s and job.expire_time is not None
    assert job.expire_time == pytest.approx(job.create_time + 3600.0)
    own = await parts.manager.submit(spec(start_paused=True, max_attempts=9, ttl_s=10.0))
    assert own.max_attempts == 9 and own.expire_time == pytest.approx(own.create_time + 10.0)


async def test_unknown_type_names_the_known_ones(parts: Parts) -> None:
    with pytest.raises(errors.InvalidArgumentError) as caught:
        await parts.manager.submit(spec("nope.nothing"))
    err = caught.value
    assert (err.reason, err.field) == ("UNKNOWN_JOB_TYPE", "type")
    assert "demo.echo" in err.metadata["known_types"] and err.metadata["type"] == "nope.nothing"


async def test_request_id_makes_submit_idempotent(parts: Parts) -> None:
    m = parts.manager
    first = await m.submit(spec(request_id="r1", request_hash="h1", start_paused=True))
    again = await m.submit(spec(request_id="r1", request_hash="h1", start_paused=True))
    assert again.id == first.id
    with pytest.raises(errors.AlreadyExistsError) as caught:
        await m.submit(spec(request_id="r1", request_hash="h2", start_paused=True))
    assert caught.value.reason == "REQUEST_ID_CONFLICT"
    assert caught.value.metadata == {"job_id": first.id, "request_id": "r1"}


async def test_tenants_see_only_their_jobs(parts: Parts) -> None:
    m = parts.manager
    job = await m.submit(spec(start_paused=True), tenant="acme")
    for call in (
        m.get(rq.JobRef(job.id), "other"),
        m.pause(rq.JobRef(job.id), "other"),
        m.cancel(rq.CancelJob(job_id=job.id, reason="", force=False), "other"),
        m.wait(WAIT(job_id=job.id, timeout_s=0.01), "other"),
    ):
        with pytest.raises(errors.JobNotFoundError):
            await call
    assert (await m.get(rq.JobRef(job.id), None)).status is JobStatus.PAUSED  # None: any
    assert (await m.get(rq.JobRef(job.id), "acme")).tenant == "acme"


async def test_list_pages_newest_first_with_tokens_bound_to_the_filter(parts: Parts) -> None:
    m = parts.manager
    ids = [(await m.submit(spec(start_paused=True, labels={"n": str(i)}))).id for i in range(5)]
    await m.submit(spec(start_paused=True), tenant="other")
    seen: list[str] = []
    token = ""
    while True:
        page = rq.ListJobs(filter_text="", filter=None, page_size=2, page_token=token)
        jobs, token = await m.list(page, tenant="")
        seen += [j.id for j in jobs]
        if not token:
            break
    assert seen == ids[::-1]
    jobs, token = await m.list(
        rq.ListJobs(filter_text="", filter=None, page_size=2, page_token=""), ""
    )
    node = rq.filter_node('labels.n = "1"')
    other = rq.ListJobs(filter_text='labels.n = "1"', filter=node, page_size=2, page_token=token)
    with pytest.raises(errors.InvalidArgumentError) as caught:
        await m.list(other, "")
    assert caught.value.reason == "INVALID_PAGE_TOKEN"
    jobs, _ = await m.list(dataclasses.replace(other, page_token=""), "")
    assert [j.id for j in jobs] == [ids[1]]


async def test_pause_resume_cancel_follow_the_lifecycle(parts: Parts) -> None:
    m = parts.manager
    ref = rq.JobRef((await m.submit(spec("test.cooperative", start_paused=True))).id)
    with pytest.raises(errors.FailedPreconditionError) as caught:
        await m.pause(ref)
    assert caught.value.reason == "JOB_NOT_QUEUED"
    assert (await m.resume(ref)).status in (JobStatus.QUEUED, JobStatus.RUNNING)
    await asyncio.wait_for(parts.started.wait(), 5)
    cancel = rq.CancelJob(job_id=ref.job_id, reason="enough", force=False)
    job = await m.cancel(cancel)
    assert job.status is JobStatus.CANCELED and job.cancel_reason == "enough"
    await asyncio.wait_for(parts.saw_cancel.wait(), 5)  # the running handler was told
    assert (await m.cancel(cancel)).status is JobStatus.CANCELED  # idempotent
    finished = await done(m, await m.submit(spec()))
    with pytest.raises(errors.JobAlreadyCompleteError):
        await m.cancel(rq.CancelJob(job_id=finished.id, reason="", force=False))


async def test_retry_redrives_a_failed_job(parts: Parts) -> None:
    m = parts.manager
    failed = await done(m, await m.submit(spec("demo.fail", payload={"times": 1}, max_attempts=1)))
    assert failed.status is JobStatus.FAILED and failed.attempt == 1
    again = await m.retry(rq.RetryJob(job_id=failed.id, additional_attempts=1))
    assert again.max_attempts == 2 and not again.terminal
    out = await done(m, again)
    assert out.status is JobStatus.SUCCEEDED and out.attempt == 2


async def test_wait_returns_a_live_job_when_its_timeout_passes(parts: Parts) -> None:
    job = await parts.manager.submit(spec(start_paused=True))
    out = await parts.manager.wait(WAIT(job_id=job.id, timeout_s=0.02))
    assert out.status is JobStatus.PAUSED and out.id == job.id


async def _events(stream: AsyncGenerator[Event, None], limit: int = 100) -> list[Event]:
    """The stream's events up to its end (bounded in count and time)."""
    out: list[Event] = []
    async with contextlib.aclosing(stream):
        while True:
            try:
                out.append(await asyncio.wait_for(anext(stream), 5))
            except StopAsyncIteration:
                return out
            assert len(out) <= limit


async def test_watch_snapshot_then_every_change_until_terminal(parts: Parts) -> None:
    m = parts.manager
    job = await m.submit(
        spec("demo.sleep", payload={"seconds": 0.03, "steps": 3}, start_paused=True)
    )
    watch = rq.WatchProgress(job_id=job.id, after_sequence=0, progress_interval_s=None)
    stream = m.watch(watch)
    first = await anext(stream)
    assert first.kind is EventKind.SNAPSHOT and first.job is not None
    await m.resume(rq.JobRef(job.id))
    rest = await _events(stream)
    seqs = [first.sequence] + [e.sequence for e in rest]
    assert seqs == sorted(set(seqs)), "in order, no repeats"
    assert rest[-1].terminal and rest[-1].job is not None
    assert rest[-1].job.status is JobStatus.SUCCEEDED
    assert sum(e.kind is EventKind.PROGRESS for e in rest) >= 1
    # Resume from the middle: exactly the events after the cursor, ending terminal.
    resumed = await _events(m.watch(dataclasses.replace(watch, after_sequence=seqs[1])))
    assert [e.sequence for e in resumed][-1] == seqs[-1] and resumed[-1].terminal
    assert all(e.sequence > seqs[1] for e in resumed)
    ahead = dataclasses.replace(watch, after_sequence=seqs[-1] + 1)
    with pytest.raises(errors.OutOfRangeError) as caught:
        await anext(m.watch(ahead))
    assert caught.value.metadata == {"latest_sequence": str(seqs[-1])}


async def test_watch_ends_unavailable_when_the_broker_closes(parts: Parts) -> None:
    job = await parts.manager.submit(spec(start_paused=True))
    stream = parts.manager.watch(
        rq.WatchProgress(job_id=job.id, after_sequence=0, progress_interval_s=None)
    )
    snapshot = await anext(stream)
    parts.broker.close_all()
    with pytest.raises(errors.UnavailableError) as caught:
        await anext(stream)
    assert caught.value.metadata == {"after_sequence": str(snapshot.sequence)}


async def test_watch_jobs_filters_by_type_and_tenant(parts: Parts) -> None:
    m = parts.manager
    text = 'type = "demo.echo"'
    stream = m.watch_jobs(rq.WatchJobs(filter_text=text, filter=rq.filter_node(text)), "acme")
    first = asyncio.ensure_future(anext(stream))
    await following(m)  # it started at the log's head before anything is submitted
    await m.submit(spec(start_paused=True), tenant="other")
    await m.submit(spec("demo.sleep", start_paused=True), tenant="acme")
    mine = await m.submit(spec(start_paused=True), tenant="acme")
    _, event = await asyncio.wait_for(first, 5)
    assert event.job is not None and event.job.id == mine.id
    await stream.aclose()


async def following(m: Manager, n: int = 1) -> None:
    for _ in range(250):  # bounded: 5 s
        if m.watch_log.followers >= n:
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the WatchJobs stream never started")


async def test_a_parked_watch_jobs_stream_later_reads_every_change_in_order(
    parts: Parts,
) -> None:
    """A stream that stops reading is never dropped nor coalesced: it reads the
    store's log from its position when it reads again."""
    m = parts.manager
    stream = m.watch_jobs(rq.WatchJobs(filter_text="", filter=None))
    first = asyncio.ensure_future(anext(stream))
    await following(m)
    jobs = [await m.submit(spec(start_paused=True)) for _ in range(30)]
    got = [await asyncio.wait_for(first, 5)]
    got += [await asyncio.wait_for(anext(stream), 5) for _ in range(29)]
    assert [e.job_id for _, e in got] == [j.id for j in jobs]
    cursors = [c for c, _ in got]
    assert len(set(cursors)) == 30
    await stream.aclose()
    assert m.watch_log.followers == 0


async def test_stats_cover_the_runtime_and_the_broker(parts: Parts) -> None:
    m = parts.manager
    assert set(m.stats()) >= {"running", "subscribers"}


async def test_an_idle_polling_watch_holds_one_waiter() -> None:
    """A WatchJobs stream on a shared store polls; each timed-out wait leaves nothing
    behind (the waiters list stays bounded by the streams)."""
    from jobplane.server.events.watchlog import WatchLog

    store = open_store("sqlite:///:memory:")
    await store.open()
    try:
        log = WatchLog(store, retention_s=60.0, poll_s=0.01)
        follow = log.follow(None, lambda job: True)
        reader = asyncio.ensure_future(anext(follow))
        await asyncio.sleep(0.2)  # about 20 polls
        assert len(log._waiters) <= 1
        reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await reader
        await follow.aclose()
        assert log.followers == 0
    finally:
        await store.close()

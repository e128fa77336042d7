"""Remote attempts behind the dispatcher (runtime/remote.py, remote_work.py) without
gRPC: sessions, polls, timeouts, silent workers and hand-backs on a real store."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from jobplane.server.domain import errors, lifecycle
from jobplane.server.domain.model import JobStatus, Progress
from jobplane.server.domain.outcomes import Outcome, StopReason
from jobplane.server.events.broker import Broker
from jobplane.server.runtime.commits import Commits
from jobplane.server.runtime.dispatcher import Dispatcher
from jobplane.server.runtime.registry import Registry
from jobplane.server.runtime.remote import Command, RemoteSession
from jobplane.server.runtime.remote_work import RemoteWork
from jobplane.server.runtime.tokens import TaskToken
from jobplane.server.runtime.types import KnownTypes
from jobplane.server.store.base import Claim, Store

from ..store.jobs import make_job

S = JobStatus


@pytest.fixture
async def work(store: Store, broker: Broker) -> AsyncIterator[RemoteWork]:
    dispatcher = Dispatcher(store, broker, lease_s=30.0, pools=())
    types = KnownTypes(Registry(), ("t",), store)
    remote = RemoteWork(store, broker, dispatcher, Commits(store, broker, dispatcher), types,
                        lease_s=30.0, cancel_grace_s=0.3)  # fmt: skip
    dispatcher.start()
    yield remote
    await dispatcher.stop_claiming()


async def next_command(session: RemoteSession) -> Command:
    commands = session.commands()
    return await asyncio.wait_for(commands.__anext__(), 5)


async def test_a_timed_out_remote_attempt_is_cancelled_then_failed(
    work: RemoteWork, store: Store
) -> None:
    session = await work.listen("w", ["t"], 1, None)
    job = make_job(timeout_s=0.05, max_attempts=1)
    await store.submit(job)
    task = await next_command(session)
    token = TaskToken.decode(task.held.token)
    cancel = await next_command(session)
    assert cancel.cancel and cancel.reason == "JOB_TIMEOUT" and not cancel.force
    requested, _ = await work.report(
        token, Progress(current=1, update_time=time.time()), None, None
    )
    assert requested  # a poller would learn it here
    for _ in range(200):  # bounded: the grace is 0.3 s
        row = await store.get(job.id)
        if row is not None and row.status is S.FAILED and session.slots.running == 0:
            break
        await asyncio.sleep(0.01)
    assert row is not None and row.status is S.FAILED and row.error is not None
    assert row.error.reason == "JOB_TIMEOUT"
    assert session.slots.running == 0
    with pytest.raises(errors.FailedPreconditionError):
        await work.complete(token, Outcome.ok({}), None)


async def test_a_silent_remote_attempt_is_reported_by_its_holder(
    work: RemoteWork, store: Store
) -> None:
    session = await work.listen("w", ["t"], 1, None)
    await store.submit(make_job(heartbeat_timeout_s=0.02))
    await next_command(session)
    await asyncio.sleep(0.05)
    assert [j.status for j in session.silent()] == [S.RUNNING]
    assert session.silent() == []  # reported once


async def test_a_claim_for_a_closed_session_goes_back_to_the_queue(
    work: RemoteWork, store: Store
) -> None:
    session = await work.listen("w", ["t"], 1, None)
    work.close(session)
    job = make_job(max_attempts=1)
    await store.submit(job)
    row = await store.get(job.id)
    assert row is not None and row.status is S.QUEUED
    # A claim that was already in flight when the stream ended lands after it.
    claim = Claim(limit=1, now=time.time(), worker=session.lease_owner, lease_s=30.0)
    (started,) = await store.claim(claim)
    session.take(started.job)
    for _ in range(200):
        row = await store.get(job.id)
        if row is not None and row.status is S.QUEUED and session.slots.running == 0:
            break
        await asyncio.sleep(0.01)
    assert row is not None and row.status is S.QUEUED and row.max_attempts == 2
    assert session.slots.running == 0


async def test_a_poll_takes_one_job_and_the_pool_holds_it(work: RemoteWork, store: Store) -> None:
    job = make_job()
    await store.submit(job)
    held = await work.poll("p", ["t"], 1.0, None)
    assert held is not None and held.job.id == job.id
    assert work.pool.holding(job.id) is not None
    done = await work.complete(TaskToken.decode(held.token), Outcome.ok({"x": 1}), None)
    assert done.status is S.SUCCEEDED and work.pool.slots.running == 0
    assert await work.poll("p", ["t"], 0.05, None) is None


async def test_a_session_whose_attempt_stalled_takes_nothing_until_heard_from(
    work: RemoteWork, store: Store
) -> None:
    session = await work.listen("w", ["t"], 2, None)
    first = make_job()
    await store.submit(first)
    task = await next_command(session)
    token = TaskToken.decode(task.held.token)
    # Its lease expired (the worker is silent): the rescuer writes it off and tells
    # the session, as it does for every expired lease.
    rescue = lifecycle.rescue(time.time(), "JOB_STALLED", "lease expired", lambda: 0.0)
    await store.update(first.id, rescue)
    session.stop(first.id, StopReason.STALLED)
    await next_command(session)  # the pushed cancel
    assert session.paused and session.slots.free() <= 0
    second = make_job()
    await store.submit(second)
    work._dispatcher.wake()
    await asyncio.sleep(0.1)
    row = await store.get(second.id)
    assert row is not None and row.status is S.QUEUED  # not pushed to a silent worker
    with pytest.raises(errors.FailedPreconditionError):  # late, but a sign of life
        await work.report(token, None, None, None)
    assert not session.paused
    again = await next_command(session)
    assert again.held.job.id == second.id

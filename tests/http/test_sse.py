"""Server-Sent Events: framing, resume without gap or duplicate, WatchJobs, keep-alive,
unsubscribing a vanished client, and an EventSource-style resume across a restart."""

from __future__ import annotations

import asyncio
import re
import socket
from pathlib import Path
from typing import Any

import aiohttp
from jobplane.server import app
from jobplane.server.config import HttpConfig
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from ..support import config
from .calls import Event, call, drain, error_of, events, take

STEPS = {"type": "demo.sleep", "payload": {"seconds": 1.0, "steps": 10}}


async def submit(http: aiohttp.ClientSession, body: dict[str, Any]) -> str:
    status, data, _ = await call(http, "POST", "/v1/jobs", body)
    assert status == 200, data
    job_id: str = data["job"]["id"]
    return job_id


def ids(evs: list[Event]) -> list[int]:
    return [int(e.id) for e in evs if e.id is not None]


async def wait_done(http: aiohttp.ClientSession, job_id: str) -> dict[str, Any]:
    _, data, _ = await call(http, "POST", f"/v1/jobs/{job_id}:wait", {"timeout": "20s"})
    job: dict[str, Any] = data["job"]
    return job


async def test_a_job_streams_snapshot_progress_then_terminal(http: aiohttp.ClientSession) -> None:
    job_id = await submit(http, STEPS)
    async with http.get(f"/v1/jobs/{job_id}/events") as resp:
        assert resp.status == 200 and resp.content_type == "text/event-stream"
        evs = await drain(resp)  # ends by itself after the terminal event
    assert evs[0].name == "snapshot" and evs[0].data["job"]["id"] == job_id
    assert {e.name for e in evs[1:-1]} <= {"status", "progress"} and "progress" in {
        e.name for e in evs
    }
    last = evs[-1]
    assert last.name == "status" and last.data["status"] == "JOB_STATUS_SUCCEEDED"
    assert last.data["job"]["progress"]["percent"] == 100
    seqs = ids(evs)
    assert seqs == sorted(set(seqs)) and all(int(e.data["sequence"]) == int(e.id or 0) for e in evs)


async def test_last_event_id_resumes_without_gap_or_duplicate(http: aiohttp.ClientSession) -> None:
    job_id = await submit(http, STEPS)
    async with http.get(f"/v1/jobs/{job_id}/events") as resp:
        first = await take(resp, 3)  # then the client goes away mid-stream
    seen = ids(first)
    job = await wait_done(http, job_id)
    assert job["status"] == "JOB_STATUS_SUCCEEDED"
    headers = {"Last-Event-ID": str(seen[-1])}
    async with http.get(f"/v1/jobs/{job_id}/events", headers=headers) as resp:
        rest = await drain(resp)
    assert ids(rest) == list(range(seen[-1] + 1, int(job["sequence"]) + 1))
    assert not set(ids(rest)) & set(seen) and rest[-1].data["status"] == "JOB_STATUS_SUCCEEDED"
    # ?after_sequence= is the same cursor; Last-Event-ID (the browser's, newer) wins over it.
    async with http.get(f"/v1/jobs/{job_id}/events?after_sequence={seen[-1]}") as resp:
        assert ids(await drain(resp)) == ids(rest)
    async with http.get(
        f"/v1/jobs/{job_id}/events?afterSequence=1", headers={"Last-Event-ID": str(seen[-1])}
    ) as resp:
        assert ids(await drain(resp)) == ids(rest)
    # Resuming at the terminal event: nothing more, and 204 tells EventSource to stop.
    async with http.get(
        f"/v1/jobs/{job_id}/events", headers={"Last-Event-ID": job["sequence"]}
    ) as resp:
        assert resp.status == 204


async def test_refused_watches_answer_json_errors(http: aiohttp.ClientSession) -> None:
    status, data, _ = await call(
        http, "GET", "/v1/jobs/0190a5b2-7c3e-7d41-9a8b-3f2e1d0c9b8a/events"
    )
    assert status == 404 and error_of(data) == ("NOT_FOUND", "JOB_NOT_FOUND")
    job_id = await submit(http, {"type": "demo.echo"})
    status, data, _ = await call(
        http, "GET", f"/v1/jobs/{job_id}/events", headers={"Last-Event-ID": "999"}
    )
    assert status == 400 and error_of(data) == ("OUT_OF_RANGE", "SEQUENCE_OUT_OF_RANGE")
    status, data, _ = await call(http, "GET", "/v1/events", params={"filter": "colour = red"})
    assert status == 400 and error_of(data)[0] == "INVALID_ARGUMENT"


async def test_watch_jobs_streams_matching_status_changes(
    http: aiohttp.ClientSession, grpc_stub: svc_grpc.JobServiceStub
) -> None:
    async with http.get("/v1/events", params={"filter": 'type = "demo.echo"'}) as resp:
        assert resp.status == 200 and resp.content_type == "text/event-stream"
        await grpc_stub.SubmitJob(svc.SubmitJobRequest(type="demo.sleep"))
        sub = await grpc_stub.SubmitJob(svc.SubmitJobRequest(type="demo.echo"))
        got: list[str] = []
        async for item in events(resp):
            if isinstance(item, Event):
                assert item.name == "status" and item.data["job"]["type"] == "demo.echo"
                assert item.data["job"]["id"] == sub.job.id
                got.append(item.data["status"])
                if item.data["status"] == "JOB_STATUS_SUCCEEDED":
                    break
    assert got[-1] == "JOB_STATUS_SUCCEEDED" and "JOB_STATUS_RUNNING" in got


async def test_a_vanished_client_is_unsubscribed_at_once(
    edge: app.Running, http: aiohttp.ClientSession
) -> None:
    job_id = await submit(http, {"type": "demo.sleep", "payload": {"seconds": 30}})
    resp = await http.get(f"/v1/jobs/{job_id}/events")
    await take(resp, 1)
    assert edge.broker.watched(job_id) is not None
    watchers = await http.get("/v1/events")
    for _ in range(100):
        if edge.manager.watch_log.followers:
            break
        await asyncio.sleep(0.02)
    assert edge.manager.watch_log.followers
    resp.close()  # the connection drops, no more reads
    watchers.close()
    for _ in range(500):  # bounded: 10 s
        if edge.broker.watched(job_id) is None and not edge.manager.watch_log.followers:
            break
        await asyncio.sleep(0.02)
    assert edge.broker.watched(job_id) is None and not edge.manager.watch_log.followers


async def test_idle_streams_send_keepalive_comments(start_server: Any) -> None:
    srv = await start_server(http=HttpConfig(address="127.0.0.1:0", sse_keepalive_s=0.3))
    async with (
        aiohttp.ClientSession(base_url=srv.http.url) as http,
        http.get("/v1/events") as resp,
    ):
        assert resp.status == 200

        async def first_comment() -> str:
            async for item in events(resp):
                if isinstance(item, str):
                    return item
            raise AssertionError("the stream ended")

        assert await asyncio.wait_for(first_comment(), 10) == ": keep-alive"


async def test_resume_across_a_server_restart(tmp_path: Path) -> None:
    """What a browser's EventSource does: the stream breaks when the server stops;
    it reconnects to the same address with Last-Event-ID and carries on."""
    db = f"sqlite:///{tmp_path / 'jobs.db'}"
    first = await app.start(config(db=db, http=HttpConfig(address="127.0.0.1:0")))
    assert first.http is not None
    url = first.http.url
    port = first.http.port
    seen: list[Event] = []
    async with aiohttp.ClientSession(base_url=url) as http:
        job_id = await submit(http, {"type": "demo.sleep", "payload": {"seconds": 3, "steps": 10}})
        async with http.get(f"/v1/jobs/{job_id}/events") as resp:
            seen += await take(resp, 3)
            await first.stop(grace_s=0.5)
            seen += await drain(resp)
        # The stop ends the stream as it ends a gRPC watch: UNAVAILABLE, watch again.
        assert seen[-1].name == "error" and seen[-1].id is None
        assert error_of(seen[-1].data) == ("UNAVAILABLE", "SHUTTING_DOWN")
        second = await app.start(config(db=db, http=HttpConfig(address=f"127.0.0.1:{port}")))
        try:
            headers = {"Last-Event-ID": str(ids(seen)[-1])}
            async with http.get(f"/v1/jobs/{job_id}/events", headers=headers) as resp:
                assert resp.status == 200
                rest = await drain(resp, timeout_s=30)
        finally:
            await second.stop(grace_s=0.5)
    all_ids = ids(seen) + ids(rest)
    assert all_ids == sorted(set(all_ids)), all_ids  # in order, no duplicate
    assert rest[-1].data["status"] == "JOB_STATUS_SUCCEEDED"


async def test_a_client_that_does_not_read_slows_nobody(
    edge: app.Running, http: aiohttp.ClientSession
) -> None:
    """A subscriber whose socket is full is a slow broker subscriber: the job runs on
    at full speed, and when the client reads again it gets a consistent stream
    (progress coalesced, every status change, the terminal event)."""
    assert edge.http is not None
    job_id = await submit(
        http,
        {"type": "demo.sleep", "payload": {"seconds": 0.5, "steps": 3000}, "startPaused": True},
    )
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.setblocking(False)
    await asyncio.get_running_loop().sock_connect(sock, ("127.0.0.1", edge.http.port))
    reader, writer = await asyncio.open_connection(sock=sock, limit=4096)
    writer.write(
        f"GET /v1/jobs/{job_id}/events HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
    )
    await writer.drain()
    assert (await reader.readline()).startswith(b"HTTP/1.1 200")
    status, _, _ = await call(http, "POST", f"/v1/jobs/{job_id}:resume")
    assert status == 200
    job = await asyncio.wait_for(wait_done(http, job_id), 30)  # while nobody reads
    assert job["status"] == "JOB_STATUS_SUCCEEDED"
    body = await asyncio.wait_for(reader.read(), 30)  # the stream ends after the terminal event
    writer.close()
    seqs = [int(m) for m in re.findall(rb"\nid: (\d+)\n", body)]
    assert seqs == sorted(set(seqs)) and seqs[-1] == int(job["sequence"])
    assert b'"status":"JOB_STATUS_SUCCEEDED"' in body.rsplit(b"id: ", 1)[1]


async def test_watch_jobs_event_ids_are_cursors_and_last_event_id_resumes(
    edge: app.Running, http: aiohttp.ClientSession, grpc_stub: svc_grpc.JobServiceStub
) -> None:
    """/v1/events: each event's id is its cursor; a browser reconnecting with
    Last-Event-ID gets the changes after it, none again."""
    listed = await grpc_stub.ListJobs(svc.ListJobsRequest())
    ids = []
    for i in range(4):
        req = svc.SubmitJobRequest(type="demo.echo", start_paused=True)
        req.payload.update({"i": i})
        ids.append((await grpc_stub.SubmitJob(req)).job.id)
    first: list[Event] = []
    async with http.get("/v1/events", params={"afterCursor": listed.watch_cursor}) as resp:
        async for item in events(resp):
            if isinstance(item, Event):
                first.append(item)
                if len(first) == 2:
                    break
    assert all(e.id == e.data["cursor"] for e in first)
    rest: list[Event] = []
    headers = {"Last-Event-ID": str(first[-1].id)}
    async with http.get("/v1/events", headers=headers) as resp:
        async for item in events(resp):
            if isinstance(item, Event):
                rest.append(item)
                if len(rest) == 2:
                    break
    assert [e.data["job"]["id"] for e in first + rest] == ids

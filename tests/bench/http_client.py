"""HTTP workloads of the load client (``python -m tests.bench.client``): JSON submits,
Server-Sent Events lag, idle event streams. Loopback only; every loop bounded."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import orjson

from .stats import pct

Spec = dict[str, Any]


def _session(url: str, limit: int) -> aiohttp.ClientSession:
    assert url.startswith("http://127.0.0.1:"), "loopback only"
    connector = aiohttp.TCPConnector(limit=limit, limit_per_host=limit)
    return aiohttp.ClientSession(base_url=url, connector=connector)


class _Conn:
    """One keep-alive HTTP/1.1 connection sending a fixed request, like ``wrk``: the
    client's own cost per call stays small (as grpc's C-core client's does), so the
    figure is the server's, not aiohttp's client's."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    async def call(self, request: bytes) -> None:
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200"), head[:200]
        length = 0
        for line in head.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        await self.reader.readexactly(length)


async def http_submit(spec: Spec) -> dict[str, Any]:
    """``POST /v1/jobs`` at full rate on ``concurrency`` keep-alive connections."""
    from .client import _rate

    url = spec["target"]
    assert url.startswith("http://127.0.0.1:"), "loopback only"
    host, port = url.removeprefix("http://").split(":")
    body = orjson.dumps({"type": spec.get("type", "demo.echo"), "payload": {"n": 1}})
    request = (
        b"POST /v1/jobs HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\n\r\n%s" % (host.encode(), len(body), body)
    )
    conns = [
        _Conn(*await asyncio.open_connection(host, int(port)))
        for _ in range(int(spec["concurrency"]))
    ]
    idle: asyncio.Queue[_Conn] = asyncio.Queue()
    for conn in conns:
        idle.put_nowait(conn)

    async def call() -> None:
        conn = await idle.get()
        try:
            await conn.call(request)
        finally:
            idle.put_nowait(conn)

    try:
        return await _rate(call, spec)
    finally:
        for conn in conns:
            conn.writer.close()


def _rfc3339(text: str) -> float:
    """Seconds since the epoch of protobuf JSON's timestamp (nanoseconds kept to µs)."""
    head, _, frac = text.rstrip("Z").partition(".")
    stamp = datetime.datetime.fromisoformat(head).replace(tzinfo=datetime.UTC).timestamp()
    return stamp + (float("0." + frac) if frac else 0.0)


async def _events(resp: aiohttp.ClientResponse, on_event: Callable[[str, bytes], None]) -> None:
    """Call ``on_event(name, data)`` per event; reads whole chunks, not lines, to keep
    the client's cost per event small (the figure is the server's)."""
    buf = b""
    async for chunk in resp.content.iter_any():
        buf += chunk
        *frames, buf = buf.split(b"\n\n")
        for frame in frames:
            name, data = "", b""
            for line in frame.split(b"\n"):
                if line.startswith(b"event: "):
                    name = line[7:].decode()
                elif line.startswith(b"data: "):
                    data = line[6:]
            if data:
                on_event(name, data)


async def _submit_paused(http: aiohttp.ClientSession, body: dict[str, Any]) -> str:
    async with http.post("/v1/jobs", json={**body, "startPaused": True}) as resp:
        data = await resp.json()
        job_id: str = data["job"]["id"]
        return job_id


async def sse_watch(spec: Spec) -> dict[str, Any]:
    """One ``bench.progress`` job; ``subscribers`` SSE streams with ``progress_interval``;
    lag = receipt wall clock - the report's ``updateTime``."""
    subs, rate, seconds = int(spec["subscribers"]), float(spec["rate"]), float(spec["seconds"])
    interval = f"{int(spec['progress_interval_ms']) / 1000}s"
    async with _session(spec["target"], subs + 8) as http:
        job_id = await _submit_paused(
            http, {"type": "bench.progress", "payload": {"rate": rate, "seconds": seconds}}
        )
        lags: list[float] = []
        counts = [0] * subs
        opened = [asyncio.Event() for _ in range(subs)]

        async def subscriber(i: int) -> None:
            def on_event(name: str, data: bytes) -> None:
                counts[i] += 1
                opened[i].set()
                if name == "progress":
                    ev = orjson.loads(data)
                    lags.append(time.time() - _rfc3339(ev["progress"]["updateTime"]))

            path = f"/v1/jobs/{job_id}/events?progress_interval={interval}"
            async with http.get(path) as resp:
                await _events(resp, on_event)

        tasks = [asyncio.create_task(subscriber(i)) for i in range(subs)]
        await asyncio.wait_for(asyncio.gather(*(o.wait() for o in opened)), 30)
        t0 = time.perf_counter()
        async with http.post(f"/v1/jobs/{job_id}:resume", json={}) as resp:
            assert resp.status == 200
        await asyncio.wait_for(asyncio.gather(*tasks), seconds + 60)
        elapsed = time.perf_counter() - t0
    return {
        "subscribers": subs,
        "msgs": sum(counts),
        "elapsed_s": elapsed,
        "lag_p50_ms": pct(lags, 50) * 1e3,
        "lag_p99_ms": pct(lags, 99) * 1e3,
        "lag_max_ms": max(lags, default=float("nan")) * 1e3,
    }


async def sse_idle(spec: Spec) -> dict[str, Any]:
    """``count`` idle SSE streams (one paused job each); the server's RSS before and after."""
    import psutil  # type: ignore[import-untyped]

    count = int(spec["count"])
    proc = psutil.Process(int(spec["server_pid"]))
    async with _session(spec["target"], count + 8) as http:
        sem = asyncio.Semaphore(32)

        async def job() -> str:
            async with sem:
                return await _submit_paused(http, {"type": "demo.echo"})

        ids = await asyncio.gather(*(job() for _ in range(count)))
        await asyncio.sleep(1.0)
        before = proc.memory_info().rss
        responses: list[aiohttp.ClientResponse] = []

        async def open_one(job_id: str) -> None:
            async with sem:
                resp = await http.get(f"/v1/jobs/{job_id}/events")
                await resp.content.readuntil(b"\n\n")  # retry:
                await resp.content.readuntil(b"\n\n")  # the snapshot
                responses.append(resp)

        await asyncio.wait_for(asyncio.gather(*(open_one(i) for i in ids)), 60)
        await asyncio.sleep(1.0)
        after = proc.memory_info().rss
        for resp in responses:
            resp.close()
    with contextlib.suppress(Exception):
        await asyncio.sleep(0.5)
    return {
        "streams": len(responses),
        "rss_before_mb": before / 2**20,
        "rss_after_mb": after / 2**20,
        "kb_per_stream": (after - before) / 1024 / max(1, len(responses)),
    }


WORKLOADS: dict[str, Callable[[Spec], Awaitable[dict[str, Any]]]] = {
    "http_submit": http_submit,
    "sse_watch": sse_watch,
    "sse_idle": sse_idle,
}

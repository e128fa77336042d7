"""Small helpers for calling the HTTP edge and reading its event streams."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp


async def call(
    http: aiohttp.ClientSession, method: str, path: str, body: Any = None, **kw: Any
) -> tuple[int, dict[str, Any], aiohttp.ClientResponse]:
    async with http.request(method, path, json=body, **kw) as resp:
        data = await resp.json(content_type=None) if resp.status != 204 else {}
        return resp.status, data, resp


def error_of(data: dict[str, Any]) -> tuple[str, str]:
    """(status, ErrorInfo reason) of an error body, checking its shape."""
    err = data["error"]
    assert set(err) == {"code", "status", "message", "details"}, err
    assert err["message"]
    infos = [d for d in err["details"] if d["@type"].endswith("google.rpc.ErrorInfo")]
    assert len(infos) == 1, err
    assert infos[0]["domain"] == "jobplane.dev"
    return err["status"], infos[0]["reason"]


@dataclasses.dataclass
class Event:
    id: str | None
    name: str
    data: Any


async def events(resp: aiohttp.ClientResponse) -> AsyncIterator[Event | str]:
    """Parse ``text/event-stream``: events, and comment lines as plain strings."""
    ident: str | None = None
    name = "message"
    data: list[str] = []
    async for raw in resp.content:
        line = raw.decode().rstrip("\r\n")
        if line.startswith(":"):
            yield line
        elif line == "":
            if data:
                yield Event(ident, name, json.loads("\n".join(data)))
            ident, name, data = None, "message", []
        else:
            field, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if field == "data":
                data.append(value)
            elif field == "event":
                name = value
            elif field == "id":
                ident = value


async def take(resp: aiohttp.ClientResponse, n: int, timeout_s: float = 20.0) -> list[Event]:
    """The next ``n`` events (comments skipped)."""
    out: list[Event] = []

    async def read() -> None:
        async for item in events(resp):
            if isinstance(item, Event):
                out.append(item)
                if len(out) == n:
                    return

    await asyncio.wait_for(read(), timeout_s)
    return out


async def drain(resp: aiohttp.ClientResponse, timeout_s: float = 20.0) -> list[Event]:
    """Every event until the stream ends."""
    out: list[Event] = []

    async def read() -> None:
        async for item in events(resp):
            if isinstance(item, Event):
                out.append(item)

    await asyncio.wait_for(read(), timeout_s)
    return out

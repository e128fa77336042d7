"""Helpers for wrapping gRPC method handlers (shared by the server's interceptors)."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator
from typing import Any


async def stream_responses(result: Any) -> AsyncIterator[Any]:
    """A streaming handler's messages: it may be an async generator, or a coroutine
    that writes with ``context.write`` and returns None."""
    if inspect.isawaitable(result):
        result = await result
        if result is None:
            return
    if hasattr(result, "__aiter__"):
        async for item in result:
            yield item
    else:
        for item in result:
            yield item

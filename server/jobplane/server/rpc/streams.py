"""Helpers for wrapping gRPC method handlers (shared by the registration guards)."""

from __future__ import annotations

import inspect
from typing import Any

import grpc


async def drive(result: Any, context: grpc.aio.ServicerContext[Any, Any]) -> None:
    """Run a streaming handler's behaviour to its end: a coroutine that writes with
    ``context.write`` is awaited; an (async) iterator's messages are written."""
    if inspect.isawaitable(result):
        result = await result
        if result is None:
            return
    write = context.write
    if hasattr(result, "__aiter__"):
        async for item in result:
            await write(item)
    else:
        for item in result:
            await write(item)

"""Settling futures from outcomes computed elsewhere (a writer thread, a group
commit, a handler's thread): the one place that knows a future may already be done,
because the coroutine awaiting it was cancelled, and must then be left alone."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any, TypeVar

T = TypeVar("T")

#: (future, value, error): the future gets ``error`` if it is not None, else ``value``.
Outcome = tuple["asyncio.Future[Any]", Any, "BaseException | None"]


def settle(fut: asyncio.Future[T], value: T, error: BaseException | None) -> None:
    """Resolve ``fut`` with ``value``, or fail it with ``error``; a future already done
    (cancelled by its caller) is left as it is."""
    if fut.done():
        return
    if error is not None:
        fut.set_exception(error)
    else:
        fut.set_result(value)


def settle_all(outcomes: Iterable[Outcome]) -> None:
    """:func:`settle` each of ``outcomes`` (on the futures' loop)."""
    for fut, value, error in outcomes:
        settle(fut, value, error)


def failed(error: BaseException) -> asyncio.Future[Any]:
    """A future of the running loop that already failed with ``error``."""
    fut: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
    fut.set_exception(error)
    return fut

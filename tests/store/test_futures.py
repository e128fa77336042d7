"""store.futures: settling a future from an outcome computed elsewhere."""

from __future__ import annotations

import asyncio

import pytest
from jobplane.server.store.futures import failed, settle, settle_all


async def test_settle_result_error_and_a_future_already_done() -> None:
    loop = asyncio.get_running_loop()
    ok, bad, gone = loop.create_future(), loop.create_future(), loop.create_future()
    gone.cancel()  # its awaiter left: it must be left alone, not raise InvalidStateError
    settle_all([(ok, 1, None), (bad, None, ValueError("x")), (gone, 2, None)])
    assert ok.result() == 1
    with pytest.raises(ValueError, match="x"):
        bad.result()
    assert gone.cancelled()
    settle(ok, 3, None)  # a second outcome for the same future is ignored
    assert ok.result() == 1


async def test_settle_from_another_thread_via_the_loop() -> None:
    loop = asyncio.get_running_loop()
    fut: asyncio.Future[int] = loop.create_future()
    await asyncio.to_thread(loop.call_soon_threadsafe, settle, fut, 7, None)
    assert await asyncio.wait_for(fut, 5) == 7


async def test_failed_is_an_already_failed_future() -> None:
    fut = failed(RuntimeError("closed"))
    assert fut.done()
    with pytest.raises(RuntimeError, match="closed"):
        await fut

"""JobClient: the blocking client, a thin wrapper running AsyncJobClient on a private loop.

There is one implementation: every method here is ``AsyncJobClient``'s method
run to completion on an event loop that lives in a daemon thread owned by the
client, with the same signature (kept by ``ParamSpec``) and docstring.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from types import TracebackType
from typing import Any, Concatenate, ParamSpec, Self, TypeVar

from jobplane.client._async_client import AsyncJobClient
from jobplane.client._config import (
    DEFAULT_TARGET,
    DEFAULT_TIMEOUT_S,
    ReconnectPolicy,
    RetryConfig,
    TlsConfig,
)
from jobplane.client._transport import Transport

_P = ParamSpec("_P")
_T = TypeVar("_T")
_JOIN_TIMEOUT_S = 10.0


def _blocking(
    method: Callable[Concatenate[AsyncJobClient, _P], Coroutine[Any, Any, _T]],
) -> Callable[Concatenate[JobClient, _P], _T]:
    @functools.wraps(method)
    def run(self: JobClient, /, *args: _P.args, **kwargs: _P.kwargs) -> _T:
        return self._run(method(self._client, *args, **kwargs))

    return run


def _iterating(
    method: Callable[Concatenate[AsyncJobClient, _P], AsyncIterator[_T]],
) -> Callable[Concatenate[JobClient, _P], Iterator[_T]]:
    @functools.wraps(method)
    def iterate(self: JobClient, /, *args: _P.args, **kwargs: _P.kwargs) -> Iterator[_T]:
        return self._iterate(method(self._client, *args, **kwargs))

    return iterate


async def _anext(iterator: AsyncIterator[_T]) -> _T:
    return await anext(iterator)


class JobClient:
    """A blocking client for JobService, with the same methods as :class:`AsyncJobClient`.

    ``list`` and ``watch`` return ordinary iterators. Close it with
    :meth:`close` or a ``with`` block; it is safe to share between threads.
    """

    def __init__(
        self,
        target: str = DEFAULT_TARGET,
        *,
        token: str | None = None,
        tls: TlsConfig | None = None,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        retry: RetryConfig | None = None,
        reconnect: ReconnectPolicy | None = None,
        transport: Transport | None = None,
        tenant: str | None = None,
    ) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="jobplane-client", daemon=True
        )
        self._thread.start()
        self._closed = False

        async def build() -> AsyncJobClient:
            # grpc.aio binds a channel to the loop it is created on: create it there.
            return AsyncJobClient(
                target,
                token=token,
                tls=tls,
                timeout_s=timeout_s,
                retry=retry,
                reconnect=reconnect,
                transport=transport,
                tenant=tenant,
            )

        try:
            self._client = self._run(build())
        except BaseException:
            self._stop_loop()
            raise

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the channel and stop the private event loop."""
        if self._closed:
            return
        self._closed = True
        try:
            self._run(self._client.close())
            self._run(self._loop.shutdown_asyncgens())
            self._run(self._loop.shutdown_default_executor())
        finally:
            self._stop_loop()

    def _stop_loop(self) -> None:
        self._closed = True
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(_JOIN_TIMEOUT_S)
        self._loop.close()

    def _run(self, coro: Coroutine[Any, Any, _T]) -> _T:
        future = asyncio.run_coroutine_threadsafe(coro, self._loop)
        try:
            return future.result()
        except BaseException:
            # Ctrl-C or an error in the caller's thread: stop the work on the loop too.
            future.cancel()
            raise

    def _iterate(self, iterator: AsyncIterator[_T]) -> Iterator[_T]:
        try:
            # Bounded by the async iterator it drains.
            while True:
                try:
                    item = self._run(_anext(iterator))
                except StopAsyncIteration:
                    return
                yield item
        finally:
            aclose = getattr(iterator, "aclose", None)
            if aclose is not None and not self._closed:
                self._run(aclose())

    submit = _blocking(AsyncJobClient.submit)
    submit_many = _blocking(AsyncJobClient.submit_many)
    cancel_many = _blocking(AsyncJobClient.cancel_many)
    retry_many = _blocking(AsyncJobClient.retry_many)
    delete_many = _blocking(AsyncJobClient.delete_many)
    delete = _blocking(AsyncJobClient.delete)
    get = _blocking(AsyncJobClient.get)
    cancel = _blocking(AsyncJobClient.cancel)
    pause = _blocking(AsyncJobClient.pause)
    resume = _blocking(AsyncJobClient.resume)
    retry = _blocking(AsyncJobClient.retry)
    wait = _blocking(AsyncJobClient.wait)
    list_page = _blocking(AsyncJobClient.list_page)
    list = _iterating(AsyncJobClient.list)
    watch = _iterating(AsyncJobClient.watch)
    watch_jobs = _iterating(AsyncJobClient.watch_jobs)
    create_schedule = _blocking(AsyncJobClient.create_schedule)
    get_schedule = _blocking(AsyncJobClient.get_schedule)
    list_schedules = _iterating(AsyncJobClient.list_schedules)
    update_schedule = _blocking(AsyncJobClient.update_schedule)
    delete_schedule = _blocking(AsyncJobClient.delete_schedule)
    pause_schedule = _blocking(AsyncJobClient.pause_schedule)
    resume_schedule = _blocking(AsyncJobClient.resume_schedule)
    trigger_schedule = _blocking(AsyncJobClient.trigger_schedule)

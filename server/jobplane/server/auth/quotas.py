"""Per-tenant quotas: a submit-rate token bucket, a limit on queued jobs, and a limit
on open streams.

Both answer RESOURCE_EXHAUSTED with a ``google.rpc.RetryInfo`` delay, and both
are decided in memory so a tenant flooding the server costs the others almost
nothing: the rate check is arithmetic, and the queued count is read from the
store at most once per ``count_refresh_s`` per tenant (less often when counting
is slow), with admissions since the read (and calls still in flight when it
began) added on top. The count can only err high, by jobs that started running
since the read, never low — except by a call or two racing the same read, which
is the price of not serialising submits.
"""

from __future__ import annotations

import asyncio
import dataclasses
import math
import time
from collections.abc import Awaitable, Callable

from jobplane.server.auth.config import QuotaConfig
from jobplane.server.domain import errors
from jobplane.server.store.base import Store

CountFn = Callable[[str], Awaitable[int]]
#: Methods that spend the submit rate; those that add queued jobs (RetryJobs counts
#: as one: how many it re-queues is known only once it ran).
SUBMITTING = frozenset({"SubmitJob", "SubmitJobs"})
QUEUEING = SUBMITTING | {"RetryJob", "RetryJobs"}
_MAX_IDLE_BUCKETS = 10_000
#: The long-lived streams a tenant could hold to exhaust the server's call slots.
STREAMS = frozenset({"WatchProgress", "WatchJobs", "ListenTasks"})


def store_count(store: Store) -> CountFn:
    """How to count a tenant's queued jobs: the store's indexed count (about 0.7 ms
    for 10,000 queued jobs on SQLite), looked up at each call."""

    async def count(tenant: str) -> int:
        return await store.count_queued(tenant)

    return count


class TokenBucket:
    """``rate`` tokens per second, holding at most ``burst``."""

    __slots__ = ("_burst", "_rate", "_stamp", "_tokens")

    def __init__(self, rate: float, burst: float, now: float) -> None:
        self._rate = rate
        self._burst = burst
        self._tokens = burst
        self._stamp = now

    def take(self, now: float, n: int = 1) -> float:
        """Take ``n`` tokens: 0.0 if granted, else the seconds until they are available
        (never, for more than ``burst``: the caller must split its batch)."""
        elapsed = max(0.0, now - self._stamp)
        self._tokens = min(self._burst, self._tokens + elapsed * self._rate)
        self._stamp = max(now, self._stamp)
        if self._tokens >= n:
            self._tokens -= n
            return 0.0
        return (n - self._tokens) / self._rate

    def full(self, now: float) -> bool:
        return self._tokens + (now - self._stamp) * self._rate >= self._burst


class SubmitRate:
    """One token bucket per tenant."""

    def __init__(self, rate_per_s: float, burst: int) -> None:
        self._rate = rate_per_s
        self._burst = float(burst)
        self._buckets: dict[str, TokenBucket] = {}

    def admit(self, tenant: str, n: int = 1) -> None:
        """Raise RESOURCE_EXHAUSTED if ``tenant`` submits faster than allowed (``n``
        jobs now)."""
        now = time.monotonic()
        bucket = self._buckets.get(tenant)
        if bucket is None:
            if len(self._buckets) >= _MAX_IDLE_BUCKETS:
                self._buckets = {t: b for t, b in self._buckets.items() if not b.full(now)}
            bucket = self._buckets[tenant] = TokenBucket(self._rate, self._burst, now)
        wait_s = bucket.take(now, n)
        if wait_s > 0:
            raise errors.ResourceExhaustedError(
                f"tenant {tenant!r} submits faster than {self._rate:g} jobs/s; "
                f"retry in {wait_s:.3f}s",
                reason="SUBMIT_RATE_EXCEEDED",
                metadata={"tenant": tenant, "rate_per_s": f"{self._rate:g}"},
                retry_after_s=math.ceil(wait_s * 1000) / 1000,
            )


@dataclasses.dataclass(slots=True)
class _Count:
    stored: int = 0  # queued jobs in the store at the last read
    extra: int = 0  # admitted since that read began, or in flight when it began
    inflight: int = 0
    read_at: float = -math.inf
    read_cost_s: float = 0.0
    reading: asyncio.Future[None] | None = None


class QueuedLimit:
    """At most ``limit`` queued jobs per tenant."""

    def __init__(self, count: CountFn, limit: int, refresh_s: float, retry_after_s: float) -> None:
        self._count = count
        self._limit = limit
        self._refresh_s = refresh_s
        self._retry_after_s = retry_after_s
        self._tenants: dict[str, _Count] = {}

    async def admit(self, tenant: str, n: int = 1) -> Callable[[], None]:
        """Reserve room for ``n`` jobs; call the returned function when the call ends."""
        state = self._tenants.setdefault(tenant, _Count())
        # A dear count (a store without count_queued) is read less often, so counting
        # never takes more than ~5% of the store's time per tenant.
        if time.monotonic() - state.read_at >= max(self._refresh_s, 20 * state.read_cost_s):
            await self._read(tenant, state)
        if state.stored + state.extra + n > self._limit:
            raise errors.ResourceExhaustedError(
                f"tenant {tenant!r} has {self._limit} or more queued jobs, its limit; "
                "retry when some have run",
                reason="QUEUED_JOBS_LIMIT",
                metadata={"tenant": tenant, "limit": str(self._limit)},
                retry_after_s=self._retry_after_s,
            )
        state.extra += n
        state.inflight += n

        def release() -> None:
            state.inflight -= n

        return release

    async def _read(self, tenant: str, state: _Count) -> None:
        if state.reading is not None:
            await asyncio.shield(state.reading)
            return
        done = state.reading = asyncio.get_running_loop().create_future()
        extra_before, inflight = state.extra, state.inflight
        try:
            started = time.monotonic()
            stored = await self._count(tenant)
            state.read_cost_s = time.monotonic() - started
            state.stored = stored
            state.extra = inflight + (state.extra - extra_before)
            state.read_at = time.monotonic()
        finally:
            state.reading = None
            done.set_result(None)


class StreamLimit:
    """At most ``limit`` streams open at once per tenant: one tenant holding idle
    watches cannot take the call slots every tenant shares."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._open: dict[str, int] = {}

    def admit(self, tenant: str) -> Callable[[], None]:
        """Count one more stream of ``tenant``; call the returned function when it ends."""
        held = self._open.get(tenant, 0)
        if held >= self._limit:
            raise errors.ResourceExhaustedError(
                f"tenant {tenant!r} has {self._limit} streams open, its limit; "
                "close one (or retry when one ends)",
                reason="TOO_MANY_STREAMS",
                metadata={"tenant": tenant, "limit": str(self._limit)},
                retry_after_s=1.0,
            )
        self._open[tenant] = held + 1
        done = False

        def release() -> None:
            nonlocal done
            if done:
                return
            done = True
            left = self._open[tenant] - 1
            if left:
                self._open[tenant] = left
            else:  # forget idle tenants: the table stays as small as the open streams
                del self._open[tenant]

        return release

    def held(self, tenant: str) -> int:
        return self._open.get(tenant, 0)


class Quotas:
    """The quotas of :class:`QuotaConfig`, checked before SubmitJob and RetryJob."""

    def __init__(self, config: QuotaConfig, count: CountFn) -> None:
        rate = config.submit_rate_per_s
        burst = config.submit_burst or max(1, math.ceil(rate or 1))
        self._rate = SubmitRate(rate, burst) if rate else None
        self._queued = (
            QueuedLimit(
                count, config.max_queued, config.count_refresh_s, config.queued_retry_after_s
            )
            if config.max_queued is not None
            else None
        )
        self.streams = StreamLimit(config.max_streams) if config.max_streams else None

    @property
    def enabled(self) -> bool:
        return self._rate is not None or self._queued is not None or self.streams is not None

    async def admit(self, method: str, tenant: str | None, n: int = 1) -> Callable[[], None] | None:
        """Check ``tenant``'s quotas for ``method`` creating ``n`` jobs (SubmitJobs: one
        per item); a release callback if one was taken."""
        if tenant is None:
            return None  # an admin acting on every tenant: no single quota applies
        if method in STREAMS and self.streams is not None:
            return self.streams.admit(tenant)
        if method in SUBMITTING and self._rate is not None:
            self._rate.admit(tenant, n)
        if method in QUEUEING and self._queued is not None:
            return await self._queued.admit(tenant, n)
        return None

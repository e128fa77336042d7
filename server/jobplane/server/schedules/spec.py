"""A schedule's spec evaluated: its nominal times, in order, in its time zone.

Cron expressions are evaluated by cronsim (Healthchecks.io's evaluator). Why it and
not croniter, the better-known one: cronsim is written for ``zoneinfo`` time zones
and matches Debian cron across DST changes (a local time that does not exist fires
right after the clock jumps; a local time that exists twice fires once), which is
exactly "no skipped or doubled 09:00 run"; it has no dependencies, type hints, and
a release in 2026. croniter was declared end-of-life by its maintainer in 2024
before being taken over again, computes in POSIX timestamps and had a long series
of DST bugs (doubled and skipped runs, taichino/croniter#35, #82, #96); cron-converter
and python-crontab have no DST semantics of their own.

Interval schedules need no library: nominal times are ``anchor + k * interval``,
the anchor being ``start_time`` or the Unix epoch, so they are exact, the same on
every replica, and immune to DST (an interval is elapsed time).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import zoneinfo
from collections.abc import Iterator

from cronsim import CronSim, CronSimError
from jobplane.server.domain import errors
from jobplane.server.domain.schedule import Spec

MIN_INTERVAL_S = 1.0
MAX_INTERVAL_S = 366 * 86400.0
#: Cron nominal times counted one by one before a long gap is jumped over.
COUNT_LIMIT = 100_000


def _bad(
    message: str, field: str, reason: str = "INVALID_SCHEDULE_SPEC"
) -> errors.InvalidArgumentError:
    return errors.InvalidArgumentError(message, reason=reason, field=field)


def zone(name: str) -> dt.tzinfo:
    """The IANA zone ``name`` (UTC when empty), or INVALID_ARGUMENT."""
    if not name:
        return dt.UTC
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise _bad(
            f"time_zone {name[:80]!r} is not an IANA time zone (e.g. 'Europe/Berlin')",
            "schedule.spec.time_zone",
            "INVALID_TIME_ZONE",
        ) from None


class Times:
    """The nominal times of one spec (POSIX seconds)."""

    def __init__(self, spec: Spec) -> None:
        if (spec.cron is None) == (spec.interval_s is None):
            raise _bad("set exactly one of spec.cron and spec.interval", "schedule.spec")
        self.spec = spec
        self._tz = zone(spec.time_zone)
        if spec.cron is not None:
            fields = spec.cron.split()
            if len(fields) not in (5, 6):
                raise _bad(
                    f"spec.cron {spec.cron[:100]!r} has {len(fields)} fields; use 5 "
                    "(minute hour day month weekday) or 6 (seconds first)",
                    "schedule.spec.cron",
                )
            try:
                CronSim(spec.cron, dt.datetime(2026, 1, 1, tzinfo=self._tz))
            except CronSimError as exc:
                raise _bad(f"spec.cron {spec.cron[:100]!r}: {exc}", "schedule.spec.cron") from None
        else:
            step = spec.interval_s or 0.0
            if not MIN_INTERVAL_S <= step <= MAX_INTERVAL_S:
                raise _bad(
                    f"spec.interval must be between {MIN_INTERVAL_S:g}s and 366 days, "
                    f"got {step:g}s",
                    "schedule.spec.interval",
                )
        if spec.jitter_s < 0:
            raise _bad("spec.jitter must not be negative", "schedule.spec.jitter")
        if (
            spec.start_time is not None
            and spec.end_time is not None
            and spec.end_time < spec.start_time
        ):
            raise _bad("spec.end_time is before spec.start_time", "schedule.spec.end_time")

    def first_at_or_after(self, t: float) -> float | None:
        """The first nominal time >= ``t`` (and within start/end), or None."""
        return next(self.iter_from(t), None)

    def iter_from(self, t: float) -> Iterator[float]:
        """Nominal times >= ``t``, ascending, within start/end."""
        spec = self.spec
        if spec.start_time is not None:
            t = max(t, spec.start_time)
        times = self._intervals(t) if spec.interval_s is not None else self._cron(t)
        for when in times:
            if spec.end_time is not None and when > spec.end_time:
                return
            yield when

    def _intervals(self, t: float) -> Iterator[float]:
        step = self.spec.interval_s or 1.0
        anchor = self.spec.start_time or 0.0
        k = math.ceil(round((t - anchor) / step, 9))
        while True:
            yield anchor + k * step
            k += 1

    def _cron(self, t: float) -> Iterator[float]:
        # cronsim yields times strictly after its start: start one second early, on
        # a whole second (cron has no finer unit), and drop anything before t.
        start = dt.datetime.fromtimestamp(math.ceil(t) - 1, self._tz)
        try:
            for when in CronSim(self.spec.cron or "", start):
                value = when.timestamp()
                if value >= t:
                    yield value
        except StopIteration:  # no match within cronsim's 50-year horizon
            return

    def upcoming(self, t: float, n: int) -> list[float]:
        """Up to ``n`` nominal times >= ``t``."""
        out: list[float] = []
        for when in self.iter_from(t):
            if len(out) >= n:
                break
            out.append(when)
        return out

    def count_before(self, t: float, until: float) -> tuple[int, float | None]:
        """(how many nominal times lie in [t, until), the first one >= until)."""
        if until <= t:
            return 0, self.first_at_or_after(t)
        if self.spec.interval_s is not None:
            first = self.first_at_or_after(t)
            after = self.first_at_or_after(until)
            if first is None:
                return 0, None
            stop = after if after is not None else (self.spec.end_time or until) + 1e-9
            count = max(0, math.ceil(round((stop - first) / self.spec.interval_s, 9)))
            return count, after
        count = 0
        for when in self.iter_from(t):
            if when >= until:
                return count, when
            count += 1
            if count >= COUNT_LIMIT:  # a long outage of a fast cron: jump, count the bound
                return count, self.first_at_or_after(until)
        return count, None


def jitter_for(schedule_id: str, nominal: float, jitter_s: float) -> float:
    """A delay in [0, jitter_s) fixed by (schedule, nominal time): every replica and
    every retry of the same run computes the same, so the run's request stays equal."""
    if jitter_s <= 0:
        return 0.0
    digest = hashlib.sha256(f"{schedule_id}|{nominal!r}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 * jitter_s


def rfc3339(t: float) -> str:
    """``t`` as RFC 3339 UTC, with milliseconds only when it has them."""
    when = dt.datetime.fromtimestamp(t, dt.UTC)
    text = when.isoformat(timespec="milliseconds" if when.microsecond else "seconds")
    return text.replace("+00:00", "Z")

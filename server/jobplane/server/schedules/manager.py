"""Every rule about a ScheduleService request, in one place (the servicer only converts).

``tenant=None`` means every tenant (an admin's ``*``); creating needs one tenant.
"""

from __future__ import annotations

import builtins
import dataclasses
import uuid
from collections.abc import Callable, Mapping

from jobplane.server.api import paging
from jobplane.server.api import requests as rq
from jobplane.server.domain import errors, filters
from jobplane.server.domain.model import Job
from jobplane.server.domain.schedule import Overlap, Schedule, Spec, check_schedule_id
from jobplane.server.schedules import filtering
from jobplane.server.schedules.planner import Plan
from jobplane.server.schedules.runs import Runs, trigger_request_id
from jobplane.server.schedules.scheduler import Scheduler
from jobplane.server.schedules.spec import Times
from jobplane.server.store.schedules import ScheduleStore

MAX_CATCHUP_S = 366 * 86400.0
MAX_NOTE = 1000
MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 50
MAX_TRIGGER_KEY = 64
NEXT_RUNS = 5


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Draft:
    """What a caller sets on a schedule (validated by :meth:`ScheduleManager.check`)."""

    spec: Spec
    job: bytes
    job_type: str
    job_labels: Mapping[str, str]
    overlap: Overlap
    catchup_s: float
    paused: bool
    note: str


#: A caller's update: the schedule as it is → the draft it should become.
Change = Callable[[Schedule], Draft]


def _cursor(s: Schedule, times: Times, now: float) -> Schedule:
    """``s`` re-planned from ``now``: the first nominal time from now on, no buffered run."""
    nxt = times.first_at_or_after(now)
    return s.evolve(
        next_time=nxt,
        wake_time=Plan((), False, 0, 0, nxt, None).wake_time(now),
        buffered_time=None,
        revision=s.revision + 1,
    )


class ScheduleManager:
    def __init__(
        self,
        store: ScheduleStore,
        scheduler: Scheduler,
        runs: Runs,
        known_type: Callable[[str], bool],
    ) -> None:
        self._store = store
        self._scheduler = scheduler
        self._runs = runs
        self._known_type = known_type

    def now(self) -> float:
        return self._scheduler.clock()

    def check(self, d: Draft) -> Times:
        """The draft's nominal times, or INVALID_ARGUMENT naming the field."""
        if not self._known_type(d.job_type):
            raise errors.InvalidArgumentError(
                f"unknown job type {d.job_type[:200]!r} in schedule.job.type",
                reason="UNKNOWN_JOB_TYPE",
                field="schedule.job.type",
            )
        if not 0 <= d.catchup_s <= MAX_CATCHUP_S:
            raise errors.InvalidArgumentError(
                "catchup_window must be between 0 and 366 days", field="schedule.catchup_window"
            )
        if len(d.note) > MAX_NOTE:
            raise errors.InvalidArgumentError(
                f"note is longer than {MAX_NOTE} characters", field="schedule.note"
            )
        return Times(d.spec)

    async def create(self, tenant: str, schedule_id: str, d: Draft) -> Schedule:
        check_schedule_id(schedule_id)
        times = self.check(d)
        now = self.now()
        s = Schedule(
            tenant=tenant,
            id=schedule_id,
            spec=d.spec,
            job=d.job,
            job_type=d.job_type,
            job_labels=d.job_labels,
            overlap=d.overlap,
            catchup_s=d.catchup_s,
            paused=d.paused,
            note=d.note,
            create_time=now,
            update_time=now,
        )
        s = _cursor(s, times, now).evolve(revision=1)
        if not await self._store.create(s):
            raise errors.ScheduleExistsError(schedule_id)
        self._scheduler.wake()
        return s

    async def get(self, tenant: str | None, schedule_id: str) -> Schedule:
        check_schedule_id(schedule_id)
        s = await self._store.get(tenant, schedule_id)
        if s is None:
            raise errors.ScheduleNotFoundError(schedule_id)
        return s

    async def list(
        self, tenant: str | None, filter_text: str, page_size: int, page_token: str
    ) -> tuple[builtins.list[Schedule], str]:
        if not 0 <= page_size <= MAX_PAGE_SIZE:
            raise errors.InvalidArgumentError(
                f"page_size must be between 0 and {MAX_PAGE_SIZE}, got {page_size}",
                reason="INVALID_PAGE_SIZE",
                field="page_size",
            )
        size = page_size or DEFAULT_PAGE_SIZE
        if len(filter_text) > rq.MAX_FILTER_LEN and filter_text.strip():
            raise filters.invalid(f"longer than {rq.MAX_FILTER_LEN} characters")
        node = filters.parse(filter_text, max_terms=rq.MAX_FILTER_TERMS, fields=filtering.FIELDS)
        after = None
        if page_token:
            _, key = paging.read_token(page_token, filter_text, tenant)
            owner, _, sid = key.partition("\x1f")
            after = (owner, sid)
        out: builtins.list[Schedule] = []
        # Filters are evaluated here: read in chunks until the page is full.
        while len(out) <= size:
            chunk = await self._store.list(tenant, after, 4 * size)
            out.extend(s for s in chunk if filtering.matches(node, s))
            if len(chunk) < 4 * size:
                break
            after = (chunk[-1].tenant, chunk[-1].id)
        token = ""
        if len(out) > size:
            out = out[:size]
            last = out[-1]
            token = paging.make_token(0.0, f"{last.tenant}\x1f{last.id}", filter_text, tenant)
        return out, token

    async def update(self, tenant: str | None, schedule_id: str, change: Change) -> Schedule:
        check_schedule_id(schedule_id)
        now = self.now()

        def edit(s: Schedule) -> Schedule:
            d = change(s)
            times = self.check(d)
            new = s.evolve(update_time=now, **_fields(d))
            moved = new.spec != s.spec or (s.paused and not new.paused)
            return _cursor(new, times, now) if moved else new

        s = await self._store.update(tenant, schedule_id, edit)
        if s is None:
            raise errors.ScheduleNotFoundError(schedule_id)
        self._scheduler.wake()
        return s

    async def set_paused(
        self, tenant: str | None, schedule_id: str, paused: bool, note: str
    ) -> Schedule:
        def change(s: Schedule) -> Draft:
            return dataclasses.replace(draft_of(s), paused=paused, note=note or s.note)

        return await self.update(tenant, schedule_id, change)

    async def delete(self, tenant: str | None, schedule_id: str) -> None:
        check_schedule_id(schedule_id)
        if not await self._store.delete(tenant, schedule_id):
            raise errors.ScheduleNotFoundError(schedule_id)

    async def trigger(self, tenant: str | None, schedule_id: str, request_id: str) -> Job:
        """A run now, whatever the spec, pause and overlap policy say; ``request_id``
        makes it idempotent. It does not move the cursor or the counters."""
        if len(request_id) > MAX_TRIGGER_KEY:
            raise errors.InvalidArgumentError(
                f"request_id is longer than {MAX_TRIGGER_KEY} characters", field="request_id"
            )
        s = await self.get(tenant, schedule_id)
        key = trigger_request_id(s.id, request_id or str(uuid.uuid4()))
        return await self._runs.create(s, self.now(), key)

    def next_run_times(self, s: Schedule) -> builtins.list[float]:
        """The next nominal times (none while paused)."""
        if s.paused or s.next_time is None:
            return []
        try:
            times = Times(s.spec)
        except errors.InvalidArgumentError:
            return []
        return times.upcoming(max(s.next_time, 0.0), NEXT_RUNS)


def draft_of(s: Schedule) -> Draft:
    return Draft(
        spec=s.spec,
        job=s.job,
        job_type=s.job_type,
        job_labels=s.job_labels,
        overlap=s.overlap,
        catchup_s=s.catchup_s,
        paused=s.paused,
        note=s.note,
    )


def _fields(d: Draft) -> dict[str, object]:
    return {f.name: getattr(d, f.name) for f in dataclasses.fields(d)}


__all__ = ["Change", "Draft", "ScheduleManager", "draft_of"]

"""What one look at a due schedule decides: pure, so every rule is tested without a clock.

Given the schedule, its nominal times, ``now`` and whether its previous run is still
going, :func:`plan` says which nominal times get a run, whether the previous run is
canceled first, which are skipped (too old for the catch-up window, or by the
overlap policy) and where the cursor goes next.
"""

from __future__ import annotations

import dataclasses

from jobplane.server.domain.schedule import Overlap, Schedule
from jobplane.server.schedules.spec import Times

#: Due runs handled in one look at one schedule; the rest wait for the next look.
MAX_RUNS_PER_LOOK = 100
#: While a buffered run waits for the previous one to end, look again this often.
BUFFER_RECHECK_S = 0.25


@dataclasses.dataclass(frozen=True, slots=True)
class Plan:
    #: Nominal times to create runs for, oldest first.
    fire: tuple[float, ...]
    #: Cancel the previous run before creating the new one (CANCEL_OTHER).
    cancel_previous: bool
    missed: int
    overlap_skipped: int
    next_time: float | None
    buffered_time: float | None

    def wake_time(self, now: float) -> float | None:
        if self.buffered_time is not None:
            soon = now + BUFFER_RECHECK_S
            return soon if self.next_time is None else min(self.next_time, soon)
        return self.next_time


def plan(s: Schedule, times: Times, now: float, previous_active: bool) -> Plan:
    """The decision for ``s`` at ``now``. ``previous_active``: its latest run has not
    ended (only asked when the policy cares)."""
    due: list[float] = []
    missed = 0
    nxt = s.next_time
    if nxt is not None and nxt <= now:
        # Nominal times older than the catch-up window are skipped, only counted.
        missed, nxt = times.count_before(nxt, now - s.catchup_s)
        while nxt is not None and nxt <= now and len(due) < MAX_RUNS_PER_LOOK:
            due.append(nxt)
            nxt = times.first_at_or_after(nxt + 1e-6)
    fire, cancel, skipped, buffered = _overlap(s, due, previous_active)
    return Plan(tuple(fire), cancel, missed, skipped, nxt, buffered)


def _overlap(
    s: Schedule, due: list[float], active: bool
) -> tuple[list[float], bool, int, float | None]:
    """Apply the overlap policy: (to fire, cancel previous, skipped, buffered)."""
    policy = s.overlap.effective
    previous_active = active
    buffered = s.buffered_time
    fire: list[float] = []
    if buffered is not None and not active:  # the previous run ended: the buffered one goes
        fire.append(buffered)
        buffered = None
        active = True
    if policy is Overlap.ALLOW_ALL:
        return fire + due, False, 0, buffered
    if policy is Overlap.CANCEL_OTHER:
        # Only the newest due run survives: each would cancel the one before it.
        if not due:
            return fire, False, 0, buffered
        return [due[-1]], previous_active, len(due) - 1 + len(fire), None
    skipped = 0
    for when in due:
        if not active:
            fire.append(when)
            active = True
        elif policy is Overlap.BUFFER_ONE and buffered is None:
            buffered = when
        else:
            skipped += 1
    return fire, False, skipped, buffered

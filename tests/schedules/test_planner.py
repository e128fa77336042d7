"""The planner and the spec, pure: catch-up counting, overlap decisions, time math."""

from __future__ import annotations

import pytest
from jobplane.server.domain import errors
from jobplane.server.domain.schedule import Overlap, Schedule, Spec
from jobplane.server.schedules.planner import MAX_RUNS_PER_LOOK, plan
from jobplane.server.schedules.spec import Times, jitter_for, rfc3339


def _sched(overlap: Overlap = Overlap.ALLOW_ALL, **kw: object) -> Schedule:
    base: dict[str, object] = dict(
        tenant="",
        id="s",
        spec=Spec(interval_s=10.0),
        job=b"",
        job_type="demo.echo",
        job_labels={},
        overlap=overlap,
        catchup_s=30.0,
        create_time=0.0,
        update_time=0.0,
        next_time=1000.0,
    )
    base.update(kw)
    return Schedule(**base)  # type: ignore[arg-type]


def test_after_an_outage_old_runs_are_missed_recent_ones_fire() -> None:
    s = _sched()
    p = plan(s, Times(s.spec), now=1105.0, previous_active=False)
    # 1000..1070 are older than 30 s at 1105: missed; 1080, 1090, 1100 fire.
    assert p.missed == 8 and p.fire == (1080.0, 1090.0, 1100.0)
    assert p.next_time == 1110.0 and p.wake_time(1105.0) == 1110.0


def test_a_year_long_outage_is_counted_without_enumerating() -> None:
    s = _sched(spec=Spec(interval_s=1.0), next_time=0.0)
    p = plan(s, Times(s.spec), now=366 * 86400.0, previous_active=False)
    assert p.missed == 366 * 86400 - 30 and len(p.fire) == 31


def test_runs_per_look_are_bounded() -> None:
    s = _sched(spec=Spec(interval_s=1.0), catchup_s=3600.0, next_time=0.0)
    p = plan(s, Times(s.spec), now=3000.0, previous_active=False)
    assert len(p.fire) == MAX_RUNS_PER_LOOK and p.next_time == float(MAX_RUNS_PER_LOOK)


@pytest.mark.parametrize(
    ("policy", "active", "fire", "cancel", "skipped", "buffered"),
    [
        (Overlap.UNSPECIFIED, True, (), False, 3, None),
        (Overlap.SKIP, True, (), False, 3, None),
        (Overlap.SKIP, False, (1000.0,), False, 2, None),
        (Overlap.BUFFER_ONE, True, (), False, 2, 1000.0),
        (Overlap.BUFFER_ONE, False, (1000.0,), False, 1, 1010.0),
        (Overlap.ALLOW_ALL, True, (1000.0, 1010.0, 1020.0), False, 0, None),
        (Overlap.CANCEL_OTHER, True, (1020.0,), True, 2, None),
        (Overlap.CANCEL_OTHER, False, (1020.0,), False, 2, None),
    ],
)
def test_overlap_policies(
    policy: Overlap,
    active: bool,
    fire: tuple[float, ...],
    cancel: bool,
    skipped: int,
    buffered: float | None,
) -> None:
    s = _sched(policy)
    p = plan(s, Times(s.spec), now=1020.0, previous_active=active)
    assert (p.fire, p.cancel_previous, p.overlap_skipped, p.buffered_time) == (
        fire,
        cancel,
        skipped,
        buffered,
    )


def test_a_buffered_run_goes_once_the_previous_ended() -> None:
    s = _sched(Overlap.BUFFER_ONE, buffered_time=990.0, next_time=1010.0)
    waiting = plan(s, Times(s.spec), now=1005.0, previous_active=True)
    assert waiting.fire == () and waiting.buffered_time == 990.0
    assert waiting.wake_time(1005.0) == pytest.approx(1005.25)  # looked at again soon
    ended = plan(s, Times(s.spec), now=1005.0, previous_active=False)
    assert ended.fire == (990.0,) and ended.buffered_time is None


def test_spec_bounds_and_seconds() -> None:
    t = Times(Spec(interval_s=60.0, start_time=30.0, end_time=200.0))
    assert t.upcoming(0.0, 10) == [30.0, 90.0, 150.0]
    six = Times(Spec(cron="*/15 * * * * *"))
    assert six.upcoming(1_800_000_001.0, 3) == [1_800_000_015.0, 1_800_000_030.0, 1_800_000_045.0]
    assert rfc3339(1_800_000_000.5) == "2027-01-15T08:00:00.500Z"
    assert 0 <= jitter_for("s", 1000.0, 5.0) < 5.0
    assert jitter_for("s", 1000.0, 5.0) == jitter_for("s", 1000.0, 5.0)


@pytest.mark.parametrize(
    "spec",
    [
        Spec(),
        Spec(cron="* * * * *", interval_s=60.0),
        Spec(cron="* * * * * * *"),
        Spec(cron="70 * * * *"),
        Spec(interval_s=0.5),
        Spec(interval_s=60.0, jitter_s=-1.0),
        Spec(interval_s=60.0, start_time=10.0, end_time=5.0),
        Spec(interval_s=60.0, time_zone="Nowhere/Special"),
    ],
)
def test_bad_specs_are_refused(spec: Spec) -> None:
    with pytest.raises(errors.InvalidArgumentError):
        Times(spec)

"""Job.evolve (a hand-written copy) and new_job_id (a hand-formatted UUID) against
the library versions they replace."""

from __future__ import annotations

import dataclasses
import time
import uuid
from typing import Any

import pytest
from jobplane.server.api.requests import job_id as check_job_id
from jobplane.server.domain.ids import new_job_id
from jobplane.server.domain.model import Attempt, Job, JobError, JobStatus, Progress, RetryPolicy

#: A value for every field, each different from the field's default.
OTHER: dict[str, Any] = {
    "id": "0190a5b2-7c3e-7d41-9a8b-3f2e1d0c9b8a", "type": "t2", "tenant": "acme",
    "payload": {"n": [1, 2]}, "status": JobStatus.RUNNING, "priority": 7,
    "labels": {"team": "b"}, "progress": Progress(current=1, total=3),
    "output": {"o": 1}, "error": JobError(code="c", reason="r", message="m"), "attempt": 2,
    "max_attempts": 5, "create_time": 1.5, "start_time": 2.5, "end_time": 3.5,
    "update_time": 4.5, "request_id": "req", "request_hash": "hash", "sequence": 9,
    "timeout_s": 10.0, "retry": RetryPolicy(initial_backoff_s=3.0), "schedule_time": 5.5,
    "next_attempt_time": 6.5, "heartbeat_timeout_s": 7.0, "expire_time": 8.5,
    "cancel_reason": "why", "attempts": (Attempt(number=1, start_time=2.5),),
    "checkpoint": {"step": 1}, "lease_owner": "w", "lease_expire_time": 9.5,
}  # fmt: skip


def test_other_names_every_field() -> None:
    assert set(OTHER) == {f.name for f in dataclasses.fields(Job)}


@pytest.mark.parametrize("name", sorted(OTHER))
def test_evolve_is_dataclasses_replace(name: str) -> None:
    base = Job(id="a", type="t")
    full = Job(**OTHER)
    assert base.evolve(**{name: OTHER[name]}) == dataclasses.replace(base, **{name: OTHER[name]})
    # and every other field is copied, whatever it holds
    kept = full.evolve(**{name: getattr(base, name)})
    assert kept == dataclasses.replace(full, **{name: getattr(base, name)})


def test_evolve_copies_and_refuses_unknown_fields() -> None:
    full = Job(**OTHER)
    copy = full.evolve()
    assert copy == full and copy is not full
    with pytest.raises(TypeError, match="no field 'colour'"):
        full.evolve(colour="red")
    with pytest.raises(dataclasses.FrozenInstanceError):
        copy.priority = 1  # type: ignore[misc]


def test_new_job_id_is_a_time_ordered_uuid7() -> None:
    ids = []
    for _ in range(200):
        ids.append(new_job_id())
        time.sleep(0.0001)
    for job_id in ids:
        u = uuid.UUID(job_id)
        assert str(u) == job_id == check_job_id(job_id)
        assert u.version == 7 and u.variant == uuid.RFC_4122
        assert abs((u.int >> 80) / 1000 - time.time()) < 60
    assert len(set(ids)) == len(ids)
    ms = [uuid.UUID(i).int >> 80 for i in ids]
    assert ms == sorted(ms)

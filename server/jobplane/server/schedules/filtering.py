"""ListSchedules filters: the ListJobs grammar (:mod:`jobplane.server.domain.filters`)
over a schedule's fields, evaluated in memory (schedules are few next to jobs)."""

from __future__ import annotations

from jobplane.server.domain.filters import Cmp, Node
from jobplane.server.domain.matching import OPS, evaluate
from jobplane.server.domain.schedule import Schedule

#: Filterable fields and their types; ``type`` and ``labels.KEY`` are the job template's.
FIELDS = {
    "id": "str",
    "type": "str",
    "paused": "bool",
    "create_time": "time",
    "update_time": "time",
}


def matches(node: Node | None, s: Schedule) -> bool:
    """True when ``s`` passes the filter (an empty filter passes everything)."""
    return evaluate(node, lambda c: _cmp(c, s))


def _cmp(c: Cmp, s: Schedule) -> bool:
    if c.field.startswith("labels."):
        value = s.job_labels.get(c.field[7:])
        if c.value is None:
            return value is not None
        return (value is None or value != c.value) if c.op == "!=" else value == c.value
    actual = {
        "id": s.id,
        "type": s.job_type,
        "paused": s.paused,
        "create_time": s.create_time,
        "update_time": s.update_time,
    }[c.field]
    return bool(OPS[c.op](actual, c.value))

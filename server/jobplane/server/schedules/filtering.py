"""ListSchedules filters: the ListJobs grammar (:mod:`jobplane.server.domain.filters`)
over a schedule's fields, evaluated in memory (schedules are few next to jobs)."""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from jobplane.server.domain.filters import Bool, Cmp, Node, Not
from jobplane.server.domain.schedule import Schedule

#: Filterable fields and their types; ``type`` and ``labels.KEY`` are the job template's.
FIELDS = {
    "id": "str",
    "type": "str",
    "paused": "bool",
    "create_time": "time",
    "update_time": "time",
}
_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq,
    ":": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def matches(node: Node | None, s: Schedule) -> bool:
    if node is None:
        return True
    if isinstance(node, Bool):
        test = all if node.op == "AND" else any
        return test(matches(n, s) for n in node.items)
    if isinstance(node, Not):
        return not matches(node.item, s)
    return _cmp(node, s)


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
    return bool(_OPS[c.op](actual, c.value))

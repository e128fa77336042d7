"""Evaluate a parsed filter (:mod:`filters`) against a job in memory, with the same
meaning the stores give it in SQL (used by WatchJobs)."""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from jobplane.server.domain.filters import Bool, Cmp, Node, Not
from jobplane.server.domain.model import Job

#: Comparison operators by their filter spelling (``:`` is equality).
OPS: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq,
    ":": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def matches(node: Node | None, job: Job) -> bool:
    """True when ``job`` passes the filter (an empty filter passes everything)."""
    return evaluate(node, lambda c: _cmp(c, job))


def evaluate(node: Node | None, leaf: Callable[[Cmp], bool]) -> bool:
    """The filter's AND / OR / NOT over ``leaf``, which decides each comparison."""
    if node is None:
        return True
    if isinstance(node, Bool):
        test = all if node.op == "AND" else any
        return test(evaluate(n, leaf) for n in node.items)
    if isinstance(node, Not):
        return not evaluate(node.item, leaf)
    return leaf(node)


def _cmp(c: Cmp, job: Job) -> bool:
    op = OPS[c.op]
    if c.field.startswith("labels."):
        value = job.labels.get(c.field[7:])
        if c.value is None:
            return value is not None
        if c.op == "!=":
            return value is None or bool(value != c.value)
        return bool(value == c.value)
    if c.field == "dead_letter":
        is_dead = job.dead_letter
        return bool(is_dead == c.value) if c.op in ("=", ":") else bool(is_dead != c.value)
    actual = getattr(job, c.field)
    if actual is None:  # end_time of a live job
        return False
    return bool(op(actual, c.value))

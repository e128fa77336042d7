"""ListJobs in SQL: a parsed filter (:mod:`jobplane.server.domain.filters`) compiled to a
WHERE clause, and the page query both stores run."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jobplane.server.domain.filters import Bool, Cmp, Node, Not
from jobplane.server.domain.model import JobStatus
from jobplane.server.store import codec
from jobplane.server.store.base import Page

_SQL_OPS = {"=": "=", ":": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


class Params:
    """Collects bind parameters; ``style`` turns the n-th one into a placeholder."""

    def __init__(self, style: Callable[[int], str]) -> None:
        self.values: list[Any] = []
        self._style = style

    def add(self, value: Any) -> str:
        self.values.append(value)
        return self._style(len(self.values))


#: A label's value by key, given the key's placeholder.
LabelExpr = Callable[[str], str]
#: "Strictly after (create_time, id) in newest-first order", binding both in ``Params``.
AfterExpr = Callable[["Params", float, str], str]
_SELECT = f"SELECT {', '.join(codec.COLUMNS)} FROM jobs"


def page_query(
    page: Page, style: Callable[[int], str], label_expr: LabelExpr, after: AfterExpr
) -> tuple[str, list[Any]]:
    """The SQL and bind values of one ListJobs page: newest first, strictly after
    ``page.after``, in ``page.tenant`` (None: all) and matching ``page.filter``."""
    params = Params(style)
    where: list[str] = []
    if page.tenant is not None:
        where.append(f"tenant = {params.add(page.tenant)}")
    if page.filter is not None:
        where.append(compile_filter(page.filter, params, label_expr))
    if page.after is not None:
        where.append(after(params, *page.after))
    text = _SELECT + (" WHERE " + " AND ".join(where) if where else "")
    text += f" ORDER BY create_time DESC, id DESC LIMIT {int(page.limit)}"
    return text, params.values


def compile_filter(node: Node, params: Params, label_expr: LabelExpr) -> str:
    """SQL for ``node``; ``label_expr(placeholder)`` extracts a label by key."""
    if isinstance(node, Bool):
        inner = f" {node.op} ".join(compile_filter(n, params, label_expr) for n in node.items)
        return f"({inner})"
    if isinstance(node, Not):
        return f"(NOT {compile_filter(node.item, params, label_expr)})"
    return _cmp(node, params, label_expr)


def _cmp(c: Cmp, params: Params, label_expr: LabelExpr) -> str:
    op = _SQL_OPS[c.op]
    if c.field.startswith("labels."):
        expr = label_expr(params.add(c.field[7:]))
        if c.value is None:
            return f"({expr} IS NOT NULL)"
        if op == "<>":  # the key is bound twice: positional placeholders are single-use
            again = label_expr(params.add(c.field[7:]))
            return f"({expr} IS NULL OR {again} <> {params.add(c.value)})"
        again = label_expr(params.add(c.field[7:]))
        # Two-valued: a missing label is "not equal", so NOT (labels.k = "v") keeps it.
        return f"({expr} IS NOT NULL AND {again} = {params.add(c.value)})"
    if c.field == "dead_letter":
        is_dead = f"(status = {int(JobStatus.FAILED)})"
        return is_dead if (c.value is True) == (op == "=") else f"(NOT {is_dead})"
    value = int(c.value) if isinstance(c.value, JobStatus) else c.value
    column = c.field
    if c.field == "end_time":
        return f"(end_time IS NOT NULL AND end_time {op} {params.add(value)})"
    return f"({column} {op} {params.add(value)})"

"""A subset of AIP-160 filters for ListJobs, parsed into a small tree.

    status = FAILED AND type = "demo.fail"
    status = (QUEUED OR RUNNING)          labels.team = "ml"      labels:team
    labels."jobplane.dev/schedule" = "nightly"   (a quoted key may hold '.' and '/')
    create_time > "2026-01-01T00:00:00Z"  priority >= 75           dead_letter = true
    NOT status = SUCCEEDED                -type = "demo.echo"

As in AIP-160, OR binds tighter than AND. Stores compile the tree to SQL.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from jobplane.server.domain import errors
from jobplane.server.domain.model import JobStatus

FIELDS = {
    "status": "status",
    "type": "str",
    "priority": "int",
    "attempt": "int",
    "request_id": "str",
    "create_time": "time",
    "update_time": "time",
    "end_time": "time",
    "dead_letter": "bool",
}

_TOKEN = re.compile(
    r"""\s*(?:(?P<member>labels\."(?:[^"\\]|\\.)*")|(?P<str>"(?:[^"\\]|\\.)*")|(?P<op><=|>=|!=|=|<|>|:)|(?P<lp>\()|(?P<rp>\))"""
    r"""|(?P<word>[A-Za-z0-9_.*\-+]+))"""
)


@dataclasses.dataclass(frozen=True, slots=True)
class Cmp:
    field: str  # a FIELDS key, or "labels.<key>"
    op: str
    value: Any  # int, str, float (times), bool, JobStatus, or None for `labels:key`


@dataclasses.dataclass(frozen=True, slots=True)
class Bool:
    op: str  # "AND" | "OR"
    items: tuple[Node, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class Not:
    item: Node


Node = Cmp | Bool | Not


def invalid(message: str) -> errors.InvalidArgumentError:
    """INVALID_FILTER for ``message``, with an example of a good filter."""
    return errors.InvalidArgumentError(
        f'filter: {message}. Example: status = FAILED AND labels.team = "ml"',
        reason="INVALID_FILTER",
        field="filter",
    )


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise invalid(f"unexpected character at {pos}: {text[pos : pos + 10]!r}")
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


#: A label key as labels may have it (the same rule SubmitJob applies).
_LABEL_KEY = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9_.\-/]{0,61}[A-Za-z0-9])?$")


class _Parser:
    def __init__(
        self, tokens: list[tuple[str, str]], max_terms: int | None, fields: Mapping[str, str]
    ) -> None:
        self.fields = fields
        self.toks = tokens
        self.i = 0
        self.terms = 0
        self.max_terms = max_terms

    def peek(self) -> tuple[str, str] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> tuple[str, str]:
        tok = self.peek()
        if tok is None:
            raise invalid("unexpected end of filter")
        self.i += 1
        return tok

    def expr(self) -> Node:  # AND of disjunctions
        items = [self.disj()]
        while (tok := self.peek()) and tok[0] != "rp":
            if tok == ("word", "AND"):
                self.take()
            items.append(self.disj())  # juxtaposition is AND too (AIP-160)
        return items[0] if len(items) == 1 else Bool("AND", tuple(items))

    def disj(self) -> Node:
        items = [self.term()]
        while self.peek() == ("word", "OR"):
            self.take()
            items.append(self.term())
        return items[0] if len(items) == 1 else Bool("OR", tuple(items))

    def term(self) -> Node:
        tok = self.peek()
        if tok == ("word", "NOT"):
            self.take()
            return Not(self.term())
        if tok and tok[0] == "word" and tok[1].startswith("-") and len(tok[1]) > 1:
            self.toks[self.i] = ("word", tok[1][1:])
            return Not(self.term())
        if tok and tok[0] == "lp":
            self.take()
            node = self.expr()
            if self.take()[0] != "rp":
                raise invalid("missing ')'")
            return node
        return self.comparison()

    def comparison(self) -> Node:
        self.terms += 1
        if self.max_terms is not None and self.terms > self.max_terms:
            raise invalid(f"more than {self.max_terms} comparisons")
        kind, name = self.take()
        if kind == "member":  # labels."jobplane.dev/schedule"
            name = "labels." + _label_key(name[7:])
        elif kind != "word":
            raise invalid(f"expected a field name, got {name!r}")
        field = _field(name, self.fields)
        kind, op = self.take()
        if kind != "op":
            raise invalid(f"expected an operator after {name!r}, got {op!r}")
        if field.startswith("labels.") or field == "labels":
            return self._label(field, op)
        if self.peek() and self.peek()[0] == "lp":  # type: ignore[index]
            return self._group(field, op)
        return Cmp(field, op, _value(field, op, self.take(), self.fields))

    def _group(self, field: str, op: str) -> Node:
        """`status = (QUEUED OR RUNNING)`: the same comparison over alternatives."""
        self.take()
        items: list[Node] = []
        while True:
            items.append(Cmp(field, op, _value(field, op, self.take(), self.fields)))
            tok = self.take()
            if tok[0] == "rp":
                break
            if tok != ("word", "OR"):
                raise invalid(f"expected OR or ')' in the list for {field}")
        return items[0] if len(items) == 1 else Bool("OR", tuple(items))

    def _label(self, field: str, op: str) -> Node:
        if field == "labels":
            if op != ":":
                raise invalid('use labels.KEY = "value" or labels:KEY')
            kind, key = self.take()
            if kind == "str":  # labels:"jobplane.dev/schedule"
                key = _label_key(key)
            elif kind != "word":
                raise invalid("expected a label key after labels:")
            return Cmp("labels." + key, ":", None)
        if op not in ("=", "!=", ":"):
            raise invalid(f"labels compare with =, != or :, not {op}")
        kind, raw = self.take()
        value = _unquote(raw) if kind == "str" else raw
        if op == ":" and value == "*":
            return Cmp(field, ":", None)
        return Cmp(field, "=" if op == ":" else op, value)


def _label_key(quoted: str) -> str:
    key = _unquote(quoted)
    if not _LABEL_KEY.match(key):
        raise invalid(f"{key[:80]!r} is not a label key (letters, digits and _ . - /)")
    return key


def _field(name: str, fields: Mapping[str, str]) -> str:
    if name.startswith("labels.") and len(name) > 7:
        return name
    if name == "labels" or name in fields:
        return name
    known = ", ".join([*fields, "labels.KEY"])
    raise invalid(f"unknown field {name!r}; filterable fields: {known}")


def _unquote(raw: str) -> str:
    return re.sub(r"\\(.)", r"\1", raw[1:-1])


def _value(field: str, op: str, tok: tuple[str, str], fields: Mapping[str, str]) -> Any:
    kind, raw = tok
    if kind not in ("word", "str"):
        raise invalid(f"expected a value for {field}, got {raw!r}")
    text = _unquote(raw) if kind == "str" else raw
    typ = fields[field]
    if typ == "status":
        if op not in ("=", "!=", ":"):
            raise invalid("status compares with = or !=")
        name = text.upper().removeprefix("JOB_STATUS_")
        if name not in JobStatus.__members__ or name == "UNSPECIFIED":
            names = ", ".join(s.name for s in JobStatus if s is not JobStatus.UNSPECIFIED)
            raise invalid(f"unknown status {text!r}; one of {names}")
        return JobStatus[name]
    if typ == "int":
        try:
            return int(text)
        except ValueError:
            raise invalid(f"{field} needs an integer, got {text!r}") from None
    if typ == "bool":
        if text.lower() not in ("true", "false"):
            raise invalid(f"{field} is true or false, got {text!r}")
        if op not in ("=", "!=", ":"):
            raise invalid(f"{field} compares with = or !=")
        return text.lower() == "true"
    if typ == "time":
        try:
            when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise invalid(
                f'{field} needs an RFC 3339 time like "2026-01-01T00:00:00Z", got {text!r}'
            ) from None
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        return when.timestamp()
    return text


def parse(
    text: str, *, max_terms: int | None = None, fields: Mapping[str, str] = FIELDS
) -> Node | None:
    """Parse ``text``; None for an empty filter. Raises INVALID_ARGUMENT (INVALID_FILTER).
    ``max_terms`` bounds the comparisons (the API's limit is in api/requests.py)."""
    if not text or not text.strip():
        return None
    parser = _Parser(_tokens(text), max_terms, fields)
    node = parser.expr()
    if parser.peek() is not None:
        raise invalid(f"unexpected {parser.peek()[1]!r}")  # type: ignore[index]
    return node

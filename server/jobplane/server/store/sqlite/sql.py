"""The SQLite store's queries (``queries.sql``), schema (``schema.sql``) and the row
layouts they bind."""

from __future__ import annotations

from jobplane.server.store import codec, queries

#: Columns an update may change, by index into codec.COLUMNS: a job's id, tenant,
#: type, create time and request id never change (see the ``save`` query).
MUTABLE = tuple(
    i
    for i, c in enumerate(codec.COLUMNS)
    if c not in ("id", "tenant", "type", "create_time", "request_id")
)

Q = queries.named(
    __package__,
    "queries.sql",
    {
        "marks": ", ".join("?" * len(codec.COLUMNS)),
        "mutable": ", ".join(f"{codec.COLUMNS[i]} = ?" for i in MUTABLE),
    },
)


def schema() -> str:
    return queries.script(__package__, "schema.sql")


def label_expr(placeholder: str) -> str:
    """A label's value by key (bound at ``placeholder``) from the JSON ``labels`` column."""
    return f"json_extract(labels, '$.\"' || {placeholder} || '\"')"

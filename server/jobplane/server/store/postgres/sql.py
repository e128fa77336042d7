"""The PostgreSQL store's named queries (``queries.sql``)."""

from __future__ import annotations

from jobplane.server.store import queries

Q = queries.named(__package__, "queries.sql")


def label_expr(placeholder: str) -> str:
    """A label's value by key (bound at ``placeholder``) from the jsonb ``labels`` column."""
    return f"(labels ->> {placeholder})"

"""Stores: the durable truth about jobs.

Internal: no stability promise; handler authors import from :mod:`jobplane.server`.
"""

from __future__ import annotations

from jobplane.server.store.base import Store


def open_store(url: str, *, durability: str = "process") -> Store:
    """A store for ``url``: ``sqlite:///path``, ``sqlite:///:memory:`` or ``postgresql://…``."""
    if url.startswith("sqlite://"):
        from jobplane.server.store.sqlite import SqliteStore

        path = url.removeprefix("sqlite://")
        path = path[1:] if path.startswith("/") else path  # sqlite:///rel, sqlite:////abs
        return SqliteStore(path or ":memory:", durability=durability)
    if url.startswith(("postgresql://", "postgres://")):
        from jobplane.server.store.postgres import PostgresStore  # type: ignore[import-not-found,unused-ignore]

        return PostgresStore(url, durability=durability)  # type: ignore[no-any-return,unused-ignore]
    raise ValueError(
        f"unsupported --db {url!r}: use sqlite:///FILE, sqlite:///:memory: or postgresql://…"
    )

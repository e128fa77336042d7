"""Stores: the durable truth about jobs (see :mod:`.base` for the interface).

Internal: no stability promise; handler authors import from :mod:`jobplane.server`.
"""

from __future__ import annotations

from jobplane.server.store.base import Durability, Store


def open_store(url: str, *, durability: Durability = Durability.PROCESS) -> Store:
    """A store for ``url``: ``sqlite:///path``, ``sqlite:///:memory:`` or ``postgresql://…``."""
    if url.startswith("sqlite://"):
        from jobplane.server.store.sqlite import SqliteStore

        path = url.removeprefix("sqlite://")
        path = path[1:] if path.startswith("/") else path  # sqlite:///rel, sqlite:////abs
        return SqliteStore(path or ":memory:", durability=durability)
    if url.startswith(("postgresql://", "postgres://")):
        # Imported here: asyncpg is needed only by a server that uses PostgreSQL.
        from jobplane.server.store.postgres import PostgresStore

        return PostgresStore(url, durability=durability)
    raise ValueError(
        f"unsupported --db {url!r}: use sqlite:///FILE, sqlite:///:memory: or postgresql://…"
    )

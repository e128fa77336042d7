"""The embedded SQLite store."""

from jobplane.server.store.sqlite.store import SqliteStore

__all__ = ["SqliteStore"]

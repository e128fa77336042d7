"""The embedded SQLite store.

Internal: no stability promise; handler authors import from :mod:`jobplane.server`.
"""

from jobplane.server.store.sqlite.store import SqliteStore

__all__ = ["SqliteStore"]

"""The PostgreSQL store, for several server replicas.

Internal: no stability promise; handler authors import from :mod:`jobplane.server`.
"""

from jobplane.server.store.postgres.store import PostgresStore

__all__ = ["PostgresStore"]

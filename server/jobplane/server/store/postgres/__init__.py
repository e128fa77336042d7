"""The PostgreSQL store, for several server replicas."""

from jobplane.server.store.postgres.store import PostgresStore

__all__ = ["PostgresStore"]

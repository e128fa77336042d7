"""Versioned SQL migrations for the PostgreSQL store (``NNNN_name.sql`` beside this module).

Each file runs once, in order, inside one transaction with the version recorded
in ``schema_migrations``. A transaction-scoped advisory lock per schema lets
several replicas start at once: the first applies, the others wait and find
nothing left to do.
"""

from __future__ import annotations

import dataclasses
import re
import urllib.parse
from importlib import resources

import asyncpg
from jobplane.server.store import queries

_FILE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
_SCHEMA = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


@dataclasses.dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


@dataclasses.dataclass(frozen=True, slots=True)
class Target:
    """A ``postgresql://…[?schema=NAME]`` URL split into what asyncpg takes and the schema."""

    dsn: str
    schema: str

    @classmethod
    def parse(cls, url: str) -> Target:
        parts = urllib.parse.urlsplit(url)
        query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
        schema = "public"
        rest = []
        for key, value in query:
            if key == "schema":
                schema = value
            else:
                rest.append((key, value))
        if not _SCHEMA.match(schema):
            raise ValueError(
                f"schema {schema!r} must be a plain identifier ([A-Za-z_][A-Za-z0-9_]*)"
            )
        dsn = urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(rest)))
        return cls(dsn=dsn, schema=schema)


def migrations() -> list[Migration]:
    """Every migration shipped with the package, oldest first."""
    folder = resources.files(__package__)
    found = []
    for entry in folder.iterdir():
        m = _FILE.match(entry.name)
        if m:
            sql = queries.render(entry.read_text(encoding="utf-8"))
            found.append(Migration(int(m.group(1)), m.group(2), sql))
    return sorted(found, key=lambda mig: mig.version)


async def apply(conn: asyncpg.Connection, schema: str) -> list[Migration]:
    """Create ``schema`` if needed and apply the migrations it lacks; returns those applied."""
    if not _SCHEMA.match(schema):
        raise ValueError(f"bad schema name {schema!r}")
    applied: list[Migration] = []
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", f"jobplane:{schema}")
        await conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        await conn.execute(f'SET LOCAL search_path TO "{schema}"')
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, "
            "name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        done = {r[0] for r in await conn.fetch("SELECT version FROM schema_migrations")}
        for mig in migrations():
            if mig.version in done:
                continue
            await conn.execute(mig.sql)
            await conn.execute(
                "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                mig.version,
                mig.name,
            )
            applied.append(mig)
    return applied


async def pending(conn: asyncpg.Connection, schema: str) -> list[Migration]:
    """Migrations not yet applied to ``schema``."""
    exists = await conn.fetchval(
        "SELECT to_regclass($1) IS NOT NULL", f'"{schema}".schema_migrations'
    )
    done: set[int] = set()
    if exists:
        rows = await conn.fetch(f'SELECT version FROM "{schema}".schema_migrations')
        done = {r[0] for r in rows}
    return [m for m in migrations() if m.version not in done]

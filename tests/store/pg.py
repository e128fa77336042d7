"""PostgreSQL helpers for tests: one throwaway schema per test, dropped afterwards."""

from __future__ import annotations

import itertools
import os
import secrets
import urllib.parse

import asyncpg

#: Unique per test run, so parallel runs and leftovers of crashed runs never collide.
RUN = f"jpt_{os.getpid()}_{secrets.token_hex(3)}"
_n = itertools.count()


def new_schema() -> str:
    return f"{RUN}_{next(_n)}"


def with_schema(url: str, schema: str) -> str:
    """``url`` with ``?schema=schema`` (other query parameters kept)."""
    parts = urllib.parse.urlsplit(url)
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query) if k != "schema"]
    query.append(("schema", schema))
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


async def drop_schema(url: str, schema: str) -> None:
    conn = await asyncpg.connect(url, timeout=10)
    try:
        await conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    finally:
        await conn.close()


async def drop_run_schemas(url: str) -> None:
    """Drop every schema this run created (the last line of defence)."""
    conn = await asyncpg.connect(url, timeout=10)
    try:
        names = await conn.fetch(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE $1", f"{RUN}\\_%"
        )
        for (name,) in names:
            await conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
    finally:
        await conn.close()

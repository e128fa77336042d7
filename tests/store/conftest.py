"""Store conformance fixtures: every case runs on SQLite ``:memory:``, a SQLite file
and PostgreSQL (a fresh schema per test, dropped afterwards)."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from jobplane.server.store import open_store
from jobplane.server.store.base import Store

from . import pg

BACKENDS = ["memory", "file", "postgres"]


@dataclasses.dataclass
class Backend:
    """A database for one test; ``open()`` gives a store on it (another instance each
    time, except ``:memory:``, which only one store can see)."""

    kind: str
    url: str
    opened: list[Store] = dataclasses.field(default_factory=list)

    @property
    def shared(self) -> bool:
        """Several store instances (replicas) can share this database."""
        return self.kind != "memory"

    async def open(self) -> Store:
        if self.kind == "memory" and self.opened:
            return self.opened[0]
        store = open_store(self.url)
        await store.open()
        self.opened.append(store)
        return store

    async def close(self) -> None:
        for store in reversed(self.opened):
            await store.close()
        self.opened.clear()


@pytest.fixture(params=BACKENDS)
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Backend]:
    kind = request.param
    schema = ""
    base = ""
    if kind == "memory":
        url = "sqlite:///:memory:"
    elif kind == "file":
        url = f"sqlite:///{tmp_path / 'jobs.db'}"
    else:
        base = request.getfixturevalue("postgres_url")
        schema = pg.new_schema()
        url = pg.with_schema(base, schema)
    b = Backend(kind, url)
    try:
        yield b
    finally:
        await b.close()
        if schema:
            await pg.drop_schema(base, schema)


@pytest.fixture
async def store(backend: Backend) -> Store:
    return await backend.open()

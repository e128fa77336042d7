"""``--durability power`` reaches the connection that commits: SQLite's writer runs with
``synchronous = FULL`` (WAL fsynced on every group commit: a commit survives power
loss), the default ``process`` with ``NORMAL`` (survives a process crash; the OS may
lose the last commits on power loss). Power loss itself cannot be injected here; what
is proved is that the setting the promise rests on is the one in force."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from jobplane.server import app
from jobplane.server.cli import config_from_options, serve
from jobplane.server.store.base import Durability

from ..support import config

FULL, NORMAL = 2, 1


async def _writer_synchronous(running: app.Running) -> int:
    """PRAGMA synchronous on the store's writer connection (the setting is per
    connection, so it is read on the one that commits, through the write queue)."""
    store: Any = running.store
    pragma = await store._writer.write(lambda conn: conn.execute("PRAGMA synchronous").fetchone())
    return int(pragma[0])


@pytest.mark.parametrize(
    ("level", "expected"), [(Durability.POWER, FULL), (Durability.PROCESS, NORMAL)]
)
async def test_durability_level_reaches_the_committing_connection(
    tmp_path: Path, level: Durability, expected: int
) -> None:
    running = await app.start(config(db=f"sqlite:///{tmp_path / 'jobs.db'}", durability=level))
    try:
        assert await _writer_synchronous(running) == expected
        store: Any = running.store
        (mode,) = store._point_conn.execute("PRAGMA journal_mode").fetchone()
        assert mode == "wal"
    finally:
        await running.stop(grace_s=0.1)


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (["--durability", "power"], None, "power"),
        ([], "power", "power"),
        ([], None, "process"),
    ],
)
def test_cli_flag_and_env_set_the_level(
    monkeypatch: pytest.MonkeyPatch, args: list[str], env: str | None, expected: str
) -> None:
    if env is None:
        monkeypatch.delenv("JOBPLANE_DURABILITY", raising=False)
    else:
        monkeypatch.setenv("JOBPLANE_DURABILITY", env)
    ctx = serve.make_context("serve", list(args))
    # the enum itself, not an equal string: the store tests `is Durability.POWER`
    assert config_from_options(dict(ctx.params)).store.durability is Durability(expected)


@pytest.mark.parametrize("given", ["power", Durability.POWER])
async def test_a_plain_string_level_is_not_weakened(tmp_path: Path, given: Any) -> None:
    """The store reads the level by value: ``"power"`` is as strict as the enum."""
    from jobplane.server.store.sqlite import SqliteStore

    store = SqliteStore(str(tmp_path / "jobs.db"), durability=given)
    assert store._sync == "FULL"


def test_an_unknown_level_is_refused(tmp_path: Path) -> None:
    from jobplane.server.store.sqlite import SqliteStore

    with pytest.raises(ValueError, match="fast"):
        SqliteStore(str(tmp_path / "jobs.db"), durability="fast")  # type: ignore[arg-type]

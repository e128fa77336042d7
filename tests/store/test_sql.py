"""The stores' SQL files: they load, name states instead of numbers, share one claim
order, ship with the package, and (SQLite) reach the indexes they were written for."""

from __future__ import annotations

import fnmatch
import re
import sqlite3
import tomllib
from pathlib import Path

import pytest
from jobplane.server.store import queries
from jobplane.server.store.postgres import migrations
from jobplane.server.store.postgres import sql as pg_sql
from jobplane.server.store.sqlite import sql as sqlite_sql

from ..support import ROOT

STORE = ROOT / "server" / "jobplane" / "server" / "store"
SQL_FILES = sorted(STORE.rglob("*.sql"))
NAMED = {"sqlite": sqlite_sql.Q, "postgres": pg_sql.Q}
#: A status compared with, or listed as, a number: ``status = 2``, ``status IN (1, 9)``.
NUMERIC_STATUS = re.compile(r"status\s*(?:=|<>|!=|<=?|>=?)\s*\d|status\s+IN\s*\([^)]*\d", re.I)


def test_the_store_ships_sql_files() -> None:
    names = {p.relative_to(STORE).as_posix() for p in SQL_FILES}
    assert {"sqlite/queries.sql", "sqlite/schema.sql", "postgres/queries.sql"} <= names
    assert "postgres/0001_init.sql" in names


@pytest.mark.parametrize("path", SQL_FILES, ids=lambda p: p.relative_to(STORE).as_posix())
def test_no_numeric_status_in_sql_files(path: Path) -> None:
    text = "\n".join(line.split("--")[0] for line in path.read_text().splitlines())
    assert not NUMERIC_STATUS.findall(text)


def test_no_numeric_status_in_sql_written_in_python() -> None:
    found = {
        str(p.relative_to(STORE)): NUMERIC_STATUS.findall(p.read_text())
        for p in STORE.rglob("*.py")
    }
    assert {k: v for k, v in found.items() if v} == {}


@pytest.mark.parametrize("store", NAMED)
def test_named_queries_load_rendered(store: str) -> None:
    q = NAMED[store]
    assert len(q) >= 15 and all(text.strip() for text in q.values())
    for name, text in q.items():
        assert not re.search(r"\{[A-Z_a-z]+\}", text.replace("'{checkpoint}'", "")), name
        assert "-- " not in text, f"{name}: comment lines are dropped"


@pytest.mark.parametrize("store", NAMED)
def test_every_query_the_code_names_exists(store: str) -> None:
    used = {
        m for p in (STORE / store).glob("*.py") for m in re.findall(r'Q\["(\w+)"\]', p.read_text())
    }
    assert used and used <= set(NAMED[store]), used - set(NAMED[store])


def test_one_claim_order_for_both_stores_and_their_indexes() -> None:
    for store in NAMED:
        raw = queries.parse(queries.read(f"jobplane.server.store.{store}", "queries.sql"))
        assert "ORDER BY {claim_order}" in raw["claim"]
        assert f"ORDER BY {queries.CLAIM_ORDER}" in NAMED[store]["claim"]
    # Schemas are not re-rendered into existing databases: the index that serves the
    # claim is spelled out, and must stay the claim order (else: a new migration).
    schemas = [sqlite_sql.schema(), *(m.sql for m in migrations.migrations())]
    for text in schemas[:2]:
        assert re.search(
            rf"jobs_queue ON jobs \({re.escape(queries.CLAIM_ORDER)}\)\s+WHERE status = 1\b",
            text,
        )


def test_statuses_render_from_the_enum() -> None:
    assert queries.render("status IN ({TERMINAL}) OR status = {PAUSED}") == (
        "status IN (3, 4, 5, 6) OR status = 9"
    )
    assert queries.render("'{checkpoint}' {cols}").startswith("'{checkpoint}' id, tenant")
    with pytest.raises(KeyError, match="QUEUD"):
        queries.render("status = {QUEUD}")
    with pytest.raises(ValueError, match="twice"):
        queries.parse("-- name: a\nSELECT 1\n-- name: a\nSELECT 2\n")


def test_installed_packages_carry_every_sql_file() -> None:
    """What a non-editable install holds: each .sql file's folder is a listed package
    whose package-data patterns match it."""
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    server = ROOT / "server" / "jobplane" / "server"
    for path in SQL_FILES:
        rel = path.relative_to(server)
        for depth in range(len(rel.parts) - 1, 0, -1):
            package = "jobplane.server." + ".".join(rel.parts[:depth])
            if package in tool["packages"]:
                break
        else:
            pytest.fail(f"{rel}: no listed package holds it")
        inside = "/".join(rel.parts[depth:])
        patterns = tool["package-data"].get(package, []) + tool["package-data"].get("*", [])
        assert any(fnmatch.fnmatch(inside, pat) for pat in patterns), (rel, package)
    for init in server.rglob("__init__.py"):
        dotted = "jobplane.server." + ".".join(init.parent.relative_to(server).parts)
        assert dotted.rstrip(".") in tool["packages"], dotted


QUERY_ARGS = {
    "claim": (0.0, 10),
    "ahead": (0.0, 50, 50, 0.0, 0.0, "j", 10),
    "due_retry": (0.0,),
    "due_expire": (0.0,),
    "rescue": ("w", 0.0),
    "rescue_all": (),
    "next_due": (),
    "evict_old": (0.0, 10),
    "evict_oldest": (10,),
    "age": (0.0, 60.0, 0.0),
    "count_queued": ("t",),
}


@pytest.mark.parametrize("name", QUERY_ARGS)
def test_sqlite_queries_reach_their_partial_indexes(name: str) -> None:
    """Statuses rendered as literals keep SQLite on the partial indexes (a bound
    status, or a condition the index's does not literally contain, scans the table)."""
    conn = sqlite3.connect(":memory:")
    conn.executescript(sqlite_sql.schema())
    plan = [
        r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sqlite_sql.Q[name], QUERY_ARGS[name])
    ]
    assert not [step for step in plan if step.startswith("SCAN jobs") and "INDEX" not in step], plan

"""The schedule stores' SQL: every named query loads filled in, the code names only
queries that exist, and SQLite answers the scheduler's question from its index."""

from __future__ import annotations

import re
import sqlite3

import pytest
from jobplane.server.store.postgres import schedules as pg
from jobplane.server.store.sqlite import schedules as lite

from ..support import ROOT

STORE = ROOT / "server" / "jobplane" / "server" / "store"
QUERIES = {"sqlite": lite.SCHEDULE_SQL, "postgres": pg.SCHEDULE_SQL}


@pytest.mark.parametrize("store", QUERIES)
def test_queries_load_filled_in_and_exist(store: str) -> None:
    q = QUERIES[store]
    for name, text in q.items():
        assert text.strip() and not re.search(r"\{\w+\}", text), name
    used = set(re.findall(r'SCHEDULE_SQL\["(\w+)"\]', (STORE / store / "schedules.py").read_text()))
    assert used and used <= set(q), used - set(q)


def test_sqlite_due_and_wakes_use_the_index() -> None:
    conn = sqlite3.connect(":memory:")
    for statement in lite.SCHEDULE_SQL["schema"].split(";"):
        conn.execute(statement)
    for name, args in (("due", (0.0, 10)), ("wakes", (5,))):
        plan = " ".join(
            r[-1] for r in conn.execute("EXPLAIN QUERY PLAN " + lite.SCHEDULE_SQL[name], args)
        )
        assert "schedules_wake" in plan, (name, plan)

"""Pre-fill a store with many jobs through the store layer (not the API).

Rows are built by ``codec.to_row`` from real ``Job`` values and inserted with one
``executemany`` per chunk on a schema the store itself created. The filled file is
cached in ``build/bench-cache`` keyed by the schema, the codec and the count, so
later runs only copy it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import random
import shutil
import sqlite3
import time
import uuid
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from jobplane.server.domain.model import Attempt, Job, JobError, JobStatus, Progress
from jobplane.server.store import codec
from jobplane.server.store.sqlite import SqliteStore

from tests.support import ROOT

CACHE = ROOT / "build" / "bench-cache"
TYPES = ("bench.a", "bench.b", "bench.c", "bench.d")
TEAMS = 10
SPAN_S = 30 * 86400.0
CHUNK = 20_000


def _fingerprint(count: int) -> str:
    h = hashlib.sha256()
    h.update(resources.files("jobplane.server.store.sqlite").joinpath("schema.sql").read_bytes())
    h.update(Path(codec.__file__).read_bytes())
    h.update(Path(__file__).read_bytes())
    h.update(str(count).encode())
    return h.hexdigest()[:16]


def _uuid7(t: float, rng: random.Random) -> str:
    value = (int(t * 1000) & ((1 << 48) - 1)) << 80 | rng.getrandbits(80)
    value = (value & ~(0xF << 76)) | (0x7 << 76)
    value = (value & ~(0x3 << 62)) | (0x2 << 62)
    return str(uuid.UUID(int=value))


def _jobs(count: int, now: float) -> Iterator[Job]:
    rng = random.Random(6)
    base = Job(
        id="", type="bench.a", payload={"n": 1, "item": "x" * 16}, status=JobStatus.SUCCEEDED,
        attempt=1, max_attempts=3, output={"n": 1}, sequence=4,
        progress=Progress(current=1.0, total=1.0, message="done"),
    )  # fmt: skip
    err = JobError(code="INTERNAL", reason="HANDLER_ERROR", message="bench failure")
    t0 = now - SPAN_S
    step = SPAN_S / max(1, count)
    for i in range(count):
        t = t0 + i * step
        failed = i % 10 == 3
        status = JobStatus.FAILED if failed else JobStatus.SUCCEEDED
        yield dataclasses.replace(
            base,
            id=_uuid7(t, rng),
            type=TYPES[i % len(TYPES)],
            status=status,
            labels={"team": f"t{i % TEAMS}", "env": "bench"},
            output=None if failed else base.output,
            error=err if failed else None,
            create_time=t, update_time=t + 0.01, start_time=t + 0.001, end_time=t + 0.01,
            attempts=(Attempt(number=1, start_time=t + 0.001, end_time=t + 0.01, outcome=status,
                              error=err if failed else None, worker="bench"),),
        )  # fmt: skip


def _create_schema(path: Path) -> None:
    async def go() -> None:
        store = SqliteStore(str(path))
        await store.open()
        await store.close()

    asyncio.run(go())


def fill(path: Path, count: int) -> list[str]:
    """Create ``path`` with ``count`` terminal jobs; return a sample of their ids."""
    _create_schema(path)
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -262144")
    insert = f"INSERT INTO jobs ({', '.join(codec.COLUMNS)}) VALUES ({', '.join('?' * len(codec.COLUMNS))})"
    sample: list[str] = []
    rows: list[tuple[object, ...]] = []
    every = max(1, count // 5000)
    for i, job in enumerate(_jobs(count, time.time())):
        rows.append(codec.to_row(job))
        if i % every == 0:
            sample.append(job.id)
        if len(rows) >= CHUNK:
            conn.execute("BEGIN")
            conn.executemany(insert, rows)
            conn.execute("COMMIT")
            rows.clear()
    if rows:
        conn.execute("BEGIN")
        conn.executemany(insert, rows)
        conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return sample


def prepared(dest: Path, count: int) -> tuple[list[str], float, bool]:
    """A filled store at ``dest`` (copied from the cache, filling it first if needed).
    Returns (sample ids, seconds spent filling (0 if cached), whether it was cached)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    key = _fingerprint(count)
    cached = CACHE / f"scale-{count}-{key}.db"
    ids_file = cached.with_suffix(".ids")
    filled_s = 0.0
    hit = cached.exists() and ids_file.exists()
    if not hit:
        for old in CACHE.glob(f"scale-{count}-*"):
            old.unlink()
        t0 = time.perf_counter()
        tmp = cached.with_suffix(".tmp")
        for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            p.unlink(missing_ok=True)
        ids = fill(tmp, count)
        tmp.rename(cached)
        ids_file.write_text("\n".join(ids))
        filled_s = time.perf_counter() - t0
    shutil.copyfile(cached, dest)
    return ids_file.read_text().split(), filled_s, hit

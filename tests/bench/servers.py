"""Child processes: the real jobplane server, the bare echo server, the load client."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil  # type: ignore[import-untyped]

from tests.support import ROOT, ServerProcess

_ECHO_READY = re.compile(r"echo: serving on 127\.0\.0\.1:(\d+)")
HANDLERS = "tests.bench.handlers"
#: Set by ``--no-uvloop``: servers run on the stock asyncio loop (a shim hides uvloop).
NO_UVLOOP = False
_SHIM = str(Path(__file__).resolve().parent / "no_uvloop")


@contextlib.contextmanager
def jobplane(db_file: Path, *extra: str) -> Iterator[ServerProcess]:
    """``python -m jobplane.server`` on a durable SQLite file, bench handlers loaded."""
    proc = ServerProcess(
        db=f"sqlite:///{db_file}", args=("--handlers", HANDLERS, "--log-level", "WARNING", *extra)
    )
    saved = os.environ.get("PYTHONPATH")
    if NO_UVLOOP:
        os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (_SHIM, saved) if p)
    try:
        proc.start(timeout_s=120.0)
    finally:
        if saved is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = saved
    try:
        yield proc
    finally:
        with contextlib.suppress(Exception):
            proc.terminate(30.0)
        proc.kill9()


@dataclasses.dataclass(frozen=True)
class Echo:
    target: str
    pid: int


@contextlib.contextmanager
def echo() -> Iterator[Echo]:
    """The bare grpc.aio echo server."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.bench.echo_server"],
        cwd=ROOT, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        m = _ECHO_READY.search(line)
        if m is None:
            raise RuntimeError(f"echo server did not start: {line!r}")
        yield Echo(f"127.0.0.1:{m.group(1)}", proc.pid)
    finally:
        proc.kill()
        proc.wait(10)


def client(
    workload: str,
    target: str,
    timeout_s: float = 180.0,
    module: str = "tests.bench.client",
    **spec: Any,
) -> dict[str, Any]:
    """Run one workload in a client process of its own (``module``); its JSON result."""
    body = json.dumps({"workload": workload, "target": target, **spec})
    out = subprocess.run(
        [sys.executable, "-m", module],
        input=body, capture_output=True, text=True, cwd=ROOT, timeout=timeout_s,
        env={**os.environ},
    )  # fmt: skip
    if out.returncode != 0:
        raise RuntimeError(f"client {workload} failed:\n{out.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def rss_mb(proc: ServerProcess) -> float:
    assert proc.proc is not None
    return float(psutil.Process(proc.proc.pid).memory_info().rss) / 2**20


def settle(seconds: float = 0.5) -> None:
    time.sleep(seconds)

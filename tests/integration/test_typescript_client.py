"""The TypeScript client's own test suite (clients/typescript, `npm test`) passes.

`npm test` compiles the client and its tests with tsc and runs them with
node's test runner; those tests start real jobplane servers themselves (with
this interpreter, via JOBPLANE_PYTHON), including a SIGKILL/restart of one
mid-watch. node_modules is installed first (`npm install`) when missing. Under
CI=true a missing node or npm is a failure, never a skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TS = REPO / "clients" / "typescript"
INSTALL_TIMEOUT_S = 300
TEST_TIMEOUT_S = 420


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(
                f"{name} is required for the TypeScript client tests (Debian package nodejs/npm)"
            )
        pytest.skip(f"{name} not installed")
    return path


def _run(args: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "JOBPLANE_PYTHON": sys.executable, "NO_COLOR": "1", "FORCE_COLOR": "0"}
    return subprocess.run(
        args,
        cwd=TS,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )


@pytest.mark.timeout(INSTALL_TIMEOUT_S + TEST_TIMEOUT_S + 60)
def test_typescript_client_npm_test() -> None:
    _tool("node")
    npm = _tool("npm")
    if not (TS / "node_modules" / ".bin" / "tsc").exists():
        # `npm install` (as `make setup` does) rather than `npm ci`: with a
        # registry mirror that only carries this platform's @bufbuild/buf-*
        # binaries, the lock file lists only those, and `npm ci` refuses it
        # as out of sync. `npm install` installs exactly the locked versions.
        res = _run([npm, "install", "--no-audit", "--no-fund"], INSTALL_TIMEOUT_S)
        assert res.returncode == 0, (
            f"npm install failed ({res.returncode}):\n{res.stdout}\n{res.stderr}"
        )

    res = _run([npm, "test"], TEST_TIMEOUT_S)
    output = f"{res.stdout}\n{res.stderr}"
    assert res.returncode == 0, f"npm test failed ({res.returncode}):\n{output}"
    # node's summary (TAP "# pass N" when piped, "\u2139 pass N" on a terminal):
    # make sure tests ran and none failed or were skipped.
    summary = {}
    for line in res.stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] in ("#", "\u2139") and parts[2].isdigit():
            summary[parts[1]] = int(parts[2])
    assert summary.get("fail") == 0, output
    assert summary.get("skipped") == 0, output
    assert summary.get("cancelled", 0) == 0, output
    assert summary.get("pass", 0) >= 10, output

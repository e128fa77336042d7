"""``jobplane serve --http-listen`` / ``JOBPLANE_HTTP_LISTEN`` as a real process."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.request

from ..support import ROOT, ServerProcess

_HTTP = re.compile(r"HTTP and dashboard on (http://127\.0\.0\.1:\d+)/")


def test_serve_with_http_listen_prints_both_addresses_and_serves() -> None:
    proc = ServerProcess(db="sqlite:///:memory:", args=("--http-listen", "127.0.0.1:0")).start()
    try:
        log = proc.log_path.read_text()
        assert f"serving on 127.0.0.1:{proc.port}" in log
        found = _HTTP.search(log)
        assert found, log
        with urllib.request.urlopen(found.group(1) + "/v1/jobs", timeout=10) as resp:
            assert resp.status == 200 and resp.headers["Content-Type"].startswith(
                "application/json"
            )
        with urllib.request.urlopen(found.group(1) + "/", timeout=10) as resp:
            assert b"jobplane" in resp.read()
    finally:
        proc.terminate()


def test_the_environment_variable_and_the_safe_default() -> None:
    env = {**os.environ, "JOBPLANE_HTTP_LISTEN": "0.0.0.0:0"}
    out = subprocess.run(
        [sys.executable, "-m", "jobplane.server", "--listen", "127.0.0.1:0", "--db", "sqlite:///:memory:"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    # An open server refuses a public HTTP address as it refuses a public gRPC one.
    assert out.returncode == 1 and "refusing to serve 0.0.0.0:0" in out.stderr, out.stderr

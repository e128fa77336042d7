"""The by-hand worker recipe in docs/workers.md works as written.

Every `buf curl` command under "By hand" is run in order against a live server
started with `--job-type hand.made`, with the real `buf` binary and server
reflection only. `$TOKEN` is the task token the PollTask step returned.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.support import ROOT, server_process

DOC = ROOT / "docs" / "workers.md"
BUF = ROOT / "clients" / "typescript" / "node_modules" / ".bin" / "buf"
DOC_ADDR = "http://127.0.0.1:50051"


def _recipe() -> list[str]:
    text = DOC.read_text().split("## By hand", 1)[1]
    return [line for line in text.splitlines() if line.startswith("buf curl ")]


def _run(command: str, target: str, token: str) -> dict[str, Any]:
    command = command.replace(DOC_ADDR, f"http://{target}").replace("$TOKEN", token)
    args = shlex.split(command)
    assert args[:2] == ["buf", "curl"]
    env = {**os.environ, "BUF_CACHE_DIR": str(ROOT / "build" / "buf-cache")}
    res = subprocess.run(
        [str(BUF), *args[1:]], capture_output=True, text=True, timeout=60, env=env, check=False
    )
    assert res.returncode == 0, f"{command}\n{res.stdout}\n{res.stderr}"
    result: dict[str, Any] = json.loads(res.stdout or "{}")
    return result


def test_poll_report_complete_by_hand(tmp_path: Path) -> None:
    if not BUF.exists():
        pytest.fail(f"{BUF} is missing: run `make setup`")
    steps = _recipe()
    methods = [re.search(r"/jobplane\.v1\.(\w+)/(\w+)", s).group(2) for s in steps]  # type: ignore[union-attr]
    assert methods == ["SubmitJob", "PollTask", "ReportProgress", "CompleteTask"]
    with server_process(f"sqlite:///{tmp_path / 'jobs.db'}", "--job-type", "hand.made") as server:
        submitted = _run(steps[0], server.target, "")["job"]
        assert submitted["status"] == "JOB_STATUS_QUEUED"
        task = _run(steps[1], server.target, "")["task"]
        assert task["job"]["id"] == submitted["id"]
        assert task["job"]["status"] == "JOB_STATUS_RUNNING" and task["job"]["attempt"] == 1
        token = task["taskToken"]
        report = _run(steps[2], server.target, token)
        assert "leaseExpireTime" in report and not report.get("cancelRequested")
        job = _run(steps[3], server.target, token)["job"]
        assert job["status"] == "JOB_STATUS_SUCCEEDED" and job["output"] == {"sum": 6}
        assert job["progress"]["message"] == "one down"

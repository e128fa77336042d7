"""The ``jobplane`` CLI against a real server (a child process)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from jobplane.client._cli_args import ExitCode
from jobplane.client.cli import main

from ..support import server_process

_SCRIPT = Path(sys.executable).with_name("jobplane")


@pytest.fixture(scope="module")
def target() -> Iterator[str]:
    with server_process("sqlite:///:memory:") as proc:
        yield proc.target


def run(target: str, *args: str, stdin: str | None = None) -> Result:
    """Run the CLI in-process, as a script would (no terminal, so plain output)."""
    return CliRunner().invoke(main, [*args, "--target", target], input=stdin)


def run_json(target: str, *args: str) -> tuple[int, Any]:
    result = run(target, *args, "--json")
    return result.exit_code, json.loads(result.stdout)


def jobplane(target: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed ``jobplane`` entry point as a child process."""
    command = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-c", _ENTRY]
    return subprocess.run(
        [*command, *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "JOBPLANE_TARGET": target},
        check=False,
    )


_ENTRY = "from jobplane.client.cli import main; main()"


def test_submit_with_watch_exits_0(target: str) -> None:
    done = jobplane(
        target, "submit", "demo.sleep", "--payload", '{"seconds":1,"steps":10}', "--watch"
    )
    assert done.returncode == ExitCode.OK, done.stderr
    lines = done.stdout.splitlines()
    assert any("RUNNING" in line and "10/10" in line for line in lines)
    assert "SUCCEEDED" in lines[-2]
    assert json.loads(lines[-1].removeprefix("output: ")) == {"slept_s": 1.0, "steps": 10.0}


@pytest.mark.parametrize("follow", ["--wait", "--watch"])
def test_a_failed_job_exits_3_and_shows_the_error(target: str, follow: str) -> None:
    done = jobplane(
        target, "submit", "demo.fail", "--payload", '{"times": 5}', "--max-attempts", "1", follow
    )
    assert done.returncode == ExitCode.JOB_FAILED == 3
    assert "FAILED" in done.stdout
    assert "error: HANDLER_ERROR" in done.stdout and "demo failure" in done.stdout


def test_list_json_parses(target: str) -> None:
    label = uuid.uuid4().hex[:8]
    code, submitted = run_json(target, "submit", "demo.echo", "--label", f"run={label}")
    assert code == 0
    code, listed = run_json(target, "list", "--filter", f'labels.run = "{label}"')
    assert code == 0
    assert [job["id"] for job in listed["jobs"]] == [submitted["id"]]
    code, everything = run_json(target, "list", "--limit", "2")
    assert code == 0 and len(everything["jobs"]) <= 2


def test_submit_options_reach_the_job(target: str) -> None:
    result = run(
        target,
        "submit",
        "demo.echo",
        "-",
        "--priority",
        "high",
        "--label",
        "team=ml",
        "--timeout",
        "5m",
        "--max-attempts",
        "2",
        "--wait",
        "--json",
        stdin='{"hello": "world"}',
    )
    assert result.exit_code == 0, result.output
    job = json.loads(result.stdout)
    assert job["status"] == "JOB_STATUS_SUCCEEDED"
    assert job["priority"] == 75
    assert job["labels"] == {"team": "ml"}
    assert job["timeout"] == "300s"
    assert job["maxAttempts"] == 2
    assert job["output"] == {"hello": "world"}


def test_get_pause_resume_cancel_wait(target: str) -> None:
    code, job = run_json(target, "submit", "demo.echo", "--paused")
    assert (code, job["status"]) == (0, "JOB_STATUS_PAUSED")
    shown = run(target, "get", job["id"])
    assert shown.exit_code == 0 and "PAUSED" in shown.stdout and job["id"] in shown.stdout
    assert run_json(target, "resume", job["id"])[1]["status"] != "JOB_STATUS_PAUSED"
    assert run(target, "wait", job["id"]).exit_code == ExitCode.OK

    code, parked = run_json(target, "submit", "demo.echo", "--paused")
    assert run_json(target, "pause", parked["id"])[0] == ExitCode.CONFLICT
    code, canceled = run_json(target, "cancel", parked["id"], "--reason", "nope")
    assert (code, canceled["cancelReason"]) == (0, "nope")
    waited = run(target, "wait", parked["id"])
    assert waited.exit_code == ExitCode.JOB_CANCELED == 4
    assert "CANCELED" in waited.stdout


def test_retry_a_failed_job(target: str) -> None:
    code, job = run_json(target, "submit", "demo.fail", "-p", '{"times": 1}', "--max-attempts", "1")
    assert code == 0
    assert run(target, "wait", job["id"]).exit_code == ExitCode.JOB_FAILED
    again = run(target, "retry", job["id"], "--watch")
    assert again.exit_code == ExitCode.OK, again.output
    assert "SUCCEEDED" in again.stdout


def test_error_exit_codes(target: str) -> None:
    missing = run(target, "get", str(uuid.uuid4()))
    assert missing.exit_code == ExitCode.NOT_FOUND == 5
    assert "JOB_NOT_FOUND" in missing.stderr
    assert run(target, "get", "not-an-id").exit_code == ExitCode.USAGE
    assert run(target, "submit", "no.such.type").exit_code == ExitCode.USAGE
    code, document = run_json(target, "cancel", str(uuid.uuid4()))
    assert code == ExitCode.NOT_FOUND
    assert document["error"]["reason"] == "JOB_NOT_FOUND"
    code, _ = run_json(target, "watch", str(uuid.uuid4()))
    assert code == ExitCode.NOT_FOUND


def test_bad_input_exits_2_before_any_call(target: str) -> None:
    for args in (
        ["submit", "demo.echo", "--payload", "{not json"],
        ["submit", "demo.echo", "--payload", "[1, 2]"],
        ["submit", "demo.echo", "--priority", "urgent"],
        ["submit", "demo.echo", "--priority", "101"],
        ["submit", "demo.echo", "--timeout", "soon"],
        ["submit", "demo.echo", "--label", "novalue"],
        ["submit", "demo.echo", "--payload", "{}", "-"],
        ["frobnicate"],
    ):
        result = run(target, *args)
        assert result.exit_code == ExitCode.USAGE, (args, result.output)


def test_an_unreachable_server_exits_6() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = run(f"127.0.0.1:{port}", "list")
    assert result.exit_code == ExitCode.UNAVAILABLE == 6
    assert "UNAVAILABLE" in result.stderr


def test_help_documents_exit_codes_and_lists_serve() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "serve" in result.stdout
    for line in ("3  the job failed", "5  job not found", "6  server unreachable"):
        assert line in result.stdout
    assert "Exit codes" in CliRunner().invoke(main, ["submit", "--help"]).stdout

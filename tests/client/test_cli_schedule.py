"""``jobplane schedule …`` against a real server (a child process), and the Python
client's schedule methods through the same server."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
from click.testing import CliRunner, Result
from jobplane.client import JobClient, schedule
from jobplane.client._cli_args import ExitCode
from jobplane.client.cli import main

from ..support import server_process


@pytest.fixture(scope="module")
def target() -> Iterator[str]:
    with server_process("sqlite:///:memory:") as proc:
        yield proc.target


def run(target: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["schedule", *args, "--target", target])


def run_json(target: str, *args: str) -> dict[str, object]:
    result = run(target, *args, "--json")
    assert result.exit_code == 0, result.output
    doc: dict[str, object] = json.loads(result.stdout)
    return doc


def test_schedule_commands(target: str) -> None:
    made = run_json(
        target, "create", "nightly", "--cron", "0 3 * * *", "--tz", "Europe/Berlin",
        "--type", "demo.echo", "--payload", '{"n": 1}', "--overlap", "buffer-one",
    )  # fmt: skip
    assert made["id"] == "nightly" and made["overlapPolicy"] == "OVERLAP_POLICY_BUFFER_ONE"
    assert len(made["nextRunTimes"]) == 5  # type: ignore[arg-type]
    shown = run(target, "get", "nightly")
    assert shown.exit_code == 0 and "cron 0 3 * * * (Europe/Berlin)" in shown.stdout
    changed = run_json(target, "update", "nightly", "--every", "1h", "--note", "hourly now")
    assert changed["spec"] == {"interval": "3600s", "timeZone": "Europe/Berlin"}
    assert changed["note"] == "hourly now"
    assert run_json(target, "pause", "nightly")["paused"] is True
    assert "paused" not in run_json(target, "resume", "nightly")  # false: omitted in JSON
    job = run_json(target, "trigger", "nightly", "--request-id", "k1")
    assert job["labels"] == {  # type: ignore[comparison-overlap]
        "jobplane.dev/schedule": "nightly",
        "jobplane.dev/nominal-time": job["labels"]["jobplane.dev/nominal-time"],  # type: ignore[index]
    }
    listed = run(target, "list")
    assert listed.exit_code == 0 and "nightly" in listed.stdout
    assert run(target, "delete", "nightly").exit_code == 0
    missing = run(target, "get", "nightly")
    assert missing.exit_code != 0 and "not found" in missing.output
    bad = run(target, "create", "x", "--cron", "61 * * * *", "--type", "demo.echo")
    assert bad.exit_code == ExitCode.USAGE, bad.output
    both = run(target, "create", "x", "--cron", "* * * * *", "--every", "1m", "--type", "demo.echo")
    assert both.exit_code == ExitCode.USAGE


def test_python_client_schedule_methods(target: str) -> None:
    with JobClient(target) as client:
        s = client.create_schedule("py", schedule(job_type="demo.echo", every_s=1.0))
        assert s.spec.interval.seconds == 1
        assert [x.id for x in client.list_schedules('id = "py"')] == ["py"]
        run = client.trigger_schedule("py", request_id="a")
        assert client.trigger_schedule("py", request_id="a").id == run.id
        # Bounded poll: the 1 s schedule makes its first run within a few seconds.
        deadline = time.monotonic() + 10
        while client.get_schedule("py").run_count < 1 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert client.get_schedule("py").run_count >= 1
        s.note = "edited"
        assert client.update_schedule(s, ["note"]).note == "edited"
        assert client.pause_schedule("py").paused
        client.delete_schedule("py")
        assert not list(client.list_schedules())

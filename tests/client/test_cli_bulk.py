"""``jobplane submit --batch FILE.jsonl`` and ``cancel`` / ``retry`` / ``delete`` with
``--filter`` (and ``delete JOB_ID``), in-process against a server child process."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from jobplane.client import JobClient
from jobplane.client._cli_args import ExitCode
from jobplane.v1 import job_pb2 as pb

from .test_cli_live import run, run_json, target  # noqa: F401  (the module's server)


def _lines(path: Path, jobs: list[dict[str, object]]) -> str:
    path.write_text("\n".join(json.dumps(j) for j in jobs) + "\n\n")
    return str(path)


def test_submit_batch_then_act_by_filter(target: str, tmp_path: Path) -> None:  # noqa: F811
    tag = uuid.uuid4().hex[:12]
    jobs = [
        {"type": "demo.fail", "payload": {"times": 9}, "maxAttempts": 1, "labels": {"t": tag}}
        for _ in range(3)
    ]
    result = run(target, "submit", "--batch", _lines(tmp_path / "jobs.jsonl", jobs))
    assert result.exit_code == ExitCode.OK, result.output
    ids = result.stdout.split()
    assert len(ids) == 3 and len(set(ids)) == 3
    for job_id in ids:
        code, job = run_json(target, "wait", job_id, "--timeout", "30s")
        assert job["status"] == "JOB_STATUS_FAILED"
    failed = f'labels.t = "{tag}" AND status = FAILED'
    code, body = run_json(target, "retry", "--filter", failed)
    assert (code, body) == (ExitCode.OK, {"count": 3})
    for job_id in ids:
        run_json(target, "wait", job_id, "--timeout", "30s")
    code, body = run_json(target, "delete", "--filter", f'labels.t = "{tag}"', "--max-jobs", "1")
    assert (code, body) == (ExitCode.OK, {"count": 3})
    code, _ = run_json(target, "get", ids[0])
    assert code == ExitCode.NOT_FOUND


def test_cancel_by_filter_and_delete_one(target: str, tmp_path: Path) -> None:  # noqa: F811
    tag = uuid.uuid4().hex[:12]
    jobs = [{"type": "demo.sleep", "payload": {"seconds": 60}, "labels": {"t": tag}}] * 4
    code, body = run_json(target, "submit", "--batch", _lines(tmp_path / "s.jsonl", jobs))
    assert code == ExitCode.OK and len(body["jobs"]) == 4
    result = run(target, "cancel", "--filter", f'labels.t = "{tag}"', "--force")
    assert result.exit_code == ExitCode.OK and result.stdout.strip() == "canceled 4 jobs"
    job_id = body["jobs"][0]["id"]
    result = run(target, "delete", job_id)
    assert result.exit_code == ExitCode.OK and job_id in result.stdout
    # A live job cannot be deleted; neither both nor none of JOB_ID and --filter.
    live = run(target, "submit", "demo.sleep", "--payload", '{"seconds": 60}').stdout.strip()
    assert run(target, "delete", live).exit_code == ExitCode.CONFLICT
    assert run(target, "delete").exit_code == ExitCode.USAGE
    assert run(target, "cancel", live, "--filter", "status = QUEUED").exit_code == ExitCode.USAGE
    run(target, "cancel", live, "--force")


def test_a_bad_batch_line_is_a_usage_error(target: str, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "bad.jsonl"
    path.write_text('{"type": "demo.echo"}\n{"type": "demo.echo", "nope": 1}\n')
    result = run(target, "submit", "--batch", str(path))
    assert result.exit_code == ExitCode.USAGE and "line 2" in result.output
    bad = _lines(tmp_path / "b.jsonl", [{"type": "demo.echo"}, {"type": "no.such"}])
    result = run(target, "submit", "--batch", bad)
    assert result.exit_code == ExitCode.USAGE and "requests[1]" in result.output


def test_the_client_takes_mappings_of_submits_arguments(target: str) -> None:  # noqa: F811
    with JobClient(target) as client:
        jobs = client.submit_many(
            [
                {"job_type": "demo.echo", "payload": {"a": 1}, "labels": {"k": "v"}},
                {"type": "demo.echo", "priority": 70, "start_paused": True},
            ]
        )
        assert [j.payload["a"] for j in jobs[:1]] == [1] and jobs[0].labels["k"] == "v"
        assert jobs[1].priority == 70 and jobs[1].status == pb.JOB_STATUS_PAUSED
        assert all(j.request_id for j in jobs) and jobs[0].request_id != jobs[1].request_id
        with pytest.raises(TypeError, match="bogus"):
            client.submit_many([{"type": "demo.echo", "bogus": 1}])
        client.cancel(jobs[1].id)

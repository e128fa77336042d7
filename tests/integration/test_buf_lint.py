"""The contract stays lint-clean and backward compatible, and buf.gen.yaml works.

Runs the `buf` binary that `make setup` installs with clients/typescript's npm
dependencies (@bufbuild/buf). Everything here is offline: buf.yaml has no
remote deps, the well-known types are built into buf, and `buf breaking`
reads the baseline straight from the local git repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BUF = REPO / "clients" / "typescript" / "node_modules" / ".bin" / "buf"
TIMEOUT_S = 120


def _buf(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    if not BUF.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{BUF} is missing: run `make setup` (npm install in clients/typescript)")
        pytest.skip(f"{BUF} is missing: run `make setup`")
    env = {**os.environ, "BUF_CACHE_DIR": str(REPO / "build" / "buf-cache")}
    return subprocess.run(
        [str(BUF), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        env=env,
        check=False,
    )


def _ok(res: subprocess.CompletedProcess[str]) -> None:
    assert res.returncode == 0, f"{res.args} exited {res.returncode}:\n{res.stdout}\n{res.stderr}"


def _baseline_ref() -> str:
    """`main` when that branch exists locally (the brief's baseline), else HEAD (detached CI checkouts)."""
    res = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", "refs/heads/main"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    return ".git#branch=main" if res.returncode == 0 else ".git#ref=HEAD"


def test_buf_lint_is_clean() -> None:
    res = _buf("lint")
    _ok(res)
    assert res.stdout.strip() == "", res.stdout


def test_no_breaking_change_against_git() -> None:
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    _ok(_buf("breaking", "--against", _baseline_ref()))


def test_breaking_detects_a_removed_field(tmp_path: Path) -> None:
    """The guard is real: deleting a field from the current contract is reported."""
    image = tmp_path / "baseline.binpb"
    _ok(_buf("build", "-o", str(image)))

    work = tmp_path / "changed"
    shutil.copytree(REPO / "proto", work / "proto", ignore=shutil.ignore_patterns("*.py", "*.pyi"))
    shutil.copy(REPO / "buf.yaml", work / "buf.yaml")
    job = work / "proto" / "jobplane" / "v1" / "job.proto"
    text = job.read_text()
    removed = "  string cancel_reason = 26;\n"
    assert removed in text, "test fixture out of date: Job.cancel_reason = 26 not found"
    job.write_text(text.replace(removed, ""))

    res = _buf("breaking", "--against", str(image), cwd=work)
    assert res.returncode != 0, f"buf breaking missed a deleted field:\n{res.stdout}{res.stderr}"
    assert "cancel_reason" in res.stdout + res.stderr, res.stdout + res.stderr
    assert "FIELD_NO_DELETE" in res.stdout + res.stderr or "deleted" in res.stdout + res.stderr


def test_buf_generate_with_local_plugins(tmp_path: Path) -> None:
    """buf.gen.yaml runs offline with its active (local) plugins."""
    _ok(_buf("generate", "-o", str(tmp_path)))
    out = tmp_path / "clients" / "typescript" / "gen" / "es" / "jobplane" / "v1"
    service = (out / "job_service_pb.ts").read_text()
    assert "JobService" in service
    assert "WatchProgress" in service
    assert (out / "job_pb.ts").exists()

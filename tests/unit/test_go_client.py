"""clients/go: the checked-in generated code is what `make go-proto` produces, and
the Go packages pass gofmt, go vet and their unit tests (`make go-test`).

Go comes from Debian's packages (see .ci/run); without them the tests skip, except
under CI where they must run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GEN = ROOT / "clients" / "go" / "gen"
TOOLS = ("go", "protoc", "protoc-gen-go-grpc", "gofmt")


@pytest.fixture(autouse=True)
def _go_tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Go tools missing under CI: {missing} (.ci/run installs them)")
        pytest.skip(f"Go tools missing: {missing}")


def _make(*args: str) -> subprocess.CompletedProcess[str]:
    res = subprocess.run(
        ["make", "-s", *args], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert res.returncode == 0, f"make {args} exited {res.returncode}:\n{res.stdout}\n{res.stderr}"
    return res


@pytest.mark.timeout(300)
def test_generated_go_is_fresh(tmp_path: Path) -> None:
    _make("go-proto", f"GO_GEN_OUT={tmp_path}")
    fresh = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.go"))
    committed = sorted(p.relative_to(GEN) for p in GEN.rglob("*.go"))
    assert fresh, "protoc produced no Go files"
    assert fresh == committed, "regenerate with `make go-proto`"
    stale = [str(p) for p in fresh if (GEN / p).read_bytes() != (tmp_path / p).read_bytes()]
    assert not stale, f"regenerate with `make go-proto`: {stale}"


@pytest.mark.timeout(300)
def test_go_vet_and_unit_tests() -> None:
    res = _make("go-test")
    assert "ok  \tgithub.com/jobplane/jobplane/clients/go/jobplane" in res.stdout

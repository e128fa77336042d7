"""The checked-in generated code is what `make proto` produces from the .proto files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_generated_python_is_fresh(tmp_path: Path) -> None:
    out = tmp_path / "gen"
    out.mkdir()
    bin_dir = Path(sys.executable).parent
    protos = sorted(
        str(p.relative_to(ROOT / "proto")) for p in (ROOT / "proto/jobplane/v1").glob("*.proto")
    )
    subprocess.run(
        [sys.executable, "-m", "grpc_tools.protoc", "-I", "proto",
         f"--python_out={out}", f"--mypy_out={out}", f"--grpc_python_out={out}", f"--mypy_grpc_out={out}",
         f"--plugin=protoc-gen-mypy={bin_dir / 'protoc-gen-mypy'}",
         f"--plugin=protoc-gen-mypy_grpc={bin_dir / 'protoc-gen-mypy_grpc'}", *protos],
        cwd=ROOT, check=True,
    )  # fmt: skip
    generated = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert generated, "protoc produced nothing"
    stale = [
        str(p) for p in generated if (ROOT / "proto" / p).read_bytes() != (out / p).read_bytes()
    ]
    assert not stale, f"regenerate with `make proto`: {stale}"

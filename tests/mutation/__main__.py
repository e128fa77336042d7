"""``python -m tests.mutation`` (``make mutation``): mutmut over the rule modules.

mutmut imports the mutated copy through ``mutants/src/``, while this project maps
``jobplane.server`` / ``jobplane.v1`` / ``jobplane.client`` from three folders. So the
package is staged as one ``src/jobplane/`` tree in ``build/mutation/`` (with the tests
and pyproject.toml, whose ``[tool.mutmut]`` table lists the modules and their fast
tests), mutmut runs there, and the figure per module is printed at the end.

The run is bounded: ``--budget-s`` (default 1080 s = 18 min) ends it; mutants not run
by then are reported as not checked, never as killed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict

from tests.support import ROOT

STAGE = ROOT / "build" / "mutation"
TREE = {
    "server/jobplane/server": "src/jobplane/server",
    "proto/jobplane/v1": "src/jobplane/v1",
    "clients/python/jobplane/client": "src/jobplane/client",
}
KILLED = {"killed", "timeout", "segfault", "caught by type check"}


def stage() -> None:
    """A fresh copy of the package, tests and config (mutmut keeps its cache in
    ``mutants/``, which stays so an unchanged module is not run again)."""
    STAGE.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "node_modules")
    for src, dst in [*TREE.items(), ("tests", "tests")]:
        shutil.rmtree(STAGE / dst, ignore_errors=True)
        shutil.copytree(ROOT / src, STAGE / dst, ignore=ignore)
    shutil.copy2(ROOT / "pyproject.toml", STAGE / "pyproject.toml")


def results() -> dict[str, str]:
    """mutant name -> status, as ``mutmut results --all true`` prints it."""
    out = subprocess.run(
        [sys.executable, "-m", "mutmut", "results", "--all", "true"],
        cwd=STAGE, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    found: dict[str, str] = {}
    for line in out.splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep and name:
            found[name] = status
    return found


def module_of(mutant: str) -> str:
    """``jobplane.server.domain.lifecycle.x_start__mutmut_3`` -> the module."""
    parts = mutant.split(".")
    return ".".join(p for p in parts[:-1] if not p.startswith("x")) or mutant


def report(found: dict[str, str]) -> int:
    per: dict[str, Counter[str]] = defaultdict(Counter)
    for name, status in found.items():
        per[module_of(name)][status] += 1
    total = Counter[str]()
    print(f"\n{'module':45} {'mutants':>8} {'killed':>7} {'%':>6}  other")
    for module in sorted(per):
        c = per[module]
        total.update(c)
        n = sum(c.values())
        k = sum(c[s] for s in KILLED)
        rest = ", ".join(f"{s} {v}" for s, v in sorted(c.items()) if s not in KILLED)
        print(f"{module:45} {n:8} {k:7} {100 * k / max(n, 1):6.1f}  {rest}")
    n = sum(total.values())
    k = sum(total[s] for s in KILLED)
    print(f"{'all':45} {n:8} {k:7} {100 * k / max(n, 1):6.1f}")
    survivors = sorted(m for m, s in found.items() if s not in KILLED)
    (ROOT / "build" / "mutation-survivors.json").write_text(
        json.dumps({m: found[m] for m in survivors}, indent=1)
    )
    print(f"survivors listed in build/mutation-survivors.json ({len(survivors)}); "
          "see one with: cd build/mutation && ../../.venv/bin/mutmut show NAME")  # fmt: skip
    return 0 if n and k / n >= 0.9 else 1


def main() -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.mutation", description=__doc__)
    ap.add_argument("--budget-s", type=float, default=1080.0)
    ap.add_argument("--max-children", type=int, default=2)
    ap.add_argument("--report-only", action="store_true", help="print the last run's figures")
    args = ap.parse_args()
    if not args.report_only:
        stage()
        t0 = time.monotonic()
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        cmd = [sys.executable, "-m", "mutmut", "run", "--max-children", str(args.max_children)]
        # its own process group, so the budget ends mutmut's forked workers too
        proc = subprocess.Popen(cmd, cwd=STAGE, env=env, start_new_session=True)
        try:
            proc.wait(timeout=args.budget_s)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            print(f"mutation: budget of {args.budget_s:.0f}s spent; unrun mutants are not counted"
                  " as killed", file=sys.stderr)  # fmt: skip
        print(f"mutation: {time.monotonic() - t0:.0f}s", file=sys.stderr)
    return report(results())


if __name__ == "__main__":
    raise SystemExit(main())

"""``python -m tests.bench`` (``make bench``): run the suite, print the table, write JSONL.

python -m tests.bench                       # everything, 3 rounds, 1,000,000-job store
python -m tests.bench --only unary,e2e      # some sections
python -m tests.bench --scale-jobs 200000   # a smaller pre-filled store
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from tests.support import ROOT

from . import sections, servers
from .report import Figure, table, write_jsonl

BUDGET_S = 570.0  # the whole run stays under 10 minutes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__)
    ap.add_argument("--only", default=",".join(sections.ORDER),
                    help=f"comma-separated sections of: {', '.join(sections.ORDER)}")  # fmt: skip
    ap.add_argument("--rounds", type=int, default=3, help="runs per figure (median quoted)")
    ap.add_argument("--scale-jobs", type=int, default=1_000_000)
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "bench.jsonl")
    ap.add_argument("--server-arg", action="append", default=[],
                    help="extra argument for the jobplane server (repeatable)")  # fmt: skip
    ap.add_argument("--no-uvloop", action="store_true",
                    help="run the jobplane servers on asyncio instead of uvloop")  # fmt: skip
    args = ap.parse_args(argv)
    servers.NO_UVLOOP = args.no_uvloop
    chosen = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(chosen) - set(sections.ORDER)
    if unknown:
        ap.error(f"unknown sections: {', '.join(sorted(unknown))}")
    run = sections.Run(
        tmp=Path(tempfile.mkdtemp(prefix="jobplane-bench-")),
        rounds=max(1, args.rounds),
        scale_jobs=args.scale_jobs,
        server_args=tuple(args.server_arg),
        deadline=time.monotonic() + BUDGET_S,
    )
    figures: list[Figure] = []
    t0 = time.monotonic()
    try:
        for name in sections.ORDER:
            if name not in chosen:
                continue
            if time.monotonic() > run.deadline:
                print(f"bench: skipping {name}: time budget spent", file=sys.stderr)
                continue
            s0 = time.monotonic()
            print(f"bench: {name} …", file=sys.stderr, flush=True)
            figures.extend(sections.SECTIONS[name](run))
            write_jsonl(figures, args.out)
            took = time.monotonic() - s0
            print(f"bench: {name} done in {took:.0f}s", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(run.tmp, ignore_errors=True)  # the scale store copy is ~1 GB
    print(table(figures))
    print(f"\n{len(figures)} figures in {time.monotonic() - t0:.0f}s -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

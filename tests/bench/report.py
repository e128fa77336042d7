"""Figures: the table on stdout and one JSON line each in ``build/bench.jsonl``."""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path
from typing import Any


@dataclasses.dataclass(slots=True)
class Figure:
    name: str
    value: float
    unit: str
    #: The goal and which way it points: on ``ratio`` when there is a baseline, else on ``value``.
    goal: float | None = None
    goal_op: str = ""  # ">=" or "<="
    baseline: float | None = None
    runs: list[float] = dataclasses.field(default_factory=list)
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or not self.baseline:
            return None
        return self.value / self.baseline

    @property
    def met(self) -> bool | None:
        if self.goal is None:
            return None
        x = self.ratio if self.baseline is not None else self.value
        if x is None or math.isnan(x):
            return False
        return x >= self.goal if self.goal_op == ">=" else x <= self.goal

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "value": _r(self.value), "unit": self.unit}
        if self.goal is not None:
            out["goal"] = self.goal
            out["goal_op"] = self.goal_op
            out["goal_on"] = "ratio" if self.baseline is not None else "value"
            out["met"] = self.met
        if self.baseline is not None:
            out["baseline"] = _r(self.baseline)
            out["ratio"] = _r(self.ratio)
        if self.runs:
            out["runs"] = [_r(x) for x in self.runs]
        if self.note:
            out["note"] = self.note
        return out


def _r(x: float | None) -> float | None:
    if x is None or math.isnan(x):
        return None
    return round(x, 4)


def _fmt(x: float | None) -> str:
    if x is None or math.isnan(x):
        return "-"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:.3g}" if abs(x) < 10 else f"{x:.1f}"


def table(figures: list[Figure]) -> str:
    rows = [("figure", "value", "unit", "baseline", "ratio", "goal", "met")]
    for f in figures:
        goal = f"{f.goal_op} {_fmt(f.goal)}" + (" (ratio)" if f.baseline is not None else "")
        met = {True: "yes", False: "NO", None: ""}[f.met]
        rows.append(
            (f.name, _fmt(f.value), f.unit, _fmt(f.baseline), _fmt(f.ratio),
             goal if f.goal is not None else "", met)
        )  # fmt: skip
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def write_jsonl(figures: list[Figure], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as f:
        for fig in figures:
            f.write(json.dumps(fig.as_json()) + "\n")

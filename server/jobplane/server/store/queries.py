"""SQL kept in ``.sql`` files beside each store, loaded from package data.

A file holds named queries, each headed by ``-- name: NAME`` (other ``--`` lines are
comments), or is one script (a schema). Before use, ``{…}`` placeholders are filled:

* ``{QUEUED}``, ``{RUNNING}``, … — a :class:`JobStatus` by name, and ``{TERMINAL}`` the
  terminal ones: SQL names states, never numbers. They are rendered as literals, not
  bound, because the partial indexes (``WHERE status = {QUEUED}``) are only used by a
  query whose WHERE clause repeats their condition literally.
* ``{claim_order}`` — :data:`CLAIM_ORDER`, the one claim order both stores use, and the
  order of the index that serves it.
* ``{cols}`` — the ``jobs`` columns in :data:`codec.COLUMNS` order; ``{MAX_PRIORITY}``.
* whatever the store passes as ``fragments`` (SQLite: its placeholder lists).

An unknown upper-case placeholder is an error; other braces (PostgreSQL's ``'{path}'``
JSON paths) are left as they are.
"""

from __future__ import annotations

import re
from importlib import resources

from jobplane.server.domain.model import TERMINAL, JobStatus
from jobplane.server.store import codec

#: Claim order: effective priority (raised by aging, see the ``age`` queries) first,
#: then FIFO by create time, the id breaking ties.
CLAIM_ORDER = "eff_priority DESC, create_time, id"
#: The highest priority the API accepts; aging never lifts a job above it.
MAX_PRIORITY = 100
#: WatchJobs log rows one prune deletes at most (the pruner repeats until done).
PRUNE_BATCH = 10000

_PLACEHOLDER = re.compile(r"\{([A-Za-z_]+)\}")


def _common() -> dict[str, str]:
    out = {s.name: str(int(s)) for s in JobStatus if s is not JobStatus.UNSPECIFIED}
    out["TERMINAL"] = ", ".join(str(int(s)) for s in sorted(TERMINAL))
    out["MAX_PRIORITY"] = str(MAX_PRIORITY)
    out["PRUNE_BATCH"] = str(PRUNE_BATCH)
    out["claim_order"] = CLAIM_ORDER
    out["cols"] = ", ".join(codec.COLUMNS)
    return out


COMMON = _common()


def render(text: str, fragments: dict[str, str] | None = None) -> str:
    """``text`` with its placeholders filled (see the module docstring)."""
    values = COMMON if not fragments else {**COMMON, **fragments}

    def fill(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in values:
            return values[name]
        if name.isupper():
            raise KeyError(f"unknown SQL placeholder {{{name}}}")
        return m.group(0)

    return _PLACEHOLDER.sub(fill, text)


def read(package: str, resource: str) -> str:
    """The raw text of ``resource`` shipped in ``package``."""
    return resources.files(package).joinpath(resource).read_text(encoding="utf-8")


def script(package: str, resource: str, fragments: dict[str, str] | None = None) -> str:
    """A whole file, rendered (a schema or a migration)."""
    return render(read(package, resource), fragments)


def parse(text: str) -> dict[str, str]:
    """The ``-- name:`` blocks of ``text``, unrendered, without their comment lines."""
    out: dict[str, list[str]] = {}
    name = ""
    for line in text.splitlines():
        if line.startswith("-- name:"):
            name = line.split(":", 1)[1].strip()
            if name in out:
                raise ValueError(f"query {name!r} is defined twice")
            out[name] = []
        elif name and not line.lstrip().startswith("--"):
            out[name].append(line)
    return {k: "\n".join(v).strip() for k, v in out.items()}


def named(package: str, resource: str, fragments: dict[str, str] | None = None) -> dict[str, str]:
    """The named queries of ``resource`` in ``package``, rendered."""
    return {k: render(v, fragments) for k, v in parse(read(package, resource)).items()}

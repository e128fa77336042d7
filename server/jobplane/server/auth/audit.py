"""The audit trail: one JSON line per state-changing call, on logger ``jobplane.audit``.

Each line holds: ``time`` (RFC 3339, UTC), ``rpc``, ``principal``, ``role``,
``via`` (token, jwt, mtls, open; null when authentication failed), ``tenant``
(the tenant acted on; ``"*"`` for an admin acting on every tenant), ``job_id``,
``request_id`` (SubmitJob), ``outcome`` (``OK`` or the status code name),
``reason`` (the ErrorInfo reason when the security layer refused the call) and
``peer``. Denied and failed calls are recorded too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from pathlib import Path

from jobplane.server.auth.principal import Principal

log = logging.getLogger("jobplane.audit")


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class AuditRecord:
    """One state-changing call and how it ended."""

    rpc: str
    principal: Principal | None
    tenant: str | None
    job_id: str
    request_id: str
    outcome: str
    reason: str
    peer: str

    def to_json(self) -> str:
        p = self.principal
        return json.dumps(
            {
                "time": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
                "event": "jobplane.audit",
                "rpc": self.rpc,
                "principal": p.name if p else None,
                "role": p.role.label if p else None,
                "via": p.via if p else None,
                "tenant": "*" if self.tenant is None else self.tenant,
                "job_id": self.job_id or None,
                "request_id": self.request_id or None,
                "outcome": self.outcome,
                "reason": self.reason or None,
                "peer": self.peer,
            },
            separators=(",", ":"),
        )


def enabled() -> bool:
    """Whether audit lines are written at all (see Security for the level)."""
    return log.isEnabledFor(logging.INFO)


def write(record: AuditRecord) -> None:
    """Emit ``record`` at INFO on ``jobplane.audit``."""
    if enabled():
        log.info("%s", record.to_json())


def add_file(path: Path) -> logging.Handler:
    """Also append bare JSON lines to ``path`` (for ``--audit-log``)."""
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.setLevel(logging.INFO)
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return handler

"""What a shared store announces after each commit: a job and where it now stands."""

from __future__ import annotations

import dataclasses

from jobplane.server.domain.model import JobStatus


@dataclasses.dataclass(frozen=True, slots=True)
class Notice:
    """ "Job ``job_id`` is now at ``sequence`` (``status``, ``attempt``)": look again."""

    job_id: str
    sequence: int
    status: JobStatus
    attempt: int
    #: Written by this process (its own writes are already published locally).
    local: bool = False

    def line(self) -> str:
        return f"{self.job_id} {self.sequence} {int(self.status)} {self.attempt}"

    @classmethod
    def parse_payload(cls, payload: str, own_origin: str = "") -> list[Notice]:
        """Notices from one NOTIFY payload: an ``@origin`` line, then one notice per
        line; malformed lines are skipped."""
        lines = payload.splitlines()
        local = bool(lines) and lines[0] == f"@{own_origin}"
        out = []
        for line in lines:
            parts = line.split(" ")
            if len(parts) == 4 and parts[1].isdigit() and parts[2].isdigit():
                out.append(
                    cls(parts[0], int(parts[1]), JobStatus(int(parts[2])), int(parts[3]), local)
                )
        return out

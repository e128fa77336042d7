"""Job ids: time-ordered UUIDs (version 7 layout), so ids sort by creation."""

from __future__ import annotations

import os
import re
import time

from jobplane.server.domain import errors

_UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def new_job_id() -> str:
    """A UUIDv7: 48 bits of Unix milliseconds, then random bits."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80 | rand
    value = (value & ~(0xF << 76)) | (0x7 << 76)  # version 7
    value = (value & ~(0x3 << 62)) | (0x2 << 62)  # RFC 4122 variant
    h = f"{value:032x}"  # what str(uuid.UUID(int=value)) gives, without building one
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def check_job_id(job_id: str, field: str = "job_id") -> str:
    """Return ``job_id`` normalised, or raise INVALID_ARGUMENT naming the mistake."""
    if not job_id:
        raise errors.InvalidArgument(
            f"{field} is empty; pass the id returned by SubmitJob",
            reason="INVALID_JOB_ID",
            field=field,
        )
    value = job_id.strip().lower()
    if len(value) > 64 or not _UUID_RE.match(value):
        shown = job_id[:80]
        raise errors.InvalidArgument(
            f"{field} {shown!r} is not a job id (expected a UUID like "
            "'0190a5b2-7c3e-7d41-9a8b-3f2e1d0c9b8a')",
            reason="INVALID_JOB_ID",
            field=field,
        )
    return value

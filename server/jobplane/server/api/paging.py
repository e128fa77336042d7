"""Opaque ListJobs page tokens (AIP-158): the position after the last job sent,
bound to the filter it was made for."""

from __future__ import annotations

import base64
import hashlib
import json
import math

from jobplane.server.api import requests
from jobplane.server.domain import errors


def _filter_key(filter_text: str, tenant: str | None) -> str:
    return hashlib.sha256(f"{tenant}\x00{filter_text}".encode()).hexdigest()[:16]


def make_token(create_time: float, job_id: str, filter_text: str, tenant: str | None) -> str:
    raw = json.dumps([create_time, job_id, _filter_key(filter_text, tenant)], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def read_token(token: str, filter_text: str, tenant: str | None) -> tuple[float, str]:
    bad = errors.InvalidArgumentError(
        "page_token is not one this server issued for this filter; pass next_page_token "
        "unchanged, with the same filter, or start again without a token",
        reason="INVALID_PAGE_TOKEN",
        field="page_token",
    )
    # Bounded before it is decoded: a long token could nest JSON deep enough to
    # exhaust the parser's stack (a RecursionError, not a ValueError).
    if len(token) > requests.MAX_PAGE_TOKEN:
        raise bad
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        create_time, job_id, key = json.loads(raw)
    except (ValueError, TypeError, UnicodeDecodeError, RecursionError):
        raise bad from None
    if key != _filter_key(filter_text, tenant) or not isinstance(job_id, str):
        raise bad
    # A float that binds as a REAL (an int of 400 digits does not; 1e400 is inf).
    if isinstance(create_time, bool) or not isinstance(create_time, int | float):
        raise bad
    try:
        when = float(create_time)
    except OverflowError:
        raise bad from None
    if not math.isfinite(when):
        raise bad
    return when, job_id

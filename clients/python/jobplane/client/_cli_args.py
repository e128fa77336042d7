"""Parsing the CLI's arguments, and its exit codes."""

from __future__ import annotations

import enum
import json
import re
from typing import Any, Final

import click
from jobplane.client._errors import (
    DeadlineExceeded,
    InvalidJobRequest,
    JobNotFound,
    JobplaneError,
    JobStateConflict,
    RequestIdConflict,
    ServerUnavailable,
)
from jobplane.v1 import job_pb2


class ExitCode(enum.IntEnum):
    """What ``jobplane`` exits with; a script can branch on these."""

    OK = 0  # the command worked; for --wait/--watch/wait/watch: the job SUCCEEDED
    ERROR = 1  # any other error (internal, auth, quota, the wait gave up, …)
    USAGE = 2  # bad input: usage, payload, filter, unknown job type, malformed id
    JOB_FAILED = 3  # the job FAILED
    JOB_CANCELED = 4  # the job was CANCELED or EXPIRED
    NOT_FOUND = 5  # no such job
    UNAVAILABLE = 6  # the server could not be reached (or did not answer in time)
    CONFLICT = 7  # the job is not in a state for that (e.g. cancel a finished job)


EXIT_CODE_HELP: Final = "\n".join(
    [
        "\b",
        "Exit codes:",
        "  0  OK (with --wait/--watch, wait, watch: the job succeeded)",
        "  1  other error",
        "  2  bad input or usage",
        "  3  the job failed",
        "  4  the job was canceled or expired",
        "  5  job not found",
        "  6  server unreachable",
        "  7  job not in a state for that operation",
    ]
)

PRIORITY_ALIASES: Final = {"critical": 100, "high": 75, "medium": 50, "low": 25, "background": 10}

_DURATION_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ms|s|m|h|d)")
_UNIT_S: Final = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def exit_code_for_error(exc: JobplaneError) -> ExitCode:
    """The exit code for a failed call."""
    if isinstance(exc, JobNotFound):
        return ExitCode.NOT_FOUND
    if isinstance(exc, InvalidJobRequest | RequestIdConflict):
        return ExitCode.USAGE
    if isinstance(exc, ServerUnavailable | DeadlineExceeded):
        return ExitCode.UNAVAILABLE
    if isinstance(exc, JobStateConflict):
        return ExitCode.CONFLICT
    return ExitCode.ERROR


def exit_code_for_job(job: job_pb2.Job) -> ExitCode:
    """The exit code for a job that was waited for."""
    if job.status == job_pb2.JOB_STATUS_SUCCEEDED:
        return ExitCode.OK
    if job.status == job_pb2.JOB_STATUS_FAILED:
        return ExitCode.JOB_FAILED
    if job.status in (job_pb2.JOB_STATUS_CANCELED, job_pb2.JOB_STATUS_EXPIRED):
        return ExitCode.JOB_CANCELED
    # Not terminal: the wait gave up first.
    return ExitCode.ERROR


def parse_duration_s(text: str) -> float:
    """``"30s"``, ``"5m"``, ``"1h30m"``, ``"250ms"`` or plain seconds (``"12.5"``)."""
    text = text.strip().lower()
    try:
        seconds = float(text)
    except ValueError:
        parts = _DURATION_PART.findall(text)
        if not parts or "".join(n + u for n, u in parts) != text:
            raise ValueError(f"not a duration: {text!r} (try 30s, 5m, 1h30m)") from None
        seconds = sum(float(n) * _UNIT_S[u] for n, u in parts)
    if seconds < 0:
        raise ValueError("a duration cannot be negative")
    return seconds


def duration_option(
    ctx: click.Context, param: click.Parameter, value: str | float | None
) -> float | None:
    """A click callback for :func:`parse_duration_s` (``None`` stays ``None``)."""
    if value is None or isinstance(value, float | int):
        return None if value is None else float(value)
    try:
        return parse_duration_s(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx, param) from None


def priority_option(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    """A click callback: 0..100 or an alias (critical 100, high 75, medium 50, low 25,
    background 10)."""
    if value is None:
        return None
    text = value.strip().lower()
    if text in PRIORITY_ALIASES:
        return PRIORITY_ALIASES[text]
    try:
        number = int(text)
    except ValueError:
        aliases = ", ".join(PRIORITY_ALIASES)
        raise click.BadParameter(
            f"{value!r} is not 0..100 nor one of {aliases}", ctx, param
        ) from None
    if not 0 <= number <= 100:
        raise click.BadParameter(f"{number} is not in 0..100", ctx, param)
    return number


def parse_labels(values: tuple[str, ...]) -> dict[str, str]:
    """``("team=ml", "env=dev")`` → ``{"team": "ml", "env": "dev"}``."""
    labels: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{item!r} is not key=value", param_hint="--label")
        labels[key.strip()] = value
    return labels


def parse_payload(text: str | None, *, source: str) -> dict[str, Any]:
    """A JSON object from ``text`` (empty → ``{}``); ``source`` names it in errors."""
    if text is None or not text.strip():
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise click.BadParameter(f"not valid JSON: {exc}", param_hint=source) from exc
    if not isinstance(value, dict):
        raise click.BadParameter("the payload must be a JSON object", param_hint=source)
    return value

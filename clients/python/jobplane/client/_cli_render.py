"""What the CLI prints: proto JSON for scripts, rich tables and a live progress bar for people."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from datetime import UTC
from typing import Any

import click
from google.protobuf import json_format
from google.protobuf.message import Message
from jobplane.client._errors import JobplaneError
from jobplane.v1 import job_pb2, job_service_pb2
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

_STATUS_STYLE = {
    "SUCCEEDED": "green",
    "FAILED": "red",
    "CANCELED": "yellow",
    "EXPIRED": "yellow",
    "RUNNING": "cyan",
    "RETRYING": "magenta",
    "STALLED": "magenta",
    "PAUSED": "blue",
}


def status_name(status: job_pb2.JobStatus.ValueType) -> str:
    """``JOB_STATUS_RUNNING`` → ``RUNNING``."""
    return job_pb2.JobStatus.Name(status).removeprefix("JOB_STATUS_")


def to_json(message: Message) -> dict[str, Any]:
    """A message as proto JSON (the mapping grpcurl and every gRPC gateway use)."""
    return json_format.MessageToDict(message)


def print_json(document: Any) -> None:
    """Print one JSON document on stdout."""
    click.echo(json.dumps(document, indent=2, sort_keys=True))


def error_json(exc: JobplaneError) -> dict[str, Any]:
    """The ``{"error": …}`` document printed for a failed call under ``--json``."""
    error: dict[str, Any] = {"code": exc.code, "reason": exc.reason, "message": exc.message}
    if exc.metadata:
        error["metadata"] = exc.metadata
    if exc.field_violations:
        error["fieldViolations"] = [{"field": f, "description": d} for f, d in exc.field_violations]
    return {"error": error}


def print_error(console: Console, exc: JobplaneError) -> None:
    """Print a failed call for a person (on the error console)."""
    console.print(f"[bold red]error:[/] {escape(str(exc))}")
    for field, description in exc.field_violations:
        if description not in exc.message:  # often the same words as the message
            console.print(f"  {escape(field)}: {escape(description)}")


def _styled_status(status: job_pb2.JobStatus.ValueType) -> Text:
    name = status_name(status)
    return Text(name, style=_STATUS_STYLE.get(name, ""))


def _time(stamp: Any, present: bool) -> str:
    if not present:
        return "-"
    return str(stamp.ToDatetime(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M:%S"))


def _result_text(job: job_pb2.Job) -> Text | None:
    which = job.WhichOneof("result")
    if which == "output":
        return Text(json.dumps(json_format.MessageToDict(job.output), sort_keys=True))
    if which == "error":
        reason = job.error.reason or job.error.code
        return Text(f"{reason}: {job.error.message}", style="red")
    return None


def print_job(console: Console, job: job_pb2.Job) -> None:
    """Print one job as a two-column sheet."""
    sheet = Table.grid(padding=(0, 2))
    sheet.add_column(style="bold")
    sheet.add_column()
    sheet.add_row("id", job.id)
    sheet.add_row("type", job.type)
    sheet.add_row("status", _styled_status(job.status))
    sheet.add_row("priority", str(job.priority))
    if job.labels:
        sheet.add_row("labels", ", ".join(f"{k}={v}" for k, v in sorted(job.labels.items())))
    sheet.add_row("attempt", f"{job.attempt}/{job.max_attempts}")
    if job.HasField("progress"):
        p = job.progress
        sheet.add_row("progress", f"{p.percent:.0f}% ({p.current:g}/{p.total:g}) {p.message}")
    sheet.add_row("created", _time(job.create_time, job.HasField("create_time")))
    sheet.add_row("started", _time(job.start_time, job.HasField("start_time")))
    sheet.add_row("ended", _time(job.end_time, job.HasField("end_time")))
    if job.cancel_reason:
        sheet.add_row("cancel reason", job.cancel_reason)
    result = _result_text(job)
    if result is not None:
        sheet.add_row("output" if job.HasField("output") else "error", result)
    console.print(sheet)


def _age(job: job_pb2.Job) -> str:
    if not job.HasField("create_time"):
        return "-"
    seconds = max(0.0, time.time() - job.create_time.ToNanoseconds() / 1e9)
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size:.0f}{unit}"
    return f"{seconds:.0f}s"


def print_jobs(console: Console, jobs: Iterable[job_pb2.Job]) -> int:
    """Print jobs as a table (kubectl-like, full ids so they can be copied); return how many."""
    table = Table(box=None, header_style="bold", pad_edge=False)
    for name in ("ID", "TYPE", "STATUS", "PRI", "PROG", "TRY", "AGE"):
        table.add_column(name, no_wrap=True, overflow="fold" if name == "TYPE" else "ellipsis")
    count = 0
    for job in jobs:
        count += 1
        percent = f"{job.progress.percent:.0f}%" if job.HasField("progress") else "-"
        table.add_row(
            job.id,
            job.type,
            _styled_status(job.status),
            str(job.priority),
            percent,
            f"{job.attempt}/{job.max_attempts}",
            _age(job),
        )
    console.print(table if count else Text("no jobs", style="dim"))
    return count


def print_outcome(console: Console, job: job_pb2.Job) -> None:
    """The last lines of a wait or watch: the final status and the result."""
    line = Text.assemble("job ", (job.id, "bold"), " ", _styled_status(job.status))
    if job.max_attempts:
        line.append(f" after {job.attempt}/{job.max_attempts} attempt(s)")
    console.print(line)
    result = _result_text(job)
    if result is not None:
        console.print(Text.assemble(("output: " if job.HasField("output") else "error: "), result))


class _RateColumn(ProgressColumn):
    """Units per second, from rich's own speed estimate."""

    def render(self, task: Task) -> Text:
        speed = task.speed
        return Text(f"{speed:.2f}/s" if speed is not None else "-/s", style="progress.data.speed")


class WatchView:
    """Shows watch events: a live progress bar on a terminal, one plain line each otherwise."""

    def __init__(self, console: Console, job_id: str) -> None:
        self._console = console
        self._live = console.is_terminal
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        if self._live:
            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TaskProgressColumn(),
                MofNCompleteColumn(),
                _RateColumn(),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                TextColumn("{task.fields[note]}", style="dim"),
                console=console,
                transient=False,
            )
            self._progress.start()
            self._task = self._progress.add_task(job_id[:8], total=None, note="")

    def update(self, event: job_service_pb2.WatchProgressResponse) -> None:
        """Show one event."""
        status = status_name(event.status)
        progress = event.progress
        if self._progress is None or self._task is None:
            self._console.print(
                f"[{event.sequence}] {status} {progress.percent:.0f}% "
                f"({progress.current:g}/{progress.total:g}) {escape(progress.message)}".rstrip(),
                highlight=False,
            )
            return
        self._progress.update(
            self._task,
            description=status,
            total=progress.total or None,
            completed=progress.current,
            note=progress.message,
        )

    def close(self) -> None:
        """Stop the live display (the bar stays on screen)."""
        if self._progress is not None:
            self._progress.stop()

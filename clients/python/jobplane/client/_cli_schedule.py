"""``jobplane schedule …``: create, list, get, update, pause, resume, trigger, delete.

Loaded by ``cli.main`` on first use (like ``serve``). Each run of a schedule is a
normal job: ``jobplane list --filter 'labels."jobplane.dev/schedule" = "ID"'``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC
from typing import Any, TypeVar

import click
from google.protobuf import json_format, struct_pb2
from jobplane.client._cli_args import EXIT_CODE_HELP, duration_option, parse_labels, parse_payload
from jobplane.client._cli_render import print_json, to_json
from jobplane.client._schedules import OVERLAP
from jobplane.client.cli import Session, _common_options
from jobplane.v1 import schedule_service_pb2 as spb
from rich.table import Table
from rich.text import Text

_F = TypeVar("_F", bound=Callable[..., Any])
_OVERLAP_NAMES = {v: k for k, v in OVERLAP.items()}


def _spec_options(command: _F) -> _F:
    """The options create and update share; on update, only those given change."""
    options = [
        click.option("--cron", help="5 fields, or 6 with seconds first: '0 9 * * MON-FRI'."),
        click.option(
            "--every", "every_s", metavar="DURATION", callback=duration_option, help="30s, 5m, 1h…"
        ),
        click.option("--tz", "time_zone", help="IANA time zone of the cron (default UTC)."),
        click.option("--type", "job_type", help="The job type each run submits."),
        click.option("--payload", "-p", help="Each run's payload, a JSON object."),
        click.option("--label", "labels", multiple=True, metavar="KEY=VALUE"),
        click.option("--overlap", type=click.Choice(sorted(OVERLAP)), help="Default: skip."),
        click.option(
            "--catchup",
            "catchup_s",
            metavar="DURATION",
            callback=duration_option,
            help="After downtime, create runs at most this late (default 1m).",
        ),
        click.option(
            "--jitter", "jitter_s", metavar="DURATION", callback=duration_option, help="Spread."
        ),
        click.option("--note", help="Free text."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _build(options: dict[str, Any]) -> tuple[spb.Schedule, list[str]]:
    """The schedule the options describe, and the mask paths they set."""
    s = spb.Schedule()
    paths: list[str] = []
    if options["cron"] is not None:
        s.spec.cron = options["cron"]
        paths.append("spec.cron")
    if options["every_s"] is not None:
        s.spec.interval.FromNanoseconds(round(options["every_s"] * 1e9))
        paths.append("spec.interval")
    if options["time_zone"] is not None:
        s.spec.time_zone = options["time_zone"]
        paths.append("spec.time_zone")
    if options["jitter_s"] is not None:
        s.spec.jitter.FromNanoseconds(round(options["jitter_s"] * 1e9))
        paths.append("spec.jitter")
    if options["job_type"] is not None:
        s.job.type = options["job_type"]
        paths.append("job.type")
    if options["payload"] is not None:
        body = struct_pb2.Struct()
        body.update(parse_payload(options["payload"], source="--payload"))
        s.job.payload.CopyFrom(body)
        paths.append("job.payload")
    if options["labels"]:
        s.job.labels.update(parse_labels(options["labels"]))
        paths.append("job.labels")
    if options["overlap"] is not None:
        s.overlap_policy = OVERLAP[options["overlap"]]
        paths.append("overlap_policy")
    if options["catchup_s"] is not None:
        s.catchup_window.FromNanoseconds(round(options["catchup_s"] * 1e9))
        paths.append("catchup_window")
    if options["note"] is not None:
        s.note = options["note"]
        paths.append("note")
    return s, paths


def _when(stamp: Any) -> str:
    return str(stamp.ToDatetime(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M:%S"))


def _every(s: spb.Schedule) -> str:
    if s.spec.WhichOneof("recurrence") == "cron":
        zone = f" ({s.spec.time_zone})" if s.spec.time_zone else ""
        return f"cron {s.spec.cron}{zone}"
    return f"every {s.spec.interval.ToNanoseconds() / 1e9:g}s"


def _show(session: Session, s: spb.Schedule) -> None:
    if session.json:
        print_json(to_json(s))
        return
    sheet = Table.grid(padding=(0, 2))
    sheet.add_column(style="bold")
    sheet.add_column()
    sheet.add_row("id", s.id)
    sheet.add_row("when", _every(s))
    sheet.add_row("job", f"{s.job.type} {json_format.MessageToJson(s.job.payload, indent=None)}")
    sheet.add_row("overlap", _OVERLAP_NAMES.get(s.overlap_policy, "skip"))
    sheet.add_row("catch-up", f"{s.catchup_window.ToNanoseconds() / 1e9:g}s")
    sheet.add_row("paused", "yes" if s.paused else "no")
    if s.note:
        sheet.add_row("note", s.note)
    sheet.add_row("next", ", ".join(_when(t) for t in s.next_run_times[:3]) or "-")
    sheet.add_row("last", _when(s.last_run_time) if s.HasField("last_run_time") else "-")
    sheet.add_row("last job", s.last_job_id or "-")
    sheet.add_row(
        "runs", f"{s.run_count} (missed {s.missed_run_count}, skipped {s.overlap_skip_count})"
    )
    session.out.print(sheet)


def _table(session: Session, schedules: Iterable[spb.Schedule]) -> None:
    table = Table(box=None, header_style="bold", pad_edge=False)
    for name in ("ID", "WHEN", "TYPE", "PAUSED", "NEXT", "RUNS"):
        table.add_column(name, no_wrap=True)
    count = 0
    for s in schedules:
        count += 1
        nxt = _when(s.next_run_times[0]) if s.next_run_times else "-"
        paused = "yes" if s.paused else "no"
        table.add_row(s.id, _every(s), s.job.type, paused, nxt, str(s.run_count))
    session.out.print(table if count else Text("no schedules", style="dim"))


@click.group(epilog=EXIT_CODE_HELP)
def schedule() -> None:
    """Cron and interval schedules; each run is a normal job."""


@schedule.command(epilog=EXIT_CODE_HELP)
@click.argument("schedule_id")
@_spec_options
@click.option("--paused", is_flag=True, help="Create it paused.")
@_common_options
def create(session: Session, schedule_id: str, paused: bool, **options: Any) -> None:
    """Create a schedule: --cron or --every, and --type."""
    if (options["cron"] is None) == (options["every_s"] is None):
        raise click.UsageError("give exactly one of --cron and --every")
    if options["job_type"] is None:
        raise click.UsageError("--type is required")
    s, _ = _build(options)
    s.paused = paused
    with session.client() as client:
        _show(session, client.create_schedule(schedule_id, s))


@schedule.command(epilog=EXIT_CODE_HELP)
@click.argument("schedule_id")
@_spec_options
@_common_options
def update(session: Session, schedule_id: str, **options: Any) -> None:
    """Change the fields given (the others stay)."""
    s, paths = _build(options)
    if not paths:
        raise click.UsageError("nothing to change: give at least one option")
    s.id = schedule_id
    with session.client() as client:
        _show(session, client.update_schedule(s, paths))


@schedule.command("list", epilog=EXIT_CODE_HELP)
@click.option("--filter", "filter_", default="", help="AIP-160, e.g. 'paused = true'.")
@_common_options
def list_schedules(session: Session, filter_: str) -> None:
    """List schedules by id."""
    with session.client() as client:
        found = list(client.list_schedules(filter_))
    if session.json:
        print_json({"schedules": [to_json(s) for s in found]})
    else:
        _table(session, found)


def _by_id(name: str, doc: str, call: Callable[[Any, str], spb.Schedule | None]) -> None:
    @schedule.command(name, help=doc, epilog=EXIT_CODE_HELP)
    @click.argument("schedule_id")
    @_common_options
    def command(session: Session, schedule_id: str) -> None:
        with session.client() as client:
            s = call(client, schedule_id)
        if s is not None:
            _show(session, s)
        elif session.json:
            print_json({})
        else:
            session.out.print(f"deleted {schedule_id}")


_by_id("get", "Show one schedule.", lambda c, i: c.get_schedule(i))
_by_id("pause", "Stop new runs.", lambda c, i: c.pause_schedule(i))
_by_id("resume", "Create runs again from the next nominal time.", lambda c, i: c.resume_schedule(i))
_by_id("delete", "Delete a schedule (its jobs stay).", lambda c, i: c.delete_schedule(i))


@schedule.command(epilog=EXIT_CODE_HELP)
@click.argument("schedule_id")
@click.option("--request-id", default="", help="Idempotency key: the same key, the same run.")
@_common_options
def trigger(session: Session, schedule_id: str, request_id: str) -> None:
    """Create a run now; print its job id."""
    with session.client() as client:
        job = client.trigger_schedule(schedule_id, request_id=request_id)
    if session.json:
        print_json(to_json(job))
    else:
        session.out.print(job.id)

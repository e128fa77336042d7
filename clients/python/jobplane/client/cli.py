"""``jobplane``: submit, inspect, cancel and watch jobs from a shell.

Every command takes ``--target`` (``JOBPLANE_TARGET``, default 127.0.0.1:50051),
``--token`` (``JOBPLANE_TOKEN``), the TLS files, and ``--json`` to print exactly
one JSON document (proto JSON) on stdout instead of tables and progress bars.

Exit codes:

====  =====================================================================
0     OK; after ``--wait``/``--watch``, ``wait`` and ``watch``: the job SUCCEEDED
1     any other error (internal, auth, quota, the wait gave up, …)
2     bad input or usage (bad JSON, unknown job type, malformed id, bad filter)
3     the job FAILED
4     the job was CANCELED or EXPIRED
5     no such job
6     the server could not be reached
7     the job is not in a state for that operation (e.g. cancel a finished job)
====  =====================================================================
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click
from jobplane.client import _cli_bulk
from jobplane.client._async_client import DEFAULT_WAIT_S
from jobplane.client._cli_args import (
    EXIT_CODE_HELP,
    duration_option,
    exit_code_for_job,
    parse_labels,
    parse_payload,
    priority_option,
)
from jobplane.client._cli_render import (
    WatchView,
    print_jobs,
    print_json,
    print_outcome,
    to_json,
)
from jobplane.client._cli_server import ServerCommands
from jobplane.client._cli_session import Session, common_options
from jobplane.client._status import is_terminal
from jobplane.client._sync_client import JobClient
from jobplane.v1 import job_pb2

_F = TypeVar("_F", bound=Callable[..., Any])


@click.group(
    cls=ServerCommands,
    epilog=EXIT_CODE_HELP,
    context_settings={"help_option_names": ["-h", "--help"]},
)
def main() -> None:
    """jobplane: a job control plane spoken over gRPC."""


#: What the live view asks for: at most one progress event per this many seconds.
VIEW_INTERVAL_S = 0.1


def _follow(session: Session, client: JobClient, job_id: str, *, watch: bool) -> None:
    """Wait for (or watch) a job to its end, print the outcome, exit with its code."""
    final: job_pb2.Job | None = None
    if watch and not session.json:
        view = WatchView(session.out, job_id)
        try:
            # A person reads at most ~10 updates a second: ask for no more progress.
            for event in client.watch(job_id, progress_interval_s=VIEW_INTERVAL_S):
                view.update(event)
                if is_terminal(event.status) and event.HasField("job"):
                    final = event.job
        finally:
            view.close()
        if final is None:  # the terminal event carried no job: read it
            final = client.get(job_id)
    else:
        final = client.wait(job_id, timeout_s=DEFAULT_WAIT_S)
    if session.json:
        print_json(to_json(final))
    else:
        print_outcome(session.out, final)
    raise SystemExit(exit_code_for_job(final))


def _read_payload(payload: str | None, payload_file: str | None, stdin: str | None) -> str | None:
    given = [s for s in (payload, payload_file, stdin) if s is not None]
    if len(given) > 1:
        raise click.UsageError("give the payload once: --payload, --payload-file or -")
    if stdin is not None:
        if stdin != "-":
            raise click.UsageError(f"unexpected argument {stdin!r} (use - for stdin)")
        return sys.stdin.read()
    if payload_file is not None:
        with click.open_file(payload_file) as handle:
            return str(handle.read())
    return payload


@main.command(epilog=EXIT_CODE_HELP)
@click.argument("job_type", metavar="TYPE", required=False)
@click.argument("stdin", metavar="[-]", required=False)
@click.option(
    "--batch",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Submit every job of a JSON-lines file (one SubmitJobRequest per line); each "
    "1,000 lines are one all-or-nothing call. Prints the job ids in order.",
)
@click.option("--payload", "-p", help="The payload as a JSON object.")
@click.option("--payload-file", "-f", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--priority",
    callback=priority_option,
    metavar="PRIORITY",
    help="0..100 or critical|high|medium|low|background.",
)
@click.option("--label", "labels", multiple=True, metavar="KEY=VALUE", help="Repeatable.")
@click.option(
    "--timeout",
    "timeout_s",
    metavar="DURATION",
    callback=duration_option,
    help="Per-attempt timeout: 30s, 5m…",
)
@click.option("--max-attempts", type=click.IntRange(min=0), default=0, help="0: server default.")
@click.option(
    "--ttl",
    "ttl_s",
    metavar="DURATION",
    callback=duration_option,
    help="Expire if still queued after this.",
)
@click.option("--paused", is_flag=True, help="Submit the job PAUSED.")
@click.option("--request-id", help="Idempotency key (default: a fresh UUID).")
@click.option("--wait", is_flag=True, help="Wait for the job to end; exit with its outcome.")
@click.option("--watch", is_flag=True, help="Show progress until the job ends.")
@common_options
def submit(
    session: Session,
    job_type: str | None,
    batch: str | None,
    stdin: str | None,
    payload: str | None,
    payload_file: str | None,
    labels: tuple[str, ...],
    wait: bool,
    watch: bool,
    **options: Any,
) -> None:
    """Submit a job of TYPE; the payload comes from --payload, --payload-file or - (stdin)."""
    if (batch is None) == (job_type is None):
        raise click.UsageError("give a TYPE or --batch FILE.jsonl")
    if batch is not None:
        with session.client() as client:
            jobs = list(_cli_bulk.submit_batch(client, batch))
        _show_ids(session, jobs)
        return
    assert job_type is not None
    body = parse_payload(_read_payload(payload, payload_file, stdin), source="payload")
    label_map = parse_labels(labels)
    with session.client() as client:
        job = client.submit(
            job_type,
            body,
            labels=label_map,
            priority=options["priority"],
            timeout_s=options["timeout_s"],
            max_attempts=options["max_attempts"],
            ttl_s=options["ttl_s"],
            start_paused=options["paused"],
            request_id=options["request_id"],
        )
        if wait or watch:
            if not session.json:
                session.err.print(f"submitted {job.id}")
            _follow(session, client, job.id, watch=watch)
        elif session.json:
            print_json(to_json(job))
        else:
            session.out.print(job.id)


@main.command(epilog=EXIT_CODE_HELP)
@click.argument("job_id")
@common_options
def get(session: Session, job_id: str) -> None:
    """Show one job."""
    with session.client() as client:
        session.show_job(client.get(job_id))


@main.command("list", epilog=EXIT_CODE_HELP)
@click.option("--filter", "filter_", default="", help="AIP-160, e.g. 'status = FAILED'.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@common_options
def list_jobs(session: Session, filter_: str, limit: int) -> None:
    """List jobs, newest first."""
    with session.client() as client:
        jobs = list(client.list(filter_, page_size=min(limit, 1000), limit=limit))
        if session.json:
            print_json({"jobs": [to_json(job) for job in jobs]})
        else:
            print_jobs(session.out, jobs)


def _show_ids(session: Session, jobs: list[job_pb2.Job]) -> None:
    if session.json:
        print_json({"jobs": [to_json(job) for job in jobs]})
    else:
        session.out.print("\n".join(job.id for job in jobs))


def _by_filter(
    session: Session,
    verb: str,
    job_id: str | None,
    filter_: str | None,
    max_jobs: int,
    **options: object,
) -> str | None:
    """With --filter: run ``verb`` on every matching job, print the count and return
    None; else the one JOB_ID to act on."""
    if (job_id is None) == (filter_ is None):
        raise click.UsageError("give a JOB_ID or --filter, not both")
    if filter_ is None:
        return job_id
    with session.client() as client:
        count, line = _cli_bulk.many(client, verb, filter_, max_jobs, **options)
    if session.json:
        print_json({"count": count})
    else:
        session.out.print(line)
    return None


_FILTER = click.option(
    "--filter", "filter_", help="Act on every job matching this AIP-160 filter instead."
)
_MAX_JOBS = click.option(
    "--max-jobs", type=click.IntRange(0, 10_000), default=0, help="Jobs per call (0: 1,000)."
)


@main.command(epilog=EXIT_CODE_HELP)
@click.argument("job_id", required=False)
@_FILTER
@_MAX_JOBS
@click.option("--force", is_flag=True, help="Stop a running handler at once.")
@click.option("--reason", default="", help="Why; kept on the job.")
@common_options
def cancel(
    session: Session,
    job_id: str | None,
    filter_: str | None,
    max_jobs: int,
    force: bool,
    reason: str,
) -> None:
    """Cancel a job, or every live job matching --filter."""
    job_id = _by_filter(session, "cancel", job_id, filter_, max_jobs, force=force, reason=reason)
    if job_id is None:
        return
    with session.client() as client:
        session.show_job(client.cancel(job_id, force=force, reason=reason))


@main.command(epilog=EXIT_CODE_HELP)
@click.argument("job_id", required=False)
@_FILTER
@_MAX_JOBS
@common_options
def delete(session: Session, job_id: str | None, filter_: str | None, max_jobs: int) -> None:
    """Delete a finished job, or every finished job matching --filter."""
    job_id = _by_filter(session, "delete", job_id, filter_, max_jobs)
    if job_id is None:
        return
    with session.client() as client:
        client.delete(job_id)
    if session.json:
        print_json({"count": 1})
    else:
        session.out.print(f"deleted {job_id}")


@main.command(epilog=EXIT_CODE_HELP)
@click.argument("job_id")
@common_options
def pause(session: Session, job_id: str) -> None:
    """Hold a queued job."""
    with session.client() as client:
        session.show_job(client.pause(job_id))


@main.command(epilog=EXIT_CODE_HELP)
@click.argument("job_id")
@common_options
def resume(session: Session, job_id: str) -> None:
    """Put a paused job back in the queue."""
    with session.client() as client:
        session.show_job(client.resume(job_id))


@main.command(epilog=EXIT_CODE_HELP)
@click.argument("job_id", required=False)
@_FILTER
@_MAX_JOBS
@click.option("--attempts", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--wait", is_flag=True, help="Wait for the job to end; exit with its outcome.")
@click.option("--watch", is_flag=True, help="Show progress until the job ends.")
@common_options
def retry(
    session: Session,
    job_id: str | None,
    filter_: str | None,
    max_jobs: int,
    attempts: int,
    wait: bool,
    watch: bool,
) -> None:
    """Re-queue a failed, canceled or expired job, or every one matching --filter."""
    job_id = _by_filter(session, "retry", job_id, filter_, max_jobs)
    if job_id is None:
        return
    with session.client() as client:
        job = client.retry(job_id, additional_attempts=attempts)
        if wait or watch:
            _follow(session, client, job.id, watch=watch)
        session.show_job(job)


@main.command(epilog=EXIT_CODE_HELP)
@click.argument("job_id")
@common_options
def watch(session: Session, job_id: str) -> None:
    """Show a job's progress until it ends; exit with its outcome."""
    with session.client() as client:
        _follow(session, client, job_id, watch=True)


@main.command(epilog=EXIT_CODE_HELP)
@click.argument("job_id")
@click.option(
    "--timeout",
    "timeout_s",
    metavar="DURATION",
    callback=duration_option,
    default="24h",
    show_default=True,
)
@common_options
def wait(session: Session, job_id: str, timeout_s: float) -> None:
    """Wait for a job to end; exit with its outcome (1 if --timeout passes first)."""
    with session.client() as client:
        job = client.wait(job_id, timeout_s=timeout_s)
        if session.json:
            print_json(to_json(job))
        else:
            print_outcome(session.out, job)
        raise SystemExit(exit_code_for_job(job))

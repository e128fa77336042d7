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

import functools
import importlib
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click
from jobplane.client import _server_extra
from jobplane.client._async_client import DEFAULT_WAIT_S
from jobplane.client._cli_args import (
    EXIT_CODE_HELP,
    ExitCode,
    duration_option,
    exit_code_for_error,
    exit_code_for_job,
    parse_labels,
    parse_payload,
    priority_option,
)
from jobplane.client._cli_render import (
    WatchView,
    error_json,
    print_error,
    print_job,
    print_jobs,
    print_json,
    print_outcome,
    to_json,
)
from jobplane.client._config import DEFAULT_TARGET, TlsConfig
from jobplane.client._errors import JobplaneError
from jobplane.client._status import is_terminal
from jobplane.client._sync_client import JobClient
from jobplane.v1 import job_pb2
from rich.console import Console

_F = TypeVar("_F", bound=Callable[..., Any])


class Session:
    """What every command gets: a client factory, the output mode and the consoles."""

    def __init__(
        self,
        *,
        target: str,
        token: str | None,
        tls: TlsConfig | None,
        json: bool,
        tenant: str | None = None,
    ):
        self.target = target
        self.token = token
        self.tenant = tenant
        self.tls = tls
        self.json = json
        # Not a terminal: do not squeeze tables into rich's 80-column default.
        self.out = Console(highlight=False)
        if not self.out.is_terminal:
            self.out = Console(highlight=False, width=200)
        self.err = Console(stderr=True, highlight=False)

    @contextmanager
    def client(self) -> Iterator[JobClient]:
        """A connected client; a failed call exits with its mapped code."""
        try:
            with JobClient(
                self.target, token=self.token, tls=self.tls, tenant=self.tenant
            ) as client:
                yield client
        except JobplaneError as exc:
            if self.json:
                print_json(error_json(exc))
            else:
                print_error(self.err, exc)
            raise SystemExit(exit_code_for_error(exc)) from None

    def show_job(self, job: job_pb2.Job) -> None:
        """Print one job (a sheet, or its JSON)."""
        if self.json:
            print_json(to_json(job))
        else:
            print_job(self.out, job)


def _pem_option(flag: str, envvar: str, help: str) -> Callable[[_F], _F]:
    path = click.Path(exists=True, dir_okay=False)
    return click.option(flag, envvar=envvar, type=path, help=f"{help} [env {envvar}]")


def _common_options(command: _F) -> _F:
    options = [
        click.option(
            "--target",
            envvar="JOBPLANE_TARGET",
            default=DEFAULT_TARGET,
            show_default=True,
            help="Server address host:port [env JOBPLANE_TARGET].",
        ),
        click.option("--token", envvar="JOBPLANE_TOKEN", help="Bearer token [env JOBPLANE_TOKEN]."),
        click.option(
            "--tenant",
            envvar="JOBPLANE_TENANT",
            help="Admins: the tenant to act on, '*' for all (reads) [env JOBPLANE_TENANT].",
        ),
        click.option(
            "--tls", is_flag=True, envvar="JOBPLANE_TLS", help="Use TLS [env JOBPLANE_TLS]."
        ),
        _pem_option("--tls-ca", "JOBPLANE_TLS_CA", "CA bundle (PEM) to verify the server."),
        _pem_option("--tls-cert", "JOBPLANE_TLS_CERT", "Client certificate (PEM), for mTLS."),
        _pem_option("--tls-key", "JOBPLANE_TLS_KEY", "Client key (PEM), for mTLS."),
        click.option("--json", "as_json", is_flag=True, help="Print one JSON document."),
    ]

    @functools.wraps(command)
    def run(
        target: str,
        token: str | None,
        tenant: str | None,
        tls: bool,
        tls_ca: str | None,
        tls_cert: str | None,
        tls_key: str | None,
        as_json: bool,
        **kwargs: Any,
    ) -> Any:
        tls_config = None
        if tls or tls_ca or tls_cert or tls_key:
            try:
                tls_config = TlsConfig(
                    root_ca=Path(tls_ca) if tls_ca else None,
                    client_cert=Path(tls_cert) if tls_cert else None,
                    client_key=Path(tls_key) if tls_key else None,
                )
            except ValueError as exc:
                raise click.UsageError(str(exc)) from None
        session = Session(target=target, token=token, tls=tls_config, json=as_json, tenant=tenant)
        return command(session, **kwargs)

    decorated: Callable[..., Any] = run
    for option in reversed(options):
        decorated = option(decorated)
    return decorated  # type: ignore[return-value]


class _Cli(click.Group):
    """The command group; ``serve`` and ``migrate`` come from the server package, loaded
    only when asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *_SERVER_COMMANDS, *_LATER_COMMANDS])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in _SERVER_COMMANDS:
            return _load_server_command(cmd_name)
        if cmd_name in _LATER_COMMANDS:
            module, attr = _LATER_COMMANDS[cmd_name]
            command: click.Command = getattr(importlib.import_module(module), attr)
            return command
        return super().get_command(ctx, cmd_name)


#: Commands loaded only when asked for: name -> (module, attribute). ``worker`` lives
#: in jobplane.worker, which never imports the server.
_SERVER_COMMANDS = {
    "serve": ("jobplane.server.cli", "serve"),
    "migrate": ("jobplane.server.migrate", "migrate"),
    "worker": ("jobplane.worker._cli", "worker"),
}
#: Client commands kept in modules of their own, which import this one (so they are
#: loaded on first use, not at import): name -> (module, attribute).
_LATER_COMMANDS = {
    "schedule": ("jobplane.client._cli_schedule", "schedule"),
}


def _load_server_command(name: str) -> click.Command:
    absent = _server_extra.missing()
    if absent:
        return _unavailable(
            name,
            f"Server command (needs {_server_extra.INSTALL_HINT}).",
            _server_extra.message(name, absent),
            ExitCode.USAGE,
        )
    module, attr = _SERVER_COMMANDS[name]
    try:
        command = getattr(importlib.import_module(module), attr)
    except Exception as exc:  # any failure of the server package leaves the client usable
        problem = f"{type(exc).__name__}: {exc}"
    else:
        if isinstance(command, click.Command):
            return command
        problem = f"{module}.{attr} is not a click command"
    return _unavailable(
        name,
        f"Server command (unavailable here: {problem}).",
        f"error: the server cannot {name}: {problem}",
        ExitCode.ERROR,
    )


def _unavailable(name: str, help_text: str, line: str, code: ExitCode) -> click.Command:
    """A stand-in that still lists in ``--help`` and says in one line why it cannot run."""

    @click.command(name, help=help_text, context_settings={"ignore_unknown_options": True})
    @click.argument("args", nargs=-1, type=click.UNPROCESSED)
    def unavailable(args: tuple[str, ...]) -> None:
        click.echo(line, err=True)
        raise SystemExit(code)

    return unavailable


@click.group(
    cls=_Cli, epilog=EXIT_CODE_HELP, context_settings={"help_option_names": ["-h", "--help"]}
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
@click.argument("job_type", metavar="TYPE")
@click.argument("stdin", metavar="[-]", required=False)
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
@_common_options
def submit(
    session: Session,
    job_type: str,
    stdin: str | None,
    payload: str | None,
    payload_file: str | None,
    labels: tuple[str, ...],
    wait: bool,
    watch: bool,
    **options: Any,
) -> None:
    """Submit a job of TYPE; the payload comes from --payload, --payload-file or - (stdin)."""
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
@_common_options
def get(session: Session, job_id: str) -> None:
    """Show one job."""
    with session.client() as client:
        session.show_job(client.get(job_id))


@main.command("list", epilog=EXIT_CODE_HELP)
@click.option("--filter", "filter_", default="", help="AIP-160, e.g. 'status = FAILED'.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@_common_options
def list_jobs(session: Session, filter_: str, limit: int) -> None:
    """List jobs, newest first."""
    with session.client() as client:
        jobs = list(client.list(filter_, page_size=min(limit, 1000), limit=limit))
        if session.json:
            print_json({"jobs": [to_json(job) for job in jobs]})
        else:
            print_jobs(session.out, jobs)


@main.command(epilog=EXIT_CODE_HELP)
@click.argument("job_id")
@click.option("--force", is_flag=True, help="Stop a running handler at once.")
@click.option("--reason", default="", help="Why; kept on the job.")
@_common_options
def cancel(session: Session, job_id: str, force: bool, reason: str) -> None:
    """Cancel a job."""
    with session.client() as client:
        session.show_job(client.cancel(job_id, force=force, reason=reason))


@main.command(epilog=EXIT_CODE_HELP)
@click.argument("job_id")
@_common_options
def pause(session: Session, job_id: str) -> None:
    """Hold a queued job."""
    with session.client() as client:
        session.show_job(client.pause(job_id))


@main.command(epilog=EXIT_CODE_HELP)
@click.argument("job_id")
@_common_options
def resume(session: Session, job_id: str) -> None:
    """Put a paused job back in the queue."""
    with session.client() as client:
        session.show_job(client.resume(job_id))


@main.command(epilog=EXIT_CODE_HELP)
@click.argument("job_id")
@click.option("--attempts", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--wait", is_flag=True, help="Wait for the job to end; exit with its outcome.")
@click.option("--watch", is_flag=True, help="Show progress until the job ends.")
@_common_options
def retry(session: Session, job_id: str, attempts: int, wait: bool, watch: bool) -> None:
    """Re-queue a failed, canceled or expired job."""
    with session.client() as client:
        job = client.retry(job_id, additional_attempts=attempts)
        if wait or watch:
            _follow(session, client, job.id, watch=watch)
        session.show_job(job)


@main.command(epilog=EXIT_CODE_HELP)
@click.argument("job_id")
@_common_options
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
@_common_options
def wait(session: Session, job_id: str, timeout_s: float) -> None:
    """Wait for a job to end; exit with its outcome (1 if --timeout passes first)."""
    with session.client() as client:
        job = client.wait(job_id, timeout_s=timeout_s)
        if session.json:
            print_json(to_json(job))
        else:
            print_outcome(session.out, job)
        raise SystemExit(exit_code_for_job(job))

"""What every CLI command gets: the connection options and a :class:`Session`."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click
from jobplane.client._cli_args import exit_code_for_error
from jobplane.client._cli_render import error_json, print_error, print_job, print_json, to_json
from jobplane.client._config import DEFAULT_TARGET, TlsConfig
from jobplane.client._errors import JobplaneError
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


def pem_option(flag: str, envvar: str, help: str) -> Callable[[_F], _F]:
    path = click.Path(exists=True, dir_okay=False)
    return click.option(flag, envvar=envvar, type=path, help=f"{help} [env {envvar}]")


def common_options(command: _F) -> _F:
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
        pem_option("--tls-ca", "JOBPLANE_TLS_CA", "CA bundle (PEM) to verify the server."),
        pem_option("--tls-cert", "JOBPLANE_TLS_CERT", "Client certificate (PEM), for mTLS."),
        pem_option("--tls-key", "JOBPLANE_TLS_KEY", "Client key (PEM), for mTLS."),
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

"""``jobplane serve``: every flag also reads a JOBPLANE_* environment variable."""

from __future__ import annotations

import asyncio
import logging
import re
import sys

import click
from jobplane.server.auth import ConfigError, audit, options
from jobplane.server.config import ServerConfig, default_concurrency
from jobplane.server.domain.model import RetryPolicy

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$")
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, None: 1.0}


def parse_duration(text: str) -> float:
    """``1.5``, ``500ms``, ``30s``, ``5m``, ``2h``, ``7d`` → seconds."""
    m = _DURATION.match(text)
    if not m:
        raise click.BadParameter(f"{text!r} is not a duration like 30s, 5m or 500ms")
    return float(m.group(1)) * _UNITS[m.group(2)]


class _Duration(click.ParamType):  # type: ignore[type-arg,unused-ignore]
    name = "duration"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        if isinstance(value, float | int):
            return float(value)
        try:
            return parse_duration(str(value))
        except click.BadParameter as exc:
            self.fail(str(exc), param, ctx)


DURATION = _Duration()


def _pools(values: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    out = []
    for item in values:
        for part in item.replace(",", " ").split():
            name, sep, n = part.partition("=")
            if not sep or not n.isdigit() or int(n) < 1:
                raise click.BadParameter(f"--pool takes TYPE=N with N >= 1, got {part!r}")
            out.append((name, int(n)))
    return tuple(out)


@click.command("serve")
@click.option(
    "--listen",
    envvar="JOBPLANE_LISTEN",
    default="127.0.0.1:50051",
    show_default=True,
    help="HOST:PORT (port 0 picks a free one).",
)
@click.option(
    "--db",
    envvar="JOBPLANE_DB",
    default="sqlite:///./jobplane.db",
    show_default=True,
    help="sqlite:///FILE, sqlite:///:memory: or postgresql://…",
)
@click.option(
    "--handlers",
    "handler_modules",
    envvar="JOBPLANE_HANDLERS",
    multiple=True,
    help="Module with register(registry); repeatable.",
)
@click.option(
    "--no-demo",
    is_flag=True,
    envvar="JOBPLANE_NO_DEMO",
    help="Do not register the demo.* handlers.",
)
@click.option(
    "--max-concurrency",
    envvar="JOBPLANE_MAX_CONCURRENCY",
    type=click.IntRange(1, 100_000),
    default=default_concurrency(),
    show_default=True,
)
@click.option(
    "--pool",
    "pools",
    envvar="JOBPLANE_POOLS",
    multiple=True,
    help="Per-type limit TYPE=N; repeatable.",
)
@click.option(
    "--worker-id",
    envvar="JOBPLANE_WORKER_ID",
    default="",
    help="This replica's name (default: host:pid).",
)
@click.option(
    "--cancel-grace", envvar="JOBPLANE_CANCEL_GRACE", type=DURATION, default=5.0, show_default=True
)
@click.option(
    "--shutdown-grace",
    envvar="JOBPLANE_SHUTDOWN_GRACE",
    type=DURATION,
    default=10.0,
    show_default=True,
)
@click.option("--default-timeout", envvar="JOBPLANE_DEFAULT_TIMEOUT", type=DURATION, default=None)
@click.option(
    "--default-max-attempts",
    envvar="JOBPLANE_DEFAULT_MAX_ATTEMPTS",
    type=click.IntRange(1, 100),
    default=3,
    show_default=True,
)
@click.option(
    "--default-backoff",
    envvar="JOBPLANE_DEFAULT_BACKOFF",
    type=DURATION,
    default=1.0,
    show_default=True,
    help="Initial retry backoff.",
)
@click.option(
    "--default-max-backoff",
    envvar="JOBPLANE_DEFAULT_MAX_BACKOFF",
    type=DURATION,
    default=60.0,
    show_default=True,
)
@click.option(
    "--default-heartbeat-timeout",
    envvar="JOBPLANE_DEFAULT_HEARTBEAT_TIMEOUT",
    type=DURATION,
    default=None,
)
@click.option(
    "--lease", "lease_s", envvar="JOBPLANE_LEASE", type=DURATION, default=30.0, show_default=True
)
@click.option(
    "--queued-ttl",
    envvar="JOBPLANE_QUEUED_TTL",
    type=DURATION,
    default=None,
    help="Queued/paused jobs older than this expire.",
)
@click.option(
    "--retention",
    envvar="JOBPLANE_RETENTION",
    type=DURATION,
    default=None,
    help="Delete terminal jobs older than this.",
)
@click.option(
    "--max-terminal-jobs", envvar="JOBPLANE_MAX_TERMINAL_JOBS", type=click.IntRange(0), default=None
)
@click.option(
    "--priority-aging",
    envvar="JOBPLANE_PRIORITY_AGING",
    type=DURATION,
    default=60.0,
    show_default=True,
    help="A queued job gains 1 priority point per this much waiting.",
)
@click.option(
    "--watch-max-lag",
    envvar="JOBPLANE_WATCH_MAX_LAG",
    type=DURATION,
    default=0.01,
    show_default=True,
    help="A WatchProgress subscriber with an event waiting this long for it is behind: "
    "its queued progress is coalesced to the latest (status changes never are). "
    "0 turns this off (coalescing then starts only past 256 queued events).",
)
@click.option(
    "--durability",
    envvar="JOBPLANE_DURABILITY",
    type=click.Choice(["process", "power"]),
    default="process",
    show_default=True,
)
@click.option("--log-level", envvar="JOBPLANE_LOG_LEVEL", default="INFO", show_default=True)
@click.option(
    "--http-listen",
    envvar="JOBPLANE_HTTP_LISTEN",
    default=None,
    help="HOST:PORT for HTTP/JSON, Server-Sent Events and the dashboard (off by default).",
)
@click.option(
    "--http-cors-origin",
    "http_cors_origins",
    envvar="JOBPLANE_HTTP_CORS_ORIGIN",
    multiple=True,
    help="Browser origin allowed to call the HTTP API (repeatable; '*' for any). CORS is off without it.",
)
@options.click_options
def serve(**kw: object) -> None:
    """Run the jobplane server until SIGTERM/SIGINT, then drain."""
    config = config_from_options(kw)
    logging.basicConfig(
        level=config.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    if config.auth.audit_file is not None:
        audit.add_file(config.auth.audit_file)
    from jobplane.server.app import serve as run

    try:
        import uvloop

        sys.exit(uvloop.run(run(config)))
    except ImportError:
        pass
    except (OSError, ConfigError) as exc:
        click.echo(f"jobplane: {exc}", err=True)
        sys.exit(1)
    try:
        sys.exit(asyncio.run(run(config)))
    except (OSError, ConfigError) as exc:
        click.echo(f"jobplane: {exc}", err=True)
        sys.exit(1)


def config_from_options(kw: dict[str, object]) -> ServerConfig:
    import os
    import socket

    worker = str(kw.pop("worker_id") or f"{socket.gethostname()}:{os.getpid()}")
    retry = RetryPolicy(
        initial_backoff_s=float(kw.pop("default_backoff")),  # type: ignore[arg-type]
        max_backoff_s=float(kw.pop("default_max_backoff")),  # type: ignore[arg-type]
    )
    return ServerConfig(
        listen=str(kw["listen"]),
        db=str(kw["db"]),
        handler_modules=tuple(kw["handler_modules"]),  # type: ignore[arg-type]
        demo_handlers=not kw["no_demo"],
        max_concurrency=int(kw["max_concurrency"]),  # type: ignore[call-overload]
        pools=_pools(kw["pools"]),  # type: ignore[arg-type]
        worker_id=worker,
        cancel_grace_s=float(kw["cancel_grace"]),  # type: ignore[arg-type]
        shutdown_grace_s=float(kw["shutdown_grace"]),  # type: ignore[arg-type]
        default_timeout_s=kw["default_timeout"],  # type: ignore[arg-type]
        default_max_attempts=int(kw["default_max_attempts"]),  # type: ignore[call-overload]
        default_retry=retry,
        default_heartbeat_timeout_s=kw["default_heartbeat_timeout"],  # type: ignore[arg-type]
        lease_s=float(kw["lease_s"]),  # type: ignore[arg-type]
        queued_ttl_s=kw["queued_ttl"],  # type: ignore[arg-type]
        retention_s=kw["retention"],  # type: ignore[arg-type]
        max_terminal_jobs=kw["max_terminal_jobs"],  # type: ignore[arg-type]
        priority_aging_s=kw["priority_aging"] or None,  # type: ignore[arg-type]
        watch_max_lag_s=kw["watch_max_lag"] or None,  # type: ignore[arg-type]
        durability=str(kw["durability"]),
        log_level=str(kw["log_level"]),
        http_listen=str(kw["http_listen"]) if kw["http_listen"] else None,
        http_cors_origins=tuple(str(o) for o in kw["http_cors_origins"]),  # type: ignore[attr-defined]
        auth=options.from_options(kw),
    )

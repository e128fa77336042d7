"""Every ``jobplane serve`` flag, in one table: flag, ``JOBPLANE_*`` variable, kind, help,
and the :class:`~jobplane.server.config.ServerConfig` field it sets.

The defaults are not repeated here: a flag that is not given leaves its field at the
default written in the component's config (``--help`` shows that default), so each
default is written once. :func:`click_options` makes the click options from the table;
:func:`config_from_options` turns the parsed values back into a ``ServerConfig``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Final, TypeVar

import click
from jobplane.server.config import ServerConfig
from jobplane.server.store.base import Durability

F = TypeVar("F", bound=Callable[..., Any])

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$")
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, None: 1.0}


def parse_duration(text: str) -> float:
    """``1.5``, ``500ms``, ``30s``, ``5m``, ``2h``, ``7d`` → seconds."""
    m = _DURATION.match(text)
    if not m:
        raise click.BadParameter(f"{text!r} is not a duration like 30s, 5m or 500ms")
    return float(m.group(1)) * _UNITS[m.group(2)]


def _duration_or_off(text: str) -> float | None:
    return parse_duration(text) or None


def parse_pools(values: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    """``("a=2", "b=3,c=1")`` → ``(("a", 2), ("b", 3), ("c", 1))``."""
    out = []
    for item in values:
        for part in item.replace(",", " ").split():
            name, sep, n = part.partition("=")
            if not sep or not n.isdigit() or int(n) < 1:
                raise click.BadParameter(f"--pool takes TYPE=N with N >= 1, got {part!r}")
            out.append((name, int(n)))
    return tuple(out)


def _show_seconds(value: object) -> str:
    return f"{value:g}s" if isinstance(value, float | int) else str(value)


@dataclasses.dataclass(frozen=True, slots=True)
class Kind:
    """How a flag's text becomes a config value."""

    #: The click type that checks the text first (ranges, choices, existing files).
    type: click.ParamType[Any, Any] | None = None
    #: Then this turns click's value into the field's value.
    parse: Callable[[Any], object] | None = None
    multiple: bool = False
    #: A flag without a value; given, it sets the field to ``switch``.
    switch: bool | None = None
    metavar: str | None = None
    show: Callable[[object], str] = str


TEXT: Final = Kind()
#: Empty text means "not set" (secrets and names read from the environment).
OPTIONAL_TEXT: Final = Kind(parse=lambda text: text or None)
TEXTS: Final = Kind(parse=tuple, multiple=True)
DURATION: Final = Kind(parse=parse_duration, metavar="DURATION", show=_show_seconds)
#: 0 turns the duty off (the field becomes None).
DURATION_OR_OFF: Final = Kind(parse=_duration_or_off, metavar="DURATION", show=_show_seconds)
COUNT: Final = Kind(type=click.IntRange(1))
POOLS: Final = Kind(parse=parse_pools, multiple=True, metavar="TYPE=N")
#: Repeatable, and each value (``JOBPLANE_JOB_TYPES``) may list several, comma-separated.
JOB_TYPES: Final = Kind(
    parse=lambda v: tuple(t for x in v for t in x.replace(",", " ").split()),
    multiple=True,
    metavar="NAME",
)
ON: Final = Kind(switch=True)
OFF: Final = Kind(switch=False)
FILE: Final = Kind(type=click.Path(exists=True, dir_okay=False, path_type=Path))


def _range(lo: int, hi: int | None = None) -> Kind:
    return Kind(type=click.IntRange(lo, hi))


def _real(lo: float, hi: float | None = None, *, min_open: bool = False) -> Kind:
    return Kind(type=click.FloatRange(lo, hi, min_open=min_open))


@dataclasses.dataclass(frozen=True, slots=True)
class Flag:
    """One ``jobplane serve`` flag and the config field it sets (a dotted path)."""

    flag: str
    target: str
    kind: Kind = TEXT
    help: str = ""
    #: Default: ``JOBPLANE_`` + the flag's name, upper case.
    env: str = ""

    @property
    def envvar(self) -> str:
        if self.env:
            return self.env
        name = self.flag.removeprefix("--").replace("-", "_").upper()
        # The client CLI reads JOBPLANE_TLS_CERT / _KEY for *its* certificate; the
        # server's own files get a SERVER_ prefix so one shell can hold both.
        return f"JOBPLANE_SERVER_{name}" if name.startswith("TLS_") else f"JOBPLANE_{name}"

    @property
    def dest(self) -> str:
        """The click parameter's name: the target path, ``.`` spelt ``__``."""
        return self.target.replace(".", "__")


FLAGS: Final[tuple[Flag, ...]] = (
    # -- the process -------------------------------------------------------------
    Flag("--log-level", "log_level"),
    Flag("--shutdown-grace", "shutdown_grace_s", DURATION, "SIGTERM: how long running handlers may take to finish before they are requeued."),
    # -- rpc: the gRPC server ------------------------------------------------------
    Flag("--listen", "rpc.listen", help="HOST:PORT (port 0 picks a free one)."),
    Flag("--max-message-bytes", "rpc.max_message_bytes", _range(1024), "Largest request or response message."),
    Flag("--max-concurrent-streams", "rpc.max_concurrent_streams", COUNT, "Calls served at once (as many more may wait)."),
    Flag("--max-concurrent-rpcs", "rpc.max_concurrent_rpcs", COUNT, "Calls served at once server-wide, past which calls get RESOURCE_EXHAUSTED (default: --max-concurrent-streams)."),
    Flag("--keepalive", "rpc.keepalive_s", DURATION, "Ping idle clients this often."),
    Flag("--keepalive-timeout", "rpc.keepalive_timeout_s", DURATION, "Drop a client whose ping goes unanswered this long."),
    # -- http: JSON, Server-Sent Events and the dashboard ----------------------------
    Flag("--http-listen", "http.address", OPTIONAL_TEXT, "HOST:PORT for HTTP/JSON, Server-Sent Events and the dashboard (off when not given)."),
    Flag("--http-cors-origin", "http.cors_origins", TEXTS, "Browser origin allowed to call the HTTP API ('*': any); repeatable. CORS is off without it.", env="JOBPLANE_HTTP_CORS_ORIGIN"),
    Flag("--http-keepalive", "http.sse_keepalive_s", DURATION, "An idle event stream sends a comment this often."),
    # -- metrics: Prometheus -------------------------------------------------------------
    Flag("--no-metrics", "metrics.export", OFF, "Do not export Prometheus metrics (no series are kept)."),
    Flag("--metrics-listen", "metrics.metrics_listen", OPTIONAL_TEXT, "HOST:PORT serving /metrics alone (default: /metrics on --http-listen)."),
    # -- store -------------------------------------------------------------------
    Flag("--db", "store.db", help="sqlite:///FILE, sqlite:///:memory: or postgresql://…"),
    Flag("--durability", "store.durability", Kind(type=click.Choice([d.value for d in Durability]), parse=Durability), "process: a write survives a crash of the process; power: also power loss."),
    # -- runtime -----------------------------------------------------------------
    Flag("--handlers", "runtime.handler_modules", TEXTS, "Module with register(registry); repeatable."),
    Flag("--no-demo", "runtime.demo_handlers", OFF, "Do not register the demo.* handlers."),
    Flag("--max-concurrency", "runtime.max_concurrency", _range(1, 100_000), "Handlers running at once."),
    Flag("--pool", "runtime.pools", POOLS, "Per-type limit TYPE=N; repeatable.", env="JOBPLANE_POOLS"),
    Flag("--job-type", "runtime.job_types", JOB_TYPES, "A job type remote workers run (WorkerService); repeatable.", env="JOBPLANE_JOB_TYPES"),
    Flag("--worker-id", "runtime.worker_id", help="This replica's name (default: host:pid)."),
    Flag("--cancel-grace", "runtime.cancel_grace_s", DURATION, "A cancelled handler's time to stop before its task is cancelled hard."),
    Flag("--lease", "runtime.lease_s", DURATION, "Lease of a running attempt; heartbeats renew it."),
    Flag("--retention", "runtime.retention_s", DURATION, "Delete terminal jobs older than this."),
    Flag("--max-terminal-jobs", "runtime.max_terminal_jobs", _range(0), "Keep at most this many terminal jobs."),
    Flag("--priority-aging", "runtime.priority_aging_s", DURATION_OR_OFF, "A queued job gains 1 priority point per this much waiting (0: off)."),
    # -- broker ------------------------------------------------------------------
    Flag("--backlog-events", "broker.backlog_events", COUNT, "Per-job events kept in memory for WatchProgress resumes."),
    Flag("--subscriber-buffer", "broker.subscriber_buffer", COUNT, "Events a watcher may have pending before its progress is coalesced."),
    Flag("--event-retention", "broker.event_retention_s", DURATION, "How long WatchJobs keeps status changes for resumes by cursor (older cursors: OUT_OF_RANGE, CURSOR_EXPIRED)."),
    Flag("--watch-poll", "broker.watch_poll_s", DURATION, "On shared PostgreSQL: how often a WatchJobs stream looks for other replicas' changes."),
    Flag("--watch-max-lag", "broker.watch_max_lag_s", DURATION_OR_OFF, "A WatchProgress subscriber with an event waiting this long for it is behind: its queued progress is coalesced to the latest (status changes never are). 0 turns this off (coalescing then starts only past --subscriber-buffer queued events)."),
    # -- api: job defaults and request limits -------------------------------------
    Flag("--queued-ttl", "api.queued_ttl_s", DURATION, "Queued/paused jobs older than this expire."),
    Flag("--default-timeout", "api.default_timeout_s", DURATION, "A job's timeout when its request sets none."),
    Flag("--default-max-attempts", "api.default_max_attempts", _range(1, 100)),
    Flag("--default-backoff", "api.default_retry.initial_backoff_s", DURATION, "Initial retry backoff."),
    Flag("--default-max-backoff", "api.default_retry.max_backoff_s", DURATION),
    Flag("--default-backoff-multiplier", "api.default_retry.multiplier", _real(1.0), "Each retry's backoff is the last one's times this."),
    Flag("--default-backoff-jitter", "api.default_retry.jitter", _real(0.0, 1.0), "Backoffs vary by up to this fraction either way."),
    Flag("--default-non-retryable", "api.default_retry.non_retryable_reasons", TEXTS, "Error reason that fails a job at once; repeatable."),
    Flag("--default-heartbeat-timeout", "api.default_heartbeat_timeout_s", DURATION),
    Flag("--max-payload-bytes", "api.max_payload_bytes", COUNT, "Largest job payload (serialized)."),
    Flag("--max-page-size", "api.max_page_size", COUNT, "Largest ListJobs page_size."),
    Flag("--default-page-size", "api.default_page_size", COUNT, "ListJobs page size when the request sets none."),
    Flag("--max-wait", "api.max_wait_s", DURATION, "The longest WaitJob long poll."),
    # -- schedules ----------------------------------------------------------------------
    Flag("--no-scheduler", "schedules.enabled", OFF, "Create no schedule runs here (other replicas do)."),
    Flag("--scheduler-poll", "schedules.poll_s", DURATION, "Longest sleep between the scheduler's looks."),
    Flag("--scheduler-batch", "schedules.batch", COUNT, "Due schedules taken per look."),
    Flag("--scheduler-parallel", "schedules.parallel", COUNT, "Runs created at once."),
    # -- auth (see auth/README.md) ---------------------------------------------------
    Flag("--auth-tokens", "auth.tokens_file", FILE, "TOML file of principals (hashed tokens, client-cert names)."),
    Flag("--auth-jwt-secret", "auth.jwt.secret", OPTIONAL_TEXT, "HS256 shared secret (>= 32 bytes); prefer the env variable."),
    Flag("--auth-jwt-public-key", "auth.jwt.public_key_file", FILE, "RS256 public key (PEM)."),
    Flag("--auth-jwt-issuer", "auth.jwt.issuer", OPTIONAL_TEXT, "Required JWT 'iss'."),
    Flag("--auth-jwt-audience", "auth.jwt.audience", OPTIONAL_TEXT, "Required JWT 'aud'."),
    Flag("--auth-jwt-principal-claim", "auth.jwt.principal_claim"),
    Flag("--auth-jwt-tenant-claim", "auth.jwt.tenant_claim"),
    Flag("--auth-jwt-role-claim", "auth.jwt.role_claim"),
    Flag("--auth-jwt-leeway", "auth.jwt.leeway_s", _real(0, 3600), "Clock skew allowed, seconds."),
    Flag("--auth-protect-meta", "auth.protect_meta", ON, "Require credentials for health and reflection too."),
    Flag("--tls-cert", "auth.tls.cert_file", FILE, "Server certificate chain (PEM)."),
    Flag("--tls-key", "auth.tls.key_file", FILE, "Server private key (PEM)."),
    Flag("--tls-client-ca", "auth.tls.client_ca_file", FILE, "Require client certificates signed by this CA (mTLS)."),
    Flag("--insecure", "auth.insecure", ON, "Allow an unauthenticated server on a non-loopback address."),
    Flag("--quota-max-queued", "auth.quotas.max_queued", COUNT, "Queued jobs per tenant."),
    Flag("--quota-submit-rate", "auth.quotas.submit_rate_per_s", _real(0, min_open=True), "SubmitJob calls per second per tenant."),
    Flag("--quota-submit-burst", "auth.quotas.submit_burst", COUNT, "Submits allowed in a burst (default: the rate)."),
    Flag("--quota-count-refresh", "auth.quotas.count_refresh_s", DURATION, "How stale a tenant's queued count may be."),
    Flag("--quota-max-streams", "auth.quotas.max_streams", COUNT, "Streams open at once per tenant (WatchProgress, WatchJobs, ListenTasks; gRPC and HTTP); past it, RESOURCE_EXHAUSTED TOO_MANY_STREAMS."),
    Flag("--quota-queued-retry-after", "auth.quotas.queued_retry_after_s", DURATION, "RetryInfo delay sent when the queued limit is reached."),
    Flag("--audit-log", "auth.audit_file", Kind(type=click.Path(dir_okay=False, path_type=Path)), "Also append audit JSON lines to this file."),
)  # fmt: skip

#: A flag that was not given: its field keeps the component's default.
_UNSET: Final = object()
_DEFAULTS: Final = ServerConfig()


def default_of(target: str, config: Any = _DEFAULTS) -> object:
    """The value at a dotted path of a config (by default: the defaults)."""
    for name in target.split("."):
        config = getattr(config, name)
    return config


def config_fields(config: Any = _DEFAULTS, prefix: str = "") -> Iterator[str]:
    """Every settable field of a config, as dotted paths (nested configs expanded)."""
    for field in dataclasses.fields(config):
        value = getattr(config, field.name)
        if dataclasses.is_dataclass(value):
            yield from config_fields(value, f"{prefix}{field.name}.")
        else:
            yield prefix + field.name


def _callback(kind: Kind) -> Callable[[click.Context, click.Parameter, Any], object]:
    """Parse while click still knows the flag, so a bad value names it."""

    def parse(_ctx: click.Context, _param: click.Parameter, value: Any) -> object:
        if kind.switch is not None:
            return kind.switch if value else _UNSET
        if value is None or value == ():
            return _UNSET
        return kind.parse(value) if kind.parse is not None else value

    return parse


def _help(flag: Flag) -> str | None:
    """The help text, with the component's default (click would show a string default
    in parentheses, and giving click the default would hide whether the flag was given)."""
    value = default_of(flag.target)
    if flag.kind.switch is not None or value is None or value in ("", ()):
        return flag.help or None
    return f"{flag.help}  [default: {flag.kind.show(value)}]".lstrip()


def click_options(fn: F) -> F:
    """Add every flag of the table to a click command."""
    for flag in reversed(FLAGS):
        kind = flag.kind
        extra: dict[str, Any] = {"is_flag": True} if kind.switch is not None else {}
        option = click.option(
            flag.flag,
            flag.dest,
            envvar=flag.envvar,
            show_envvar=True,
            type=kind.type,
            multiple=kind.multiple,
            metavar=kind.metavar,
            callback=_callback(kind),
            help=_help(flag),
            **extra,
        )
        fn = option(fn)
    return fn


def _replace(config: Any, path: list[str], value: object) -> Any:
    head, *rest = path
    new = _replace(getattr(config, head), rest, value) if rest else value
    return dataclasses.replace(config, **{head: new})


def config_from_options(kw: dict[str, Any]) -> ServerConfig:
    """Pop the table's flags out of ``kw`` into a :class:`ServerConfig`."""
    config = ServerConfig()
    for flag in FLAGS:
        value = kw.pop(flag.dest)
        if value is not _UNSET:
            config = _replace(config, flag.target.split("."), value)
    return config

"""One config per component, one table of ``jobplane serve`` flags.

Every field of every component config has exactly one flag and one ``JOBPLANE_*``
variable and each sets its field; a flag not given leaves the component's default;
only the composition root (app, cli, options, config) sees the whole ``ServerConfig``.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import click
import pytest
from jobplane.server import cli, options
from jobplane.server.config import ServerConfig
from jobplane.server.options import FLAGS, Flag, config_fields, default_of

from ..support import ROOT

SERVER = ROOT / "server" / "jobplane" / "server"

#: The flags and variables as they were before the table: scripts depend on them.
_KEPT = {
    "--listen": "JOBPLANE_LISTEN",
    "--db": "JOBPLANE_DB",
    "--handlers": "JOBPLANE_HANDLERS",
    "--no-demo": "JOBPLANE_NO_DEMO",
    "--max-concurrency": "JOBPLANE_MAX_CONCURRENCY",
    "--pool": "JOBPLANE_POOLS",
    "--worker-id": "JOBPLANE_WORKER_ID",
    "--cancel-grace": "JOBPLANE_CANCEL_GRACE",
    "--shutdown-grace": "JOBPLANE_SHUTDOWN_GRACE",
    "--default-timeout": "JOBPLANE_DEFAULT_TIMEOUT",
    "--default-max-attempts": "JOBPLANE_DEFAULT_MAX_ATTEMPTS",
    "--default-backoff": "JOBPLANE_DEFAULT_BACKOFF",
    "--default-max-backoff": "JOBPLANE_DEFAULT_MAX_BACKOFF",
    "--default-heartbeat-timeout": "JOBPLANE_DEFAULT_HEARTBEAT_TIMEOUT",
    "--lease": "JOBPLANE_LEASE",
    "--queued-ttl": "JOBPLANE_QUEUED_TTL",
    "--retention": "JOBPLANE_RETENTION",
    "--max-terminal-jobs": "JOBPLANE_MAX_TERMINAL_JOBS",
    "--priority-aging": "JOBPLANE_PRIORITY_AGING",
    "--watch-max-lag": "JOBPLANE_WATCH_MAX_LAG",
    "--durability": "JOBPLANE_DURABILITY",
    "--log-level": "JOBPLANE_LOG_LEVEL",
    "--auth-tokens": "JOBPLANE_AUTH_TOKENS",
    "--auth-jwt-secret": "JOBPLANE_AUTH_JWT_SECRET",
    "--auth-jwt-public-key": "JOBPLANE_AUTH_JWT_PUBLIC_KEY",
    "--auth-jwt-issuer": "JOBPLANE_AUTH_JWT_ISSUER",
    "--auth-jwt-audience": "JOBPLANE_AUTH_JWT_AUDIENCE",
    "--auth-jwt-principal-claim": "JOBPLANE_AUTH_JWT_PRINCIPAL_CLAIM",
    "--auth-jwt-tenant-claim": "JOBPLANE_AUTH_JWT_TENANT_CLAIM",
    "--auth-jwt-role-claim": "JOBPLANE_AUTH_JWT_ROLE_CLAIM",
    "--auth-jwt-leeway": "JOBPLANE_AUTH_JWT_LEEWAY",
    "--auth-protect-meta": "JOBPLANE_AUTH_PROTECT_META",
    "--tls-cert": "JOBPLANE_SERVER_TLS_CERT",
    "--tls-key": "JOBPLANE_SERVER_TLS_KEY",
    "--tls-client-ca": "JOBPLANE_SERVER_TLS_CLIENT_CA",
    "--insecure": "JOBPLANE_INSECURE",
    "--quota-max-queued": "JOBPLANE_QUOTA_MAX_QUEUED",
    "--quota-submit-rate": "JOBPLANE_QUOTA_SUBMIT_RATE",
    "--quota-submit-burst": "JOBPLANE_QUOTA_SUBMIT_BURST",
    "--audit-log": "JOBPLANE_AUDIT_LOG",
}


@pytest.fixture(autouse=True)
def _no_jobplane_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for flag in FLAGS:
        monkeypatch.delenv(flag.envvar, raising=False)


def _parse(*args: str) -> ServerConfig:
    ctx = cli.serve.make_context("serve", list(args))
    return cli.config_from_options(dict(ctx.params))


def test_every_config_field_has_exactly_one_flag_and_variable() -> None:
    targets = [flag.target for flag in FLAGS]
    assert sorted(targets) == sorted(config_fields())
    for attr in ("flag", "envvar", "dest"):
        names = [getattr(flag, attr) for flag in FLAGS]
        assert len(set(names)) == len(names), attr
    assert all(flag.envvar.startswith("JOBPLANE_") for flag in FLAGS)
    params = [p for p in cli.serve.params if isinstance(p, click.Option)]
    assert [(p.name, p.opts, p.envvar) for p in params] == [
        (flag.dest, [flag.flag], flag.envvar) for flag in FLAGS
    ]


def test_the_flags_and_variables_of_before_are_kept() -> None:
    now = {flag.flag: flag.envvar for flag in FLAGS}
    assert {name: now.get(name) for name in _KEPT} == _KEPT


def test_no_flags_leave_every_component_default() -> None:
    config = _parse()
    assert config.runtime.worker_id  # host:pid, named by the CLI
    named = ServerConfig(runtime=type(config.runtime)(worker_id=config.runtime.worker_id))
    assert config == named
    assert named.runtime.max_concurrency == ServerConfig().runtime.max_concurrency


def _sample(flag: Flag, folder: Path) -> str:
    """A text for ``flag`` whose value differs from the field's default."""
    kind, default = flag.kind, default_of(flag.target)
    if kind.switch is not None:
        return "1"
    if kind.metavar == "DURATION":
        return "7s"
    if kind.multiple:
        return "t=2" if flag.flag == "--pool" else "some.module"
    if isinstance(kind.type, click.Choice):
        return next(str(c) for c in kind.type.choices if c != default)
    if isinstance(kind.type, click.IntRange | click.FloatRange):
        base = default if isinstance(default, int | float) else (kind.type.min or 0)
        return str(base + (1 if isinstance(kind.type, click.IntRange) else 0.5))
    if isinstance(kind.type, click.Path):
        path = folder / flag.dest
        path.write_text("")
        return str(path)
    return f"sample-{flag.dest}"


def _args(folder: Path) -> list[str]:
    args = []
    for flag in FLAGS:
        text = _sample(flag, folder)
        args += [flag.flag] if flag.kind.switch is not None else [flag.flag, text]
    return args


def _unchanged(config: ServerConfig) -> list[str]:
    return [
        flag.flag for flag in FLAGS if default_of(flag.target, config) == default_of(flag.target)
    ]


def test_each_flag_sets_its_field(tmp_path: Path) -> None:
    config = _parse(*_args(tmp_path))
    assert _unchanged(config) == []
    assert config.runtime.pools == (("t", 2),)
    assert config.rpc.keepalive_s == 7.0 and config.runtime.demo_handlers is False
    assert config.api.default_retry.non_retryable_reasons == ("some.module",)


def test_each_variable_sets_its_field(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for flag in FLAGS:
        monkeypatch.setenv(flag.envvar, _sample(flag, tmp_path))
    monkeypatch.setenv("JOBPLANE_POOLS", "a=1 b=2")
    config = _parse()
    assert _unchanged(config) == []
    assert config.runtime.pools == (("a", 1), ("b", 2))
    assert config.auth.insecure is True and config.auth.tls.cert_file is not None


def test_zero_turns_aging_and_the_lag_bound_off() -> None:
    config = _parse("--priority-aging", "0", "--watch-max-lag", "0ms")
    assert config.runtime.priority_aging_s is None and config.broker.watch_max_lag_s is None
    assert _parse("--default-timeout", "1.5m").api.default_timeout_s == 90.0


def test_an_empty_secret_is_no_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBPLANE_AUTH_JWT_SECRET", "")
    assert _parse("--auth-jwt-issuer", "").auth.jwt == ServerConfig().auth.jwt


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--lease", "soon"], "--lease"),
        (["--pool", "a"], "--pool"),
        (["--max-concurrency", "0"], "--max-concurrency"),
        (["--durability", "disk"], "--durability"),
    ],
)
def test_a_bad_value_names_its_flag(args: list[str], named: str) -> None:
    with pytest.raises(click.BadParameter) as caught:
        _parse(*args)
    assert named in caught.value.format_message()


def _imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


def test_only_the_composition_root_sees_the_whole_config() -> None:
    """Components get their own part; none imports ``ServerConfig``."""
    root = {"app.py", "cli.py", "options.py", "config.py"}
    seeing = {
        str(path.relative_to(SERVER))
        for path in SERVER.rglob("*.py")
        if "jobplane.server.config" in _imports_of(path)
    }
    assert seeing <= root
    assert "app.py" in seeing


def test_the_config_modules_need_no_type_ignore() -> None:
    modules: list[Any] = [cli, options]
    paths = [Path(m.__file__) for m in modules] + list(SERVER.rglob("config.py"))
    assert len(paths) >= 8
    assert [p.name for p in paths if "type: ignore" in p.read_text()] == []


def test_job_types_repeat_as_flags_and_list_in_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = _parse("--job-type", "a.one", "--job-type", "b.two")
    assert config.runtime.job_types == ("a.one", "b.two")
    monkeypatch.setenv("JOBPLANE_JOB_TYPES", "a.one,b.two, c.three")
    assert _parse().runtime.job_types == ("a.one", "b.two", "c.three")

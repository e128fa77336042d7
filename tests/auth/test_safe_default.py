"""The safe default: no authentication means loopback only, unless --insecure."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest
from jobplane.server.auth import AuthConfig, ConfigError
from jobplane.server.auth.transport import is_loopback

from ..support import ROOT
from .conftest import StartServer, World


@pytest.mark.parametrize(
    ("listen", "loopback"),
    [
        ("127.0.0.1:0", True),
        ("127.5.6.7:50051", True),
        ("localhost:50051", True),
        ("[::1]:50051", True),
        ("unix:/tmp/jobplane.sock", True),
        ("0.0.0.0:50051", False),
        ("[::]:50051", False),
        (":50051", False),
        ("10.0.0.5:50051", False),
        ("jobs.example.com:50051", False),
    ],
)
def test_loopback_detection(listen: str, loopback: bool) -> None:
    assert is_loopback(listen) is loopback


async def test_open_server_refuses_a_public_address(start_server: StartServer) -> None:
    with pytest.raises(ConfigError, match="--insecure"):
        await start_server(listen="0.0.0.0:0")


async def test_insecure_or_auth_allows_a_public_address(
    start_server: StartServer, world: World
) -> None:
    await start_server(listen="0.0.0.0:0", auth=AuthConfig(insecure=True))
    await start_server(listen="0.0.0.0:0", auth=world.config())


def test_cli_says_why_and_exits_1() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "jobplane.server",
            "--listen",
            "0.0.0.0:0",
            "--db",
            "sqlite:///:memory:",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 1
    assert "refusing to serve 0.0.0.0:0 without authentication" in proc.stderr
    assert "--insecure" in proc.stderr


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (dict(tls=dict(cert_file="x.pem")), "go together"),
        (dict(tls=dict(client_ca_file="ca.pem")), "needs --tls-cert"),
    ],
)
async def test_inconsistent_tls_options_fail_fast(
    start_server: StartServer, config: dict[str, dict[str, str]], message: str
) -> None:
    from pathlib import Path

    from jobplane.server.auth import TlsConfig

    tls = TlsConfig(**{k: Path(v) for k, v in config["tls"].items()})
    with pytest.raises(ConfigError, match=message):
        await start_server(auth=AuthConfig(tls=tls))


async def test_short_hmac_secret_is_refused(start_server: StartServer) -> None:
    from jobplane.server.auth import JwtConfig

    with pytest.raises(ConfigError, match="at least 32 bytes"):
        await start_server(auth=AuthConfig(jwt=JwtConfig(secret="too-short")))


def test_a_taken_port_is_one_clear_line() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = subprocess.run(
            [sys.executable, "-m", "jobplane.server", "--listen", f"127.0.0.1:{port}",
             "--db", "sqlite:///:memory:"],
            cwd=ROOT, capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin:/bin"},
        )  # fmt: skip
    assert proc.returncode == 1
    assert f"jobplane: cannot listen on 127.0.0.1:{port}: the address is in use" in proc.stderr
    assert "Traceback" not in proc.stderr

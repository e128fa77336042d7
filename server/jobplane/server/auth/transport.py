"""Listening: TLS server credentials and the safe default for open servers."""

from __future__ import annotations

import ipaddress
import logging
from pathlib import Path

import grpc
from jobplane.server.auth.config import AuthConfig, TlsConfig
from jobplane.server.domain.errors import ConfigError

log = logging.getLogger("jobplane.auth")
_LOCAL_NAMES = {"localhost", "ip6-localhost", "ip6-loopback"}


def is_loopback(listen: str) -> bool:
    """True when ``listen`` (HOST:PORT, [V6]:PORT or unix:PATH) is reachable only
    from this machine. Wildcards (``0.0.0.0``, ``[::]``, empty host) and names
    other than ``localhost`` count as public."""
    if listen.startswith(("unix:", "unix-abstract:")):
        return True
    host = listen.rsplit(":", 1)[0] if ":" in listen else listen
    host = host.strip().removeprefix("[").removesuffix("]")
    if host.lower() in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_listen(listen: str, config: AuthConfig) -> None:
    """Refuse an open server on a public address unless ``insecure``; warn about
    credentials crossing the network in clear text."""
    if is_loopback(listen):
        return
    if not config.authenticates and not config.insecure:
        raise ConfigError(
            f"refusing to serve {listen} without authentication: anyone who can reach it "
            "could read, submit and cancel every job. Configure --auth-tokens, "
            "--auth-jwt-secret/--auth-jwt-public-key or --tls-client-ca, listen on "
            "127.0.0.1, or pass --insecure (JOBPLANE_INSECURE=1) to accept the risk."
        )
    if not config.authenticates:
        log.warning("serving %s with no authentication (--insecure)", listen)
    elif not config.tls.enabled:
        log.warning(
            "serving %s without TLS: bearer tokens cross the network in clear text "
            "(fine behind a TLS-terminating proxy, not otherwise)",
            listen,
        )


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read the {what} {path}: {exc}") from None


def server_credentials(tls: TlsConfig) -> grpc.ServerCredentials:
    """Credentials for ``add_secure_port``; client certificates are required (and
    verified against ``client_ca_file``) when one is given."""
    if tls.cert_file is None or tls.key_file is None:
        raise ConfigError("--tls-cert and --tls-key go together")
    pair = (_read(tls.key_file, "TLS key"), _read(tls.cert_file, "TLS certificate"))
    client_ca = _read(tls.client_ca_file, "client CA") if tls.client_ca_file else None
    return grpc.ssl_server_credentials(
        [pair], root_certificates=client_ca, require_client_auth=client_ca is not None
    )


def validate(config: AuthConfig) -> None:
    """Reject inconsistent combinations before anything starts."""
    tls = config.tls
    if (tls.cert_file is None) != (tls.key_file is None):
        raise ConfigError("--tls-cert and --tls-key go together")
    if tls.client_ca_file is not None and tls.cert_file is None:
        raise ConfigError("--tls-client-ca needs --tls-cert and --tls-key (mTLS is TLS)")
    q = config.quotas
    if q.max_queued is not None and q.max_queued < 1:
        raise ConfigError("--quota-max-queued must be at least 1")
    if q.submit_rate_per_s is not None and q.submit_rate_per_s <= 0:
        raise ConfigError("--quota-submit-rate must be positive")
    if q.submit_burst is not None and q.submit_burst < 1:
        raise ConfigError("--quota-submit-burst must be at least 1")
    if q.max_streams is not None and q.max_streams < 1:
        raise ConfigError("--quota-max-streams must be at least 1")

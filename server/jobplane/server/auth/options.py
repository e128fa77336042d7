"""``jobplane serve`` flags of the security layer; each reads a JOBPLANE_* variable.

:func:`click_options` decorates the ``serve`` command; :func:`from_options` pops
the values back out of its keyword arguments into an :class:`AuthConfig`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from jobplane.server.auth.config import AuthConfig, JwtConfig, QuotaConfig, TlsConfig

F = TypeVar("F", bound=Callable[..., Any])
_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)

_OPTIONS: list[tuple[tuple[str, ...], dict[str, Any]]] = [
    (("--auth-tokens", "auth_tokens"), dict(type=_FILE, help="TOML file of principals (hashed tokens, client-cert names).")),
    (("--auth-jwt-secret", "auth_jwt_secret"), dict(help="HS256 shared secret (>= 32 bytes); prefer the env variable.")),
    (("--auth-jwt-public-key", "auth_jwt_public_key"), dict(type=_FILE, help="RS256 public key (PEM).")),
    (("--auth-jwt-issuer", "auth_jwt_issuer"), dict(help="Required JWT 'iss'.")),
    (("--auth-jwt-audience", "auth_jwt_audience"), dict(help="Required JWT 'aud'.")),
    (("--auth-jwt-principal-claim", "auth_jwt_principal_claim"), dict(default="sub", show_default=True)),
    (("--auth-jwt-tenant-claim", "auth_jwt_tenant_claim"), dict(default="tenant", show_default=True)),
    (("--auth-jwt-role-claim", "auth_jwt_role_claim"), dict(default="role", show_default=True)),
    (("--auth-jwt-leeway", "auth_jwt_leeway"), dict(type=click.FloatRange(0, 3600), default=0.0, show_default=True, help="Clock skew allowed, seconds.")),
    (("--auth-protect-meta", "auth_protect_meta"), dict(is_flag=True, help="Require credentials for health and reflection too.")),
    (("--tls-cert", "tls_cert"), dict(type=_FILE, help="Server certificate chain (PEM).")),
    (("--tls-key", "tls_key"), dict(type=_FILE, help="Server private key (PEM).")),
    (("--tls-client-ca", "tls_client_ca"), dict(type=_FILE, help="Require client certificates signed by this CA (mTLS).")),
    (("--insecure", "insecure"), dict(is_flag=True, help="Allow an unauthenticated server on a non-loopback address.")),
    (("--quota-max-queued", "quota_max_queued"), dict(type=click.IntRange(1), default=None, help="Queued jobs per tenant.")),
    (("--quota-submit-rate", "quota_submit_rate"), dict(type=click.FloatRange(0, min_open=True), default=None, help="SubmitJob calls per second per tenant.")),
    (("--quota-submit-burst", "quota_submit_burst"), dict(type=click.IntRange(1), default=None, help="Submits allowed in a burst (default: the rate).")),
    (("--audit-log", "audit_log"), dict(type=click.Path(dir_okay=False, path_type=Path), default=None, help="Also append audit JSON lines to this file.")),
]  # fmt: skip


def _envvar(flag: str) -> str:
    name = flag.removeprefix("--").replace("-", "_").upper()
    # The client CLI reads JOBPLANE_TLS_CERT / _KEY for *its* certificate; the server's
    # own files get a SERVER_ prefix so one shell can hold both without mixing them up.
    return f"JOBPLANE_SERVER_{name}" if name.startswith("TLS_") else f"JOBPLANE_{name}"


def click_options(fn: F) -> F:
    """Add the security flags to a click command."""
    for (flag, dest), attrs in reversed(_OPTIONS):
        fn = click.option(flag, dest, envvar=_envvar(flag), **attrs)(fn)
    return fn


def from_options(kw: dict[str, Any]) -> AuthConfig:
    """Pop the security flags out of ``kw`` into an :class:`AuthConfig`."""
    v = {dest: kw.pop(dest) for (_flag, dest), _attrs in _OPTIONS}
    return AuthConfig(
        tokens_file=v["auth_tokens"],
        jwt=JwtConfig(
            secret=v["auth_jwt_secret"] or None,
            public_key_file=v["auth_jwt_public_key"],
            issuer=v["auth_jwt_issuer"] or None,
            audience=v["auth_jwt_audience"] or None,
            principal_claim=v["auth_jwt_principal_claim"],
            tenant_claim=v["auth_jwt_tenant_claim"],
            role_claim=v["auth_jwt_role_claim"],
            leeway_s=float(v["auth_jwt_leeway"]),
        ),
        tls=TlsConfig(
            cert_file=v["tls_cert"], key_file=v["tls_key"], client_ca_file=v["tls_client_ca"]
        ),
        quotas=QuotaConfig(
            max_queued=v["quota_max_queued"],
            submit_rate_per_s=v["quota_submit_rate"],
            submit_burst=v["quota_submit_burst"],
        ),
        protect_meta=bool(v["auth_protect_meta"]),
        insecure=bool(v["insecure"]),
        audit_file=v["audit_log"],
    )

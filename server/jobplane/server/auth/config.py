"""Security options: small frozen dataclasses, grouped under ``ServerConfig.auth``.

Every field has a ``jobplane serve`` flag and a ``JOBPLANE_*`` variable (see
:mod:`jobplane.server.options`). The defaults describe an open server:
no credentials, plaintext, loopback only.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

#: Services that answer without credentials unless ``protect_meta`` is set.
META_SERVICES = (
    "grpc.health.v1.Health",
    "grpc.reflection.v1alpha.ServerReflection",
    "grpc.reflection.v1.ServerReflection",
)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class JwtConfig:
    """Bearer JWTs: HS256 with ``secret`` and/or RS256 with ``public_key_file``."""

    secret: str | None = None
    public_key_file: Path | None = None
    #: Required ``iss`` / ``aud`` when set.
    issuer: str | None = None
    audience: str | None = None
    #: Claim names mapped to the principal's name, tenant and role.
    principal_claim: str = "sub"
    tenant_claim: str = "tenant"
    role_claim: str = "role"
    #: Allowed clock skew for ``exp`` / ``nbf`` / ``iat``.
    leeway_s: float = 0.0

    @property
    def enabled(self) -> bool:
        return self.secret is not None or self.public_key_file is not None


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class TlsConfig:
    """PEM files. ``client_ca`` makes the server require client certificates (mTLS)."""

    cert_file: Path | None = None
    key_file: Path | None = None
    client_ca_file: Path | None = None

    @property
    def enabled(self) -> bool:
        return self.cert_file is not None

    @property
    def mutual(self) -> bool:
        return self.client_ca_file is not None


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class QuotaConfig:
    """Per-tenant limits (None: unlimited). Each replica enforces the rate on its own."""

    #: Jobs waiting to run (QUEUED, PAUSED, RETRYING) per tenant.
    max_queued: int | None = None
    #: Sustained SubmitJob rate per tenant, and the burst allowed above it.
    submit_rate_per_s: float | None = None
    submit_burst: int | None = None
    #: How stale a tenant's queued count may be before it is read again.
    count_refresh_s: float = 0.25
    #: The RetryInfo delay sent when the queued limit is reached.
    queued_retry_after_s: float = 1.0
    #: Streams open at once per tenant (WatchProgress, WatchJobs, ListenTasks; gRPC
    #: and HTTP alike), on this replica. An open server is one tenant.
    max_streams: int | None = None


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class AuthConfig:
    """Who may connect and what they may do."""

    #: TOML file of principals: hashed tokens and client-certificate names.
    tokens_file: Path | None = None
    jwt: JwtConfig = JwtConfig()
    tls: TlsConfig = TlsConfig()
    quotas: QuotaConfig = QuotaConfig()
    #: Also require credentials for health checks and reflection.
    protect_meta: bool = False
    #: Allow an open (unauthenticated) server on a non-loopback address.
    insecure: bool = False
    #: Append audit lines (JSON) to this file as well as logger ``jobplane.audit``.
    audit_file: Path | None = None

    @property
    def authenticates(self) -> bool:
        """True when callers must prove who they are (tokens, JWTs or client certs)."""
        return self.tokens_file is not None or self.jwt.enabled or self.tls.mutual

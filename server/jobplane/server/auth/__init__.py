"""Who may do what: authentication, roles, tenant scoping, quotas, TLS and audit.

The server builds one :class:`Security` from :class:`AuthConfig`; its guard
checks every call and makes the caller's tenant available to the servicer via
:func:`current_tenant`. See ``README.md`` beside this file for the operator's view.
"""

from __future__ import annotations

from jobplane.server.auth.config import AuthConfig, JwtConfig, QuotaConfig, TlsConfig
from jobplane.server.auth.principal import Caller, Principal, Role, current_caller, current_tenant
from jobplane.server.auth.roles import ALL_TENANTS, REQUIRED_ROLE, TENANT_HEADER
from jobplane.server.auth.security import Security
from jobplane.server.auth.tokens import hash_token, new_token
from jobplane.server.domain.errors import ConfigError

__all__ = [
    "ALL_TENANTS",
    "REQUIRED_ROLE",
    "TENANT_HEADER",
    "AuthConfig",
    "Caller",
    "ConfigError",
    "JwtConfig",
    "Principal",
    "QuotaConfig",
    "Role",
    "Security",
    "TlsConfig",
    "current_caller",
    "current_tenant",
    "hash_token",
    "new_token",
]

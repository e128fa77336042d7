"""The security layer as the server assembles it: one object built from AuthConfig."""

from __future__ import annotations

import logging

import grpc
from jobplane.server.auth import audit
from jobplane.server.auth.authenticator import Authenticator
from jobplane.server.auth.config import AuthConfig
from jobplane.server.auth.interceptor import AuthGuard
from jobplane.server.auth.quotas import Quotas, store_count
from jobplane.server.auth.transport import check_listen, server_credentials, validate
from jobplane.server.store.base import Store


class Security:
    """Validates the options (refusing unsafe ones), loads the token file and keys,
    and supplies the guard every method handler is wrapped in, and the listening port.

    Raises :class:`~jobplane.server.auth.ConfigError` with a fix-it message.
    """

    def __init__(self, config: AuthConfig, listen: str) -> None:
        validate(config)
        check_listen(listen, config)
        self.config = config
        self._authn = Authenticator(config)
        self._credentials = server_credentials(config.tls) if config.tls.enabled else None
        # Where callers authenticate, or an audit file is asked for, audit lines are a
        # record, not chatter: --log-level does not silence them. On an open server
        # (one anonymous caller) they follow --log-level like any other INFO line.
        recorded = self._authn.required or config.audit_file is not None
        audit.log.setLevel(logging.INFO if recorded else logging.NOTSET)

    def guard(self, store: Store) -> AuthGuard:
        """The guard around every method handler; quotas count queued jobs in ``store``."""
        q = self.config.quotas
        quotas = Quotas(q, store_count(store))
        return AuthGuard(self._authn, quotas, protect_meta=self.config.protect_meta)

    def add_port(self, server: grpc.aio.Server, listen: str) -> int:
        """Listen on ``listen`` with TLS when configured; 0 if the address is unusable."""
        try:
            if self._credentials is not None:
                return server.add_secure_port(listen, self._credentials)
            return server.add_insecure_port(listen)
        except RuntimeError:  # grpcio raises where older releases returned 0
            return 0

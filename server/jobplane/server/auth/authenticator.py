"""Authentication: metadata and the TLS peer → a :class:`Principal`, or UNAUTHENTICATED.

Order of evidence, first match wins:

1. ``authorization: Bearer <token>`` — a JWT (three dot-separated parts) when JWTs
   are configured, otherwise a token looked up by its SHA-256 in the token file.
   A bad bearer token fails the call even if a client certificate is present.
2. A verified client certificate (mTLS) whose CN or SAN is listed under
   ``cert_names`` in the token file. With ``--tls-client-ca`` but neither a token
   file nor JWTs, every verified client is let in on the single open tenant
   ``""`` (the CA is the gate) and named by its certificate in audit lines.
3. Nothing: UNAUTHENTICATED (``MISSING_CREDENTIALS``).

Identity metadata such as ``x-jobplane-tenant`` is never evidence of identity.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from jobplane.server.auth.config import AuthConfig
from jobplane.server.auth.jwt_verifier import JwtVerifier
from jobplane.server.auth.mtls import peer_names
from jobplane.server.auth.principal import OPEN, Principal, Role
from jobplane.server.auth.tokens import TokenFile
from jobplane.server.domain import errors

Metadata = Sequence[tuple[str, str | bytes]]
MAX_TOKEN_CHARS = 8192


def _fail(message: str, reason: str) -> errors.UnauthenticatedError:
    return errors.UnauthenticatedError(message, reason=reason)


def _bearer(metadata: Metadata) -> str | None:
    values = [v for k, v in metadata if k == "authorization"]
    if not values:
        return None
    if len(values) > 1:
        raise _fail("send exactly one authorization header", "MALFORMED_CREDENTIALS")
    value = values[0]
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    scheme, _, token = text.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > MAX_TOKEN_CHARS or " " in token:
        raise _fail("the authorization header must be 'Bearer <token>'", "MALFORMED_CREDENTIALS")
    return token


class Authenticator:
    """Turns a call's evidence into a principal, per :class:`AuthConfig`."""

    def __init__(self, config: AuthConfig) -> None:
        self.required = config.authenticates
        self._tokens = TokenFile(config.tokens_file) if config.tokens_file else None
        self._jwt = JwtVerifier(config.jwt) if config.jwt.enabled else None
        self._mtls = config.tls.mutual

    def authenticate(
        self, metadata: Metadata, auth_context: Mapping[str, Iterable[bytes]]
    ) -> Principal:
        """The caller's principal; raises :class:`errors.UnauthenticatedError`."""
        if not self.required:
            return OPEN
        token = _bearer(metadata)
        if token is not None:
            return self._from_token(token)
        names = peer_names(auth_context) if self._mtls else []
        if names:
            return self._from_cert(names)
        raise _fail(
            "this server requires credentials: send 'authorization: Bearer <token>'"
            + (" or a client certificate" if self._mtls else ""),
            "MISSING_CREDENTIALS",
        )

    def _from_token(self, token: str) -> Principal:
        if self._jwt is not None and token.count(".") == 2:
            return self._jwt.verify(token)
        found = self._tokens.current().for_token(token) if self._tokens else None
        if found is None:
            raise _fail("unknown or revoked bearer token", "INVALID_TOKEN")
        return found

    def _from_cert(self, names: list[str]) -> Principal:
        if self._tokens is None and self._jwt is None:
            return Principal(name=names[0], tenant=OPEN.tenant, role=Role.SUBMITTER, via="mtls")
        found = self._tokens.current().for_cert(names) if self._tokens else None
        if found is None:
            raise _fail(
                "the client certificate names no known principal",
                "UNKNOWN_CLIENT_CERTIFICATE",
            )
        return found

"""Fixtures for the security tests: principals, tokens, JWT keys and a test PKI.

Tenant ``acme`` has a viewer and a submitter (token file) and a client
certificate (``acme-worker``); tenant ``globex`` has a submitter (RS256 JWT);
``root`` is an admin of tenant ``ops`` (HS256 JWT).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import grpc
import jwt
import pytest
from jobplane.server import app
from jobplane.server.auth import AuthConfig, JwtConfig, TlsConfig, hash_token, new_token

from .pki import Ca, Issued, rsa_keypair

SECRET = "test-secret-that-is-long-enough-for-hs256!"
ISSUER = "https://issuer.example"
AUDIENCE = "jobplane-test"
Metadata = tuple[tuple[str, str], ...]
StartServer = Callable[..., Awaitable[app.Running]]


@dataclasses.dataclass(frozen=True)
class Keys:
    rsa_private: bytes
    rsa_public: Path
    ca: Ca
    other_ca: Ca
    server: Issued
    acme_worker: Issued
    stranger: Issued  # signed by the CA but named in no token file
    rogue: Issued  # signed by another CA


@pytest.fixture(scope="session")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Keys:
    folder = tmp_path_factory.mktemp("pki")
    private, public = rsa_keypair(folder)
    ca = Ca(folder)
    other = Ca(folder, "other CA")
    return Keys(
        rsa_private=private,
        rsa_public=public,
        ca=ca,
        other_ca=other,
        server=ca.issue("server", dns=("localhost",), ips=("127.0.0.1",), client=False),
        acme_worker=ca.issue("acme-worker", dns=("acme-worker.internal",), client=True),
        stranger=ca.issue("stranger", client=True),
        rogue=other.issue("acme-worker-rogue", dns=("acme-worker.internal",), client=True),
    )


@dataclasses.dataclass
class World:
    """Principals and their credentials for one test."""

    keys: Keys
    tokens_file: Path
    tokens: dict[str, str]

    def config(self, **overrides: Any) -> AuthConfig:
        base: dict[str, Any] = dict(
            tokens_file=self.tokens_file,
            jwt=JwtConfig(
                secret=SECRET,
                public_key_file=self.keys.rsa_public,
                issuer=ISSUER,
                audience=AUDIENCE,
            ),
        )
        base.update(overrides)
        return AuthConfig(**base)

    def tls(self, *, mutual: bool = False) -> TlsConfig:
        return TlsConfig(
            cert_file=self.keys.server.cert,
            key_file=self.keys.server.key,
            client_ca_file=self.keys.ca.cert if mutual else None,
        )

    def jwt(
        self,
        sub: str,
        tenant: str,
        role: str,
        *,
        alg: str = "HS256",
        exp_in_s: float = 300,
        **extra: Any,
    ) -> str:
        now = int(time.time())
        claims = {"sub": sub, "tenant": tenant, "role": role, "iss": ISSUER, "aud": AUDIENCE}
        claims |= {"iat": now, "exp": now + int(exp_in_s)} | extra
        key: str | bytes = SECRET if alg == "HS256" else self.keys.rsa_private
        return jwt.encode(claims, key, algorithm=alg)

    def metadata(self, identity: str) -> Metadata:
        """Call metadata for one of the matrix identities."""
        return {
            "no_token": (),
            "bad_token": bearer("jpt_this-token-was-never-issued"),
            "expired_jwt": bearer(self.jwt("alice", "acme", "submitter", exp_in_s=-120)),
            "viewer": bearer(self.tokens["acme-viewer"]),
            "submitter": bearer(self.tokens["acme-submitter"]),
            "admin": (*bearer(self.jwt("root", "ops", "admin")), ("x-jobplane-tenant", "acme")),
            "other_tenant": bearer(self.jwt("globex-bot", "globex", "submitter", alg="RS256")),
        }[identity]


def bearer(token: str) -> Metadata:
    return (("authorization", f"Bearer {token}"),)


def write_tokens(path: Path, tokens: dict[str, str]) -> None:
    roles = {
        "acme-viewer": ("acme", "viewer"),
        "acme-submitter": ("acme", "submitter"),
        "globex-submitter": ("globex", "submitter"),
        "ops-admin": ("ops", "admin"),
    }
    lines = ["# test principals"]
    for name, (tenant, role) in roles.items():
        lines += [
            "[[principal]]",
            f'name = "{name}"',
            f'tenant = "{tenant}"',
            f'role = "{role}"',
            f'token_sha256 = ["{hash_token(tokens[name])}"]',
            "",
        ]
    lines += [
        "[[principal]]",
        'name = "acme-worker"',
        'tenant = "acme"',
        'role = "submitter"',
        'cert_names = ["acme-worker.internal"]',
    ]
    path.write_text("\n".join(lines) + "\n")


@pytest.fixture
def world(keys: Keys, tmp_path: Path) -> World:
    tokens = {
        name: new_token()
        for name in ("acme-viewer", "acme-submitter", "globex-submitter", "ops-admin")
    }
    path = tmp_path / "tokens.toml"
    write_tokens(path, tokens)
    return World(keys=keys, tokens_file=path, tokens=tokens)


def tls_channel(running: app.Running, keys: Keys, client: Issued | None = None) -> grpc.aio.Channel:
    creds = grpc.ssl_channel_credentials(
        root_certificates=keys.ca.cert_pem,
        private_key=client.key_pem if client else None,
        certificate_chain=client.cert_pem if client else None,
    )
    return grpc.aio.secure_channel(running.target, creds)

"""Credentials in detail: the token file, JWT validation, the role table, meta services."""

from __future__ import annotations

import os
import time
from pathlib import Path

import grpc
import jwt as pyjwt
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from jobplane.server.auth import REQUIRED_ROLE, JwtConfig, Role, hash_token, new_token
from jobplane.server.auth.authenticator import Authenticator
from jobplane.server.auth.config import AuthConfig
from jobplane.server.auth.tokens import TokenFile, parse
from jobplane.server.domain.errors import TokenFileError
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from .calls import call
from .conftest import AUDIENCE, ISSUER, SECRET, StartServer, World, bearer
from .errinfo import reason

GOOD = (
    f'[[principal]]\nname = "a"\ntenant = "acme"\nrole = "viewer"\ntoken_sha256 = ["{"0" * 64}"]\n'
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[[principal]]\nname = 'a'\ntenant = 'acme'\nrole = 'owner'\ntoken_sha256 = []",
            "unknown role",
        ),
        (
            "[[principal]]\nname = 'a'\ntenant = 'a b'\nrole = 'viewer'\ncert_names = ['x']",
            "invalid tenant",
        ),
        (
            "[[principal]]\nname = 'a'\ntenant = 'acme'\nrole = 'viewer'\ntoken_sha256 = ['abc']",
            "not a hex SHA-256",
        ),
        (
            "[[principal]]\nname = 'a'\ntenant = 'acme'\nrole = 'viewer'",
            "give token_sha256 or cert_names",
        ),
        (
            "[[principal]]\nname = 'a'\ntenant = 'acme'\nrole = 'viewer'\ntokens = ['x']",
            "unknown keys",
        ),
        (GOOD + GOOD, "appears twice"),
        (GOOD + GOOD.replace('"a"', '"b"'), "listed twice"),
        ("[server]\nx = 1", "expected only"),
        ("not toml", "token file"),
    ],
)
def test_token_file_mistakes_are_named(text: str, message: str) -> None:
    with pytest.raises(TokenFileError, match=message):
        parse(text)


def test_token_file_reloads_and_keeps_the_last_good_version(tmp_path: Path) -> None:
    token, other = new_token(), new_token()
    path = tmp_path / "t.toml"
    path.write_text(GOOD.replace("0" * 64, hash_token(token)))
    tokens = TokenFile(path, check_s=0.0)
    assert tokens.current().for_token(token) is not None
    path.write_text(GOOD.replace("0" * 64, hash_token(other)))
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert tokens.current().for_token(token) is None  # revoked by editing the file
    assert tokens.current().for_token(other) is not None
    path.write_text("broken = [")
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 2 * 10**9))
    assert tokens.current().for_token(other) is not None


def test_hash_token_is_hex_sha256() -> None:
    assert hash_token("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert new_token().startswith("jpt_") and new_token() != new_token()


def _authn(**jwt: object) -> Authenticator:
    base: dict[str, object] = dict(secret=SECRET, issuer=ISSUER, audience=AUDIENCE)
    base.update(jwt)
    return Authenticator(AuthConfig(jwt=JwtConfig(**base)))  # type: ignore[arg-type]


def _claims(**extra: object) -> dict[str, object]:
    # Built when the tests are collected: valid for an hour, so a long suite run (the
    # file may run many minutes after collection) does not see them expire.
    now = int(time.time())
    claims: dict[str, object] = dict(
        sub="svc", tenant="acme", role="submitter", iss=ISSUER, aud=AUDIENCE, exp=now + 3600
    )
    claims.update(extra)
    return {k: v for k, v in claims.items() if v is not None}


@pytest.mark.parametrize(
    ("claims", "key", "alg", "want"),
    [
        (_claims(), SECRET, "HS256", "OK"),
        (_claims(exp=int(time.time()) - 5), SECRET, "HS256", "TOKEN_EXPIRED"),
        (_claims(nbf=int(time.time()) + 300), SECRET, "HS256", "TOKEN_NOT_YET_VALID"),
        (_claims(exp=None), SECRET, "HS256", "INVALID_TOKEN"),
        (_claims(iss="https://evil.example"), SECRET, "HS256", "INVALID_TOKEN"),
        (_claims(aud="someone-else"), SECRET, "HS256", "INVALID_TOKEN"),
        (_claims(), "another-secret-of-sufficient-length-123", "HS256", "INVALID_TOKEN"),
        (_claims(tenant=None), SECRET, "HS256", "INVALID_CLAIMS"),
        (_claims(role="root"), SECRET, "HS256", "INVALID_CLAIMS"),
        (_claims(tenant="../etc"), SECRET, "HS256", "INVALID_CLAIMS"),
        (_claims(), None, "none", "INVALID_TOKEN"),
    ],
)
def test_jwt_validation(claims: dict[str, object], key: str | None, alg: str, want: str) -> None:
    token = pyjwt.encode(claims, key, algorithm=alg)  # type: ignore[arg-type]
    authn = _authn()
    try:
        principal = authn.authenticate(bearer(token), {})
    except Exception as exc:
        assert getattr(exc, "reason", None) == want, exc
    else:
        assert want == "OK" and principal.tenant == "acme" and principal.role is Role.SUBMITTER


def test_rs256_public_key_is_never_an_hmac_secret(world: World) -> None:
    """Algorithm confusion: an HS256 token signed with the RS256 *public* key."""
    authn = Authenticator(AuthConfig(jwt=JwtConfig(public_key_file=world.keys.rsa_public)))
    public = world.keys.rsa_public.read_bytes()
    import base64
    import hashlib
    import hmac
    import json

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64(json.dumps(_claims()).encode())
    sig = b64(hmac.new(public, f"{head}.{body}".encode(), hashlib.sha256).digest())
    with pytest.raises(Exception) as err:
        authn.authenticate(bearer(f"{head}.{body}.{sig}"), {})
    assert getattr(err.value, "reason", None) == "INVALID_TOKEN"


def test_claim_names_are_configurable() -> None:
    authn = _authn(principal_claim="client_id", tenant_claim="org", role_claim="scope")
    token = pyjwt.encode(_claims(client_id="c1", org="globex", scope="viewer"), SECRET, "HS256")
    principal = authn.authenticate(bearer(token), {})
    assert (principal.name, principal.tenant, principal.role) == ("c1", "globex", Role.VIEWER)


@pytest.mark.parametrize(
    "header", ["Basic dXNlcjpwdw==", "Bearer", "Bearer ", "token abc", "Bearer a b"]
)
def test_malformed_authorization_header(header: str) -> None:
    with pytest.raises(Exception) as err:
        _authn().authenticate((("authorization", header),), {})
    assert getattr(err.value, "reason", None) == "MALFORMED_CREDENTIALS"


def test_every_rpc_has_a_role() -> None:
    """A new RPC must be placed in the role table (until then it is admin-only)."""
    methods = svc.DESCRIPTOR.services_by_name["JobService"].methods_by_name
    assert set(methods) <= set(REQUIRED_ROLE)


async def test_health_and_reflection_stay_open(start_server: StartServer, world: World) -> None:
    running = await start_server(auth=world.config())
    async with grpc.aio.insecure_channel(running.target) as channel:
        health = health_pb2_grpc.HealthStub(channel)
        resp = await health.Check(health_pb2.HealthCheckRequest(service=""))
        assert resp.status == health_pb2.HealthCheckResponse.SERVING
        code, _ = await call(svc_grpc.JobServiceStub(channel), "ListJobs", "", ())
        assert code == grpc.StatusCode.UNAUTHENTICATED


async def test_protected_meta_services_need_credentials(
    start_server: StartServer, world: World
) -> None:
    running = await start_server(auth=world.config(protect_meta=True))
    async with grpc.aio.insecure_channel(running.target) as channel:
        health = health_pb2_grpc.HealthStub(channel)
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await health.Check(health_pb2.HealthCheckRequest(service=""))
        assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED
        assert reason(err.value) == "MISSING_CREDENTIALS"
        ok = await health.Check(
            health_pb2.HealthCheckRequest(service=""), metadata=world.metadata("viewer")
        )
        assert ok.status == health_pb2.HealthCheckResponse.SERVING
        # Reflection is a bidirectional stream: guarded too.
        from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

        refl = reflection_pb2_grpc.ServerReflectionStub(channel)
        req = reflection_pb2.ServerReflectionRequest(list_services="")
        with pytest.raises(grpc.aio.AioRpcError) as err:
            async for _ in refl.ServerReflectionInfo(iter([req])):
                pass
        assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED
        names = []
        async for resp in refl.ServerReflectionInfo(iter([req]), metadata=world.metadata("viewer")):
            names = [s.name for s in resp.list_services_response.service]
        assert "jobplane.v1.JobService" in names


def test_unknown_services_and_methods_are_admin_only() -> None:
    from jobplane.server.auth import Principal
    from jobplane.server.auth.roles import authorize
    from jobplane.server.domain.errors import PermissionDeniedError

    submitter = Principal(name="s", tenant="acme", role=Role.SUBMITTER, via="token")
    admin = Principal(name="a", tenant="ops", role=Role.ADMIN, via="token")
    for service, method in (("jobplane.v1.JobService", "PurgeAll"), ("x.v1.Other", "Ping")):
        with pytest.raises(PermissionDeniedError):
            authorize(submitter, service, method, ())
        assert authorize(admin, service, method, ()).tenant == "ops"
    # Health, when protected, is for anyone authenticated.
    assert authorize(submitter, "grpc.health.v1.Health", "Check", ()).tenant == "acme"

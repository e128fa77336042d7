"""The serve flags and their JOBPLANE_* variables, end to end in a child process."""

from __future__ import annotations

import json
from pathlib import Path

import grpc
import pytest
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from ..support import server_process
from .calls import call
from .conftest import SECRET, World


def test_flags_and_env_configure_auth_tls_quotas_and_audit(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    audit = tmp_path / "audit.jsonl"
    monkeypatch.setenv("JOBPLANE_AUTH_JWT_SECRET", SECRET)  # secrets belong in the env
    # One call per 100 s: the bucket cannot refill between the calls, however slow the machine.
    monkeypatch.setenv("JOBPLANE_QUOTA_SUBMIT_RATE", "0.01")
    keys = world.keys
    args = (
        "--auth-tokens", str(world.tokens_file),
        "--auth-jwt-issuer", "https://issuer.example",
        "--auth-jwt-audience", "jobplane-test",
        "--tls-cert", str(keys.server.cert),
        "--tls-key", str(keys.server.key),
        "--audit-log", str(audit),
    )  # fmt: skip
    with server_process(f"sqlite:///{tmp_path / 'jobs.db'}", *args) as srv:
        creds = grpc.ssl_channel_credentials(root_certificates=keys.ca.cert_pem)

        async def run() -> list[grpc.StatusCode]:
            async with grpc.aio.secure_channel(srv.target, creds) as channel:
                stub = svc_grpc.JobServiceStub(channel)
                codes = []
                for identity in ("admin", "submitter", "submitter", "no_token"):
                    codes.append((await call(stub, "SubmitJob", "", world.metadata(identity)))[0])
                return codes

        import asyncio

        codes = asyncio.run(run())
        log = srv.log()
    assert codes == [
        grpc.StatusCode.OK,  # HS256 JWT (secret from the env), admin naming acme
        grpc.StatusCode.RESOURCE_EXHAUSTED,  # acme's bucket (0.01/s) is spent
        grpc.StatusCode.RESOURCE_EXHAUSTED,
        grpc.StatusCode.UNAUTHENTICATED,
    ], log[-2000:]
    lines = [json.loads(x) for x in audit.read_text().splitlines()]
    assert [(x["principal"], x["outcome"]) for x in lines] == [
        ("root", "OK"),
        ("acme-submitter", "RESOURCE_EXHAUSTED"),
        ("acme-submitter", "RESOURCE_EXHAUSTED"),
        (None, "UNAUTHENTICATED"),
    ]


def test_the_server_tls_files_have_their_own_variables() -> None:
    from jobplane.server.cli import serve

    params = {p.name: p for p in serve.params}
    # Not the client CLI's names for its own certificate.
    assert params["auth__tls__cert_file"].envvar == "JOBPLANE_SERVER_TLS_CERT"
    assert params["auth__tls__key_file"].envvar == "JOBPLANE_SERVER_TLS_KEY"


def test_token_helpers(world: World) -> None:
    from click.testing import CliRunner
    from jobplane.server.auth import hash_token
    from jobplane.server.auth.__main__ import main

    runner = CliRunner()
    made = runner.invoke(main, ["new-token"])
    assert made.exit_code == 0
    token = made.output.split()[1]
    assert hash_token(token) in made.output
    hashed = runner.invoke(main, ["hash-token"], input=token + "\n")
    assert hashed.output.strip() == hash_token(token)
    checked = runner.invoke(main, ["check", str(world.tokens_file)])
    assert checked.exit_code == 0 and "acme-worker: tenant 'acme', role submitter" in checked.output
    broken = world.tokens_file.with_name("broken.toml")
    broken.write_text("[[principal]]\nname = 'x'\n")
    assert runner.invoke(main, ["check", str(broken)]).exit_code == 1

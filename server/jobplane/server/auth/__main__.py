"""``python -m jobplane.server.auth``: make and hash bearer tokens for the token file.

python -m jobplane.server.auth new-token          # token + the line for the file
printf %s "$TOKEN" | python -m jobplane.server.auth hash-token
python -m jobplane.server.auth check FILE         # validate a token file
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from jobplane.server.auth.tokens import hash_token, new_token, parse
from jobplane.server.domain.errors import TokenFileError


@click.group()
def main() -> None:
    """Token helpers for jobplane's --auth-tokens file."""


@main.command("new-token")
def new_token_cmd() -> None:
    """Print a fresh token (give it to the client) and its hash (put it in the file)."""
    token = new_token()
    click.echo(f"token:        {token}")
    click.echo(f'token_sha256 = ["{hash_token(token)}"]')


@main.command("hash-token")
def hash_token_cmd() -> None:
    """Read a token from stdin (one line) and print its SHA-256."""
    token = sys.stdin.readline().strip()
    if not token:
        raise click.UsageError("no token on stdin")
    click.echo(hash_token(token))


@main.command("check")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def check_cmd(path: Path) -> None:
    """Validate a token file and list its principals."""
    try:
        table = parse(path.read_text(encoding="utf-8"), str(path))
    except TokenFileError as exc:
        raise click.ClickException(str(exc)) from None
    seen = {p.name: p for p in [*table.by_hash.values(), *table.by_cert_name.values()]}
    for p in seen.values():
        click.echo(f"{p.name}: tenant {p.tenant!r}, role {p.role.label}")


if __name__ == "__main__":
    main(prog_name="python -m jobplane.server.auth")

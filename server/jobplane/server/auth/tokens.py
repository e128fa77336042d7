"""The token file: principals, their hashed bearer tokens and client-certificate names.

A TOML file with one ``[[principal]]`` table per identity::

    # jobplane principals. Only SHA-256 hashes of tokens are stored here:
    #   python -m jobplane.server.auth new-token      (prints a token and its hash)
    #   python -m jobplane.server.auth hash-token     (hashes a token read from stdin)

    [[principal]]
    name = "billing-api"                  # shown in audit lines
    tenant = "billing"                    # the jobs it sees and owns
    role = "submitter"                    # viewer | submitter | admin
    token_sha256 = ["9f86d081884c7d65…"]  # hex SHA-256 of each accepted token
    cert_names = ["billing-api.internal"] # mTLS: client-cert CN or DNS/URI SAN

Several hashes per principal allow rotation without downtime. The file is read
again when its modification time changes (checked at most once a second); a
broken edit is logged and the previous contents stay in force.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import re
import secrets
import time
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jobplane.server.auth.principal import Principal, Role, check_tenant
from jobplane.server.domain.errors import TokenFileError

log = logging.getLogger("jobplane.auth")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_KEYS = {"name", "tenant", "role", "token_sha256", "cert_names"}
TOKEN_PREFIX = "jpt_"


def hash_token(token: str) -> str:
    """The lowercase hex SHA-256 of ``token`` (what the token file stores)."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    """A fresh random token (256 bits), e.g. ``jpt_Xq3…``."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


@dataclasses.dataclass(frozen=True, slots=True)
class Principals:
    """Lookup tables built from one version of the token file."""

    by_hash: Mapping[str, Principal]
    by_cert_name: Mapping[str, Principal]

    def for_token(self, token: str) -> Principal | None:
        # Looking up the SHA-256 of the token, not the token, leaks nothing useful
        # through timing: steering the lookup would take SHA-256 preimages.
        return self.by_hash.get(hash_token(token))

    def for_cert(self, names: list[str]) -> Principal | None:
        for name in names:
            found = self.by_cert_name.get(name)
            if found is not None:
                return found
        return None


def _strings(entry: Mapping[str, Any], key: str, where: str) -> list[str]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TokenFileError(f"{where}: {key} must be a list of strings")
    return value


def _principal(entry: Mapping[str, Any], where: str) -> tuple[Principal, list[str], list[str]]:
    unknown = set(entry) - _KEYS
    if unknown:
        raise TokenFileError(f"{where}: unknown keys {sorted(unknown)}; allowed: {sorted(_KEYS)}")
    name, tenant, role = (entry.get(k) for k in ("name", "tenant", "role"))
    if not isinstance(name, str) or not name.strip():
        raise TokenFileError(f"{where}: name must be a non-empty string")
    where = f"{where} ({name})"
    if not isinstance(tenant, str) or not isinstance(role, str):
        raise TokenFileError(f"{where}: tenant and role must be strings")
    try:
        principal = Principal(
            name=name, tenant=check_tenant(tenant), role=Role.parse(role), via="token"
        )
    except ValueError as exc:
        raise TokenFileError(f"{where}: {exc}") from None
    hashes = [h.lower() for h in _strings(entry, "token_sha256", where)]
    for h in hashes:
        if not _HEX64.match(h):
            raise TokenFileError(f"{where}: {h[:16]!r}… is not a hex SHA-256 (64 hex digits)")
    certs = _strings(entry, "cert_names", where)
    if not hashes and not certs:
        raise TokenFileError(f"{where}: give token_sha256 or cert_names (or both)")
    return principal, hashes, certs


def parse(text: str, source: str = "token file") -> Principals:
    """Build the lookup tables from TOML ``text``; TokenFileError on any mistake."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TokenFileError(f"{source}: {exc}") from None
    entries = doc.get("principal", [])
    if set(doc) - {"principal"} or not isinstance(entries, list):
        raise TokenFileError(f"{source}: expected only [[principal]] tables")
    by_hash: dict[str, Principal] = {}
    by_cert: dict[str, Principal] = {}
    names: set[str] = set()
    for i, entry in enumerate(entries, 1):
        principal, hashes, certs = _principal(entry, f"{source}: principal #{i}")
        if principal.name in names:
            raise TokenFileError(f"{source}: principal {principal.name!r} appears twice")
        names.add(principal.name)
        for h in hashes:
            if h in by_hash:
                raise TokenFileError(f"{source}: a token hash is listed twice ({h[:12]}…)")
            by_hash[h] = principal
        for cert in certs:
            if cert in by_cert:
                raise TokenFileError(f"{source}: cert name {cert!r} is listed twice")
            by_cert[cert] = dataclasses.replace(principal, via="mtls")
    return Principals(by_hash, by_cert)


class TokenFile:
    """The token file, re-read when it changes (at most once per ``check_s``)."""

    def __init__(self, path: Path, *, check_s: float = 1.0) -> None:
        self._path = path
        self._check_s = check_s
        self._mtime = self._stat()
        self._table = parse(self._read(), str(path))
        self._next_check = time.monotonic() + check_s

    def _stat(self) -> int:
        try:
            return os.stat(self._path).st_mtime_ns
        except OSError as exc:
            raise TokenFileError(f"cannot read token file {self._path}: {exc}") from None

    def _read(self) -> str:
        try:
            return self._path.read_text(encoding="utf-8")
        except OSError as exc:
            raise TokenFileError(f"cannot read token file {self._path}: {exc}") from None

    def current(self) -> Principals:
        """The latest valid contents."""
        now = time.monotonic()
        if now >= self._next_check:
            self._next_check = now + self._check_s
            self._reload()
        return self._table

    def _reload(self) -> None:
        try:
            mtime = self._stat()
            if mtime == self._mtime:
                return
            self._table = parse(self._read(), str(self._path))
            self._mtime = mtime
            log.info("reloaded token file %s", self._path)
        except TokenFileError as exc:
            log.error("keeping the previous token file: %s", exc)

"""Who is calling: the principal, its role, and the tenant the call acts on.

The security guard stores a :class:`Caller` in a context variable for the duration
of one RPC; the servicer reads it through :func:`current_tenant`.
"""

from __future__ import annotations

import contextvars
import dataclasses
import enum
import re

#: Tenant names: letters, digits, ``.``, ``_``, ``-``; at most 64 characters.
TENANT_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class Role(enum.IntEnum):
    """Ordered: each role may do everything the roles below it may — except
    ``worker``, which may only work (WorkerService), below every JobService role."""

    WORKER = 0
    VIEWER = 1
    SUBMITTER = 2
    ADMIN = 3

    @classmethod
    def parse(cls, text: str) -> Role:
        """``worker`` / ``viewer`` / ``submitter`` / ``admin`` (any case); ValueError otherwise."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown role {text!r}; use worker, viewer, submitter or admin"
            ) from None

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Principal:
    """An authenticated identity. ``via`` says how: token, jwt, mtls or open."""

    name: str
    tenant: str
    role: Role
    via: str


#: The caller of an open server: one tenant (``""``), every permission.
OPEN = Principal(name="anonymous", tenant="", role=Role.SUBMITTER, via="open")


@dataclasses.dataclass(frozen=True, slots=True)
class Caller:
    """A principal and the tenant this call acts on (None: every tenant, admins only)."""

    principal: Principal
    tenant: str | None


_current: contextvars.ContextVar[Caller | None] = contextvars.ContextVar(
    "jobplane_caller", default=None
)


def current_caller() -> Caller | None:
    """The caller of the RPC being served, or None outside an intercepted call."""
    return _current.get()


def current_tenant() -> str | None:
    """The tenant the current call acts on; ``""`` (the open tenant) when unset."""
    caller = _current.get()
    return "" if caller is None else caller.tenant


def bind(caller: Caller) -> contextvars.Token[Caller | None]:
    """Make ``caller`` current; undo with :func:`unbind`."""
    return _current.set(caller)


def unbind(token: contextvars.Token[Caller | None]) -> None:
    _current.reset(token)


def check_tenant(name: str) -> str:
    """``name`` if it is a valid tenant name, else ValueError."""
    if not TENANT_RE.match(name):
        raise ValueError(f"invalid tenant {name[:80]!r}: use 1-64 letters, digits, '.', '_' or '-'")
    return name

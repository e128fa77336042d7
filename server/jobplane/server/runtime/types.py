"""Which job types this server accepts: those its own handlers run, those declared
for remote workers (``--job-type``), and those a worker polled or listened for,
remembered durably (so a restart, or another replica, accepts them too)."""

from __future__ import annotations

import time
from collections.abc import Iterable

from jobplane.server.domain import errors
from jobplane.server.runtime.registry import Registry
from jobplane.server.store.base import Store

#: At most this many types per worker request, each at most this long.
MAX_TYPES = 100
MAX_TYPE_CHARS = 200


class KnownTypes:
    def __init__(self, registry: Registry, declared: Iterable[str], store: Store) -> None:
        self._registry = registry
        self._store = store
        #: Types remote workers run (declared or remembered), not the registry's.
        self._remote: set[str] = set(declared)

    @property
    def remote(self) -> frozenset[str]:
        """Types run by remote workers and not by a handler of this server."""
        return frozenset(t for t in self._remote if self._registry.get(t) is None)

    def known(self, name: str) -> bool:
        """Jobs of ``name`` may be submitted (a handler here, or remote workers)."""
        return self._registry.get(name) is not None or name in self._remote

    def names(self) -> list[str]:
        return sorted({*self._registry.names(), *self._remote})

    async def load(self) -> None:
        """Read the remembered types (at start)."""
        self._remote.update(await self._store.known_types())

    async def check(self, name: str) -> None:
        """INVALID_ARGUMENT (UNKNOWN_JOB_TYPE) unless jobs of ``name`` may be submitted."""
        if self._registry.get(name) is not None or name in self._remote:
            return
        self._remote.update(await self._store.known_types())  # another replica's workers
        if name in self._remote:
            return
        known = ", ".join(self.names()) or "(none)"
        raise errors.InvalidArgumentError(
            f"unknown job type {name!r}; this server runs: {known} (declare a type that "
            "remote workers run with --job-type)",
            reason="UNKNOWN_JOB_TYPE",
            field="type",
            metadata={"type": name, "known_types": known[:1000]},
        )

    async def remember(self, names: Iterable[str]) -> frozenset[str]:
        """Record the types a worker asked for (checked); returns them."""
        wanted = frozenset(names)
        if not wanted or len(wanted) > MAX_TYPES:
            raise errors.InvalidArgumentError(
                f"types must list 1 to {MAX_TYPES} job types", field="types"
            )
        for name in wanted:
            if not name or len(name) > MAX_TYPE_CHARS or name != name.strip():
                raise errors.InvalidArgumentError(
                    f"bad job type {name[:80]!r}: 1-{MAX_TYPE_CHARS} characters, no "
                    "surrounding spaces",
                    field="types",
                )
        new = [n for n in wanted if n not in self._remote and self._registry.get(n) is None]
        if new:
            await self._store.remember_types(sorted(new), time.time())
            self._remote.update(new)
        return wanted

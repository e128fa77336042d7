"""The store's settings: which database, and how hard an acknowledged write is kept."""

from __future__ import annotations

import dataclasses

from jobplane.server.store.base import Durability


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class StoreConfig:
    #: ``sqlite:///FILE``, ``sqlite:///:memory:`` or ``postgresql://…[?schema=NAME]``.
    db: str = "sqlite:///./jobplane.db"
    #: What an acknowledged write survives: a crash of the process (WAL,
    #: synchronous=NORMAL), or power loss too (an fsync per group commit).
    durability: Durability = Durability.PROCESS

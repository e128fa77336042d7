"""The store's settings: which database, and how hard an acknowledged write is kept."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class StoreConfig:
    #: ``sqlite:///FILE``, ``sqlite:///:memory:`` or ``postgresql://…[?schema=NAME]``.
    db: str = "sqlite:///./jobplane.db"
    #: "process": an acknowledged write survives a crash of the process (WAL,
    #: synchronous=NORMAL). "power": it also survives power loss (fsync per commit).
    durability: str = "process"

    @property
    def shared(self) -> bool:
        """Several replicas may share this store (PostgreSQL); SQLite has one owner."""
        return self.db.startswith(("postgresql://", "postgres://"))

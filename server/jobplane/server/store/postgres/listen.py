"""LISTEN for the other replicas' commits, reconnecting for as long as it runs."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
from jobplane.server.store.notice import Notice

log = logging.getLogger("jobplane.store.postgres")
#: Reconnection backoff: first and longest wait.
FIRST_DELAY_S = 0.1
MAX_DELAY_S = 5.0

OnNotices = Callable[[list[Notice]], None]


async def listen_loop(
    connect: Callable[[], Awaitable[asyncpg.Connection]],
    channel: str,
    origin: str,
    on_notices: OnNotices,
    on_resync: Callable[[], None],
) -> None:
    """Hand each NOTIFY on ``channel`` to ``on_notices`` (notices headed by ``origin``
    are marked local); after every (re)connection call ``on_resync``, since notices
    may have been missed meanwhile. Runs until cancelled."""

    def callback(_conn: Any, _pid: int, _channel: str, payload: str) -> None:
        try:
            on_notices(Notice.parse_payload(payload, origin))
        except Exception:
            log.exception("handling a notice failed")

    delay = FIRST_DELAY_S
    while True:
        conn: asyncpg.Connection | None = None
        lost = asyncio.Event()
        try:
            conn = await connect()
            conn.add_termination_listener(lambda _c, lost=lost: lost.set())
            await conn.add_listener(channel, callback)
            delay = FIRST_DELAY_S
            on_resync()
            await lost.wait()
            log.warning("LISTEN connection lost; reconnecting")
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            log.warning("LISTEN failed (%s); retrying in %.1fs", exc, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, MAX_DELAY_S)
        finally:
            if conn is not None and not conn.is_closed():
                with contextlib.suppress(Exception):
                    await asyncio.shield(conn.close(timeout=2))

"""The HTTP edge's settings (``--http-listen``, ``--http-cors-origin``, ``--http-keepalive``).

Field names differ from the other parts' (``address``, not ``listen``): a setting
is named once across the server's configs.
"""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class HttpConfig:
    #: HOST:PORT for HTTP/JSON, Server-Sent Events and the dashboard (None: off).
    address: str | None = None
    #: Browser origins allowed to call the API from their pages (CORS); empty: CORS off.
    cors_origins: tuple[str, ...] = ()
    #: An event stream with nothing to send writes a comment this often.
    sse_keepalive_s: float = 15.0

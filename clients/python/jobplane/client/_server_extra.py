"""What ``jobplane serve`` / ``migrate`` need beyond the client: the ``server`` extra.

``pip install jobplane`` gives the client and the CLI (grpcio, protobuf, click, rich);
``pip install 'jobplane[server]'`` adds the server's own packages. The CLI checks for
them before it loads a server command, so a light install gets one line saying what
to install instead of a traceback. Kept beside the client (not in ``jobplane.server``)
because it must import where the server cannot.
"""

from __future__ import annotations

import importlib.util
from typing import Final

#: Module imported by the server -> the distribution (in the ``server`` extra) providing it.
SERVER_MODULES: Final = {
    "asyncpg": "asyncpg",
    "jwt": "PyJWT",
    "cryptography": "cryptography",
    "grpc_health": "grpcio-health-checking",
    "grpc_reflection": "grpcio-reflection",
    "grpc_status": "grpcio-status",
    "orjson": "orjson",
    "cronsim": "cronsim",
    "aiohttp": "aiohttp",
    "prometheus_client": "prometheus-client",
}

INSTALL_HINT: Final = "pip install 'jobplane[server]'"


def missing() -> list[str]:
    """The distributions of the ``server`` extra whose modules cannot be imported."""
    absent = []
    for module, distribution in SERVER_MODULES.items():
        try:
            found = importlib.util.find_spec(module) is not None
        except ImportError:  # an import hook refusing it, or a broken parent package
            found = False
        if not found:
            absent.append(distribution)
    return absent


def message(command: str, absent: list[str]) -> str:
    """One line: what is missing and what to install."""
    return (
        f"jobplane: `jobplane {command}` needs the server's packages "
        f"(missing: {', '.join(absent)}); install them with: {INSTALL_HINT}"
    )

"""jobplane's server, and the handler kit: what a handler module imports.

A handler module exposes ``register(registry)`` and is named on the command line
(``jobplane serve --handlers my.module``)::

    from jobplane.server import JobContext, NonRetryableError, Registry

    async def resize(ctx: JobContext) -> dict:
        ...

    def register(registry: Registry) -> None:
        registry.register("images.resize", resize)

The names in ``__all__`` are the public API, documented in the README's "The
handler kit" section (a test holds the two together). Every module and package
under ``jobplane.server`` is internal: it may change in any release. The names load
on first use, so importing this package costs nothing.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jobplane.server.domain.errors import HandlerError, JobCancelled, NonRetryableError
    from jobplane.server.domain.model import JsonDict
    from jobplane.server.runtime.context import JobContext
    from jobplane.server.runtime.registry import Handler, Registry

__all__ = [
    "Handler",
    "HandlerError",
    "JobCancelled",
    "JobContext",
    "JsonDict",
    "NonRetryableError",
    "Registry",
]

#: Where each public name is defined.
_HOME = {
    "Handler": "jobplane.server.runtime.registry",
    "HandlerError": "jobplane.server.domain.errors",
    "JobCancelled": "jobplane.server.domain.errors",
    "JobContext": "jobplane.server.runtime.context",
    "JsonDict": "jobplane.server.domain.model",
    "NonRetryableError": "jobplane.server.domain.errors",
    "Registry": "jobplane.server.runtime.registry",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        # Also how ``from jobplane.server import app`` falls back to the submodule.
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})

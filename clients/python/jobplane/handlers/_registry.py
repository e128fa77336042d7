"""The handler registry, and loading handler modules named on the command line.

A handler is ``async def handler(ctx) -> dict | None`` or a plain function (run in
a thread, off the event loop). A handler module exposes ``register(registry)``.
The server and the remote worker load modules into the same :class:`Registry`.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from jobplane.handlers._context import JsonDict

# The context parameter is Any: a handler annotated with the server's JobContext or
# with HandlerContext is accepted alike (Callable parameters are contravariant).
Handler = Callable[[Any], Awaitable[JsonDict | None]] | Callable[[Any], JsonDict | None]


@dataclasses.dataclass(frozen=True, slots=True)
class Registered:
    name: str
    fn: Handler
    is_async: bool
    #: In the server: run each attempt in a killable child process
    #: (jobplane.server.runtime.isolation). A remote worker runs it like any other.
    isolated: bool = False


class Registry:
    """Handlers by name."""

    def __init__(self) -> None:
        self._handlers: dict[str, Registered] = {}

    def register(self, name: str, fn: Handler, *, isolated: bool = False) -> None:
        """``isolated=True``: each attempt runs in a child process that a hard cancel,
        timeout or shutdown kills (``fn`` must be a module-level function)."""
        if not name or len(name) > 200:
            raise ValueError(f"bad handler name {name!r}")
        if name in self._handlers:
            raise ValueError(f"handler {name!r} registered twice")
        if isolated and "<locals>" in getattr(fn, "__qualname__", "<locals>"):
            raise ValueError(f"isolated handler {name!r} must be a module-level function")
        self._handlers[name] = Registered(name, fn, inspect.iscoroutinefunction(fn), isolated)

    def handler(self, name: str) -> Callable[[Handler], Handler]:
        """Decorator form of :meth:`register`."""

        def wrap(fn: Handler) -> Handler:
            self.register(name, fn)
            return fn

        return wrap

    def get(self, name: str) -> Registered | None:
        return self._handlers.get(name)

    def names(self) -> list[str]:
        return sorted(self._handlers)

    def load_module(self, module_name: str) -> None:
        """Import ``module_name`` and call its ``register(registry)``."""
        module: Any = importlib.import_module(module_name)
        register = getattr(module, "register", None)
        if not callable(register):
            raise ValueError(f"handler module {module_name!r} has no register(registry) function")
        register(self)

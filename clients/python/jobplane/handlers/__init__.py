"""jobplane.handlers: what a handler module needs, with no server and no network.

The same handler module runs inside the server (``jobplane serve --handlers MODULE``)
and in a remote worker process (``jobplane worker --handlers MODULE``). It exposes
``register(registry)`` and its handlers take one ``ctx``::

    from jobplane.handlers import HandlerError, Registry

    async def resize(ctx):
        for i, name in enumerate(ctx.payload["images"], 1):
            ctx.raise_if_cancelled()
            ...
            ctx.report_progress(i, len(ctx.payload["images"]), name)
        return {"done": True}

    def register(registry: Registry) -> None:
        registry.register("images.resize", resize)

``ctx`` (see :class:`HandlerContext`) has ``payload``, ``attempt``,
``report_progress``, ``heartbeat``, ``checkpoint`` / ``checkpoint_data``,
``cancelled`` and ``raise_if_cancelled``. Raise :class:`HandlerError` to fail an
attempt with a chosen reason, :class:`NonRetryableError` to fail the job at once.
"""

from jobplane.handlers._context import HandlerContext, JsonDict
from jobplane.handlers._errors import HandlerError, JobCancelled, NonRetryableError
from jobplane.handlers._registry import Handler, Registered, Registry

__all__ = [
    "Handler",
    "HandlerContext",
    "HandlerError",
    "JobCancelled",
    "JsonDict",
    "NonRetryableError",
    "Registered",
    "Registry",
]

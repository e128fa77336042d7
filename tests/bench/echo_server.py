"""A bare ``grpc.aio`` server: the physical limit of the stack, for the ratios.

``/bench.Echo/Unary`` answers an empty message; ``/bench.Echo/Stream`` streams a
fixed message (a serialized WatchProgressResponse, so the client decodes the same
type it decodes from jobplane) as many times as the request's decimal count says.
Generic handlers, no proto. Run: ``python -m tests.bench.echo_server``; it prints
``echo: serving on 127.0.0.1:<port>`` to stderr.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from typing import Any

import grpc
from jobplane.v1 import job_service_pb2 as svc

UNARY = "/bench.Echo/Unary"
STREAM = "/bench.Echo/Stream"


def stream_message() -> bytes:
    """A typical progress event, as jobplane would send it."""
    m = svc.WatchProgressResponse(sequence=12345, attempt=1)
    m.status = 2  # type: ignore[assignment]
    m.kind = 3  # type: ignore[assignment]
    m.progress.current = 500.0
    m.progress.total = 5000.0
    m.progress.percent = 10.0
    m.progress.update_time.FromNanoseconds(1_760_000_000_000_000_000)
    m.event_time.FromNanoseconds(1_760_000_000_000_000_000)
    return m.SerializeToString()


async def _unary(request: bytes, context: Any) -> bytes:
    return b""


async def _stream(request: bytes, context: Any) -> AsyncIterator[bytes]:
    message = stream_message()
    for _ in range(min(int(request or b"0"), 10_000_000)):
        yield message


class _Handlers(grpc.GenericRpcHandler):
    def service(self, handler_call_details: Any) -> Any:
        method = handler_call_details.method
        if method == UNARY:
            return grpc.unary_unary_rpc_method_handler(_unary)
        if method == STREAM:
            return grpc.unary_stream_rpc_method_handler(_stream)
        return None


async def serve(listen: str) -> None:
    server = grpc.aio.server(options=[("grpc.max_concurrent_streams", 1000)])
    server.add_generic_rpc_handlers((_Handlers(),))
    port = server.add_insecure_port(listen)
    await server.start()
    print(f"echo: serving on 127.0.0.1:{port}", file=sys.stderr, flush=True)
    await server.wait_for_termination()


def main() -> None:
    listen = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:0"
    try:
        import uvloop

        uvloop.run(serve(listen))
    except ImportError:
        asyncio.run(serve(listen))


if __name__ == "__main__":
    main()

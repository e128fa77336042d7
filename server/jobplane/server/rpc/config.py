"""The gRPC server's settings: where it listens, message and stream limits, keepalive."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class RpcConfig:
    #: HOST:PORT (port 0 picks a free one).
    listen: str = "127.0.0.1:50051"
    max_message_bytes: int = 4 * 1024 * 1024
    #: Calls served at once; as many more may wait to be taken up.
    max_concurrent_streams: int = 10_000
    #: Calls served at once, server-wide, past which a call is refused
    #: RESOURCE_EXHAUSTED (None: ``max_concurrent_streams``). Per tenant, streams are
    #: bounded by ``auth.quotas.max_streams``.
    max_concurrent_rpcs: int | None = None

    @property
    def rpc_limit(self) -> int:
        """``grpc.aio.server``'s ``maximum_concurrent_rpcs``."""
        return (
            self.max_concurrent_streams
            if self.max_concurrent_rpcs is None
            else self.max_concurrent_rpcs
        )

    #: Reap half-open clients: ping this often, drop after the timeout without an answer.
    keepalive_s: float = 60.0
    keepalive_timeout_s: float = 20.0

    def server_options(self) -> list[tuple[str, int]]:
        """The ``grpc.aio.server`` channel options these settings stand for."""
        return [
            ("grpc.max_receive_message_length", self.max_message_bytes),
            ("grpc.max_send_message_length", self.max_message_bytes),
            ("grpc.max_concurrent_streams", 1000),
            # Calls that arrived but are not yet taken up by the server's loop: gRPC's
            # default (1,000) CANCELs the rest of a burst, e.g. thousands of watchers
            # reconnecting after a restart. Allow as many as may run at once.
            ("grpc.server.max_pending_requests", self.max_concurrent_streams),
            ("grpc.server.max_pending_requests_hard_limit", 2 * self.max_concurrent_streams),
            ("grpc.keepalive_time_ms", round(self.keepalive_s * 1000)),
            ("grpc.keepalive_timeout_ms", round(self.keepalive_timeout_s * 1000)),
            # gRPC core drops a connection whose PING goes unanswered after
            # ping_timeout (default 60 s), not after keepalive_timeout alone
            # (tests/faults/test_keepalive.py, on a real socket).
            ("grpc.http2.ping_timeout_ms", round(self.keepalive_timeout_s * 1000)),
            ("grpc.keepalive_permit_without_calls", 1),
            ("grpc.http2.min_ping_interval_without_data_ms", 5_000),
            ("grpc.http2.max_pings_without_data", 0),
            ("grpc.so_reuseport", 0),
        ]

"""jobplane.client: the Python client for a jobplane server.

Asyncio first::

    async with connect("127.0.0.1:50051") as client:
        job = await client.submit("demo.sleep", {"seconds": 1, "steps": 10})
        async for event in client.watch(job.id):
            print(event.sequence, event.progress.percent)

and blocking, the same client run on a private event loop::

    with JobClient("127.0.0.1:50051") as client:
        job = client.wait(client.submit("demo.echo", {"hello": "world"}).id)

Methods return the generated messages of ``jobplane.v1`` (``job_pb2.Job``, …);
failures raise :class:`JobplaneError` subclasses.
"""

from jobplane.client._async_client import DEFAULT_WAIT_S, AsyncJobClient, connect
from jobplane.client._config import (
    DEFAULT_TARGET,
    DEFAULT_TIMEOUT_S,
    ReconnectPolicy,
    RetryConfig,
    TlsConfig,
)
from jobplane.client._errors import (
    DeadlineExceeded,
    InvalidJobRequest,
    JobAlreadyComplete,
    JobNotFound,
    JobplaneError,
    JobStateConflict,
    PermissionDenied,
    RequestIdConflict,
    ResourceExhausted,
    SequenceOutOfRange,
    ServerUnavailable,
    Unauthenticated,
)
from jobplane.client._schedules import OVERLAP, schedule
from jobplane.client._status import TERMINAL_STATUSES, is_terminal
from jobplane.client._sync_client import JobClient
from jobplane.client._transport import AioTransport, SyncChannelTransport, Transport

__all__ = [
    "DEFAULT_TARGET",
    "DEFAULT_TIMEOUT_S",
    "DEFAULT_WAIT_S",
    "OVERLAP",
    "TERMINAL_STATUSES",
    "AioTransport",
    "AsyncJobClient",
    "DeadlineExceeded",
    "InvalidJobRequest",
    "JobAlreadyComplete",
    "JobClient",
    "JobNotFound",
    "JobStateConflict",
    "JobplaneError",
    "PermissionDenied",
    "ReconnectPolicy",
    "RequestIdConflict",
    "ResourceExhausted",
    "RetryConfig",
    "SequenceOutOfRange",
    "ServerUnavailable",
    "SyncChannelTransport",
    "TlsConfig",
    "Transport",
    "Unauthenticated",
    "connect",
    "is_terminal",
    "schedule",
]

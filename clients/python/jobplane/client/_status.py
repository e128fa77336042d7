"""Which job statuses are terminal."""

from __future__ import annotations

from typing import Final

from jobplane.v1 import job_pb2

TERMINAL_STATUSES: Final[frozenset[job_pb2.JobStatus.ValueType]] = frozenset(
    {
        job_pb2.JOB_STATUS_SUCCEEDED,
        job_pb2.JOB_STATUS_FAILED,
        job_pb2.JOB_STATUS_CANCELED,
        job_pb2.JOB_STATUS_EXPIRED,
    }
)


def is_terminal(status: job_pb2.JobStatus.ValueType) -> bool:
    """Whether ``status`` is final: succeeded, failed, canceled or expired."""
    return status in TERMINAL_STATUSES

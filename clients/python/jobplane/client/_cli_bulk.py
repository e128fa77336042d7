"""The CLI's actions on many jobs: ``submit --batch FILE.jsonl`` and the ``--filter``
forms of ``cancel``, ``retry`` and ``delete`` (the commands live in :mod:`.cli`)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import click
from google.protobuf import json_format
from jobplane.client._sync_client import JobClient
from jobplane.v1 import job_pb2, job_service_pb2

#: The server's limit on one SubmitJobs call: a longer file is sent in chunks this big.
BATCH = 1000


def read_batch(path: str) -> list[job_service_pb2.SubmitJobRequest]:
    """One SubmitJobRequest per non-empty line, in its JSON form (as grpcurl or the
    HTTP API take it): ``{"type": "demo.echo", "payload": {...}, "labels": {...}}``."""
    out = []
    with click.open_file(path) as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                out.append(json_format.Parse(line, job_service_pb2.SubmitJobRequest()))
            except (json_format.ParseError, json.JSONDecodeError) as exc:
                raise click.UsageError(f"{path} line {number}: {exc}") from None
    if not out:
        raise click.UsageError(f"{path} holds no jobs")
    return out


def submit_batch(client: JobClient, path: str) -> Iterator[job_pb2.Job]:
    """Submit the file's jobs, :data:`BATCH` per all-or-nothing call, in order."""
    requests = read_batch(path)
    for start in range(0, len(requests), BATCH):
        yield from client.submit_many(requests[start : start + BATCH])


def many(
    client: JobClient, verb: str, filter_: str, max_jobs: int, **options: object
) -> tuple[int, str]:
    """Run ``verb`` (cancel / retry / delete) on every job matching ``filter_``; the
    count and a line saying what was done."""
    action: Callable[..., int] = {
        "cancel": client.cancel_many,
        "retry": client.retry_many,
        "delete": client.delete_many,
    }[verb]
    count = action(filter_, max_jobs=max_jobs, **options)
    done = {"cancel": "canceled", "retry": "re-queued", "delete": "deleted"}[verb]
    return count, f"{done} {count} job{'s' if count != 1 else ''}"

"""The public surface of jobplane.client: __all__, the sync twin, the config objects."""

from __future__ import annotations

import inspect
import json
import types
from pathlib import Path

import jobplane.client
import pytest
from jobplane.client import (
    AsyncJobClient,
    JobClient,
    JobplaneError,
    ReconnectPolicy,
    RetryConfig,
    TlsConfig,
    is_terminal,
)
from jobplane.client._cli_args import parse_duration_s
from jobplane.v1 import job_pb2


def test_all_lists_exactly_the_public_names() -> None:
    exported = set(jobplane.client.__all__)
    public = {
        name
        for name, value in vars(jobplane.client).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert exported == public
    assert len(jobplane.client.__all__) == len(exported)
    for name in exported:
        assert getattr(jobplane.client, name) is not None


def test_every_error_is_a_jobplane_error_with_a_docstring() -> None:
    errors = [
        value
        for value in vars(jobplane.client).values()
        if isinstance(value, type) and issubclass(value, Exception)
    ]
    assert len(errors) >= 10
    for error in errors:
        assert issubclass(error, JobplaneError)
        assert error.__doc__


def test_the_sync_client_mirrors_the_async_one() -> None:
    def public(cls: type) -> set[str]:  # (AsyncJobClient's schedule methods are a mixin's)
        return {n for n in dir(cls) if not n.startswith("_") and callable(getattr(cls, n))}

    assert public(JobClient) == public(AsyncJobClient)
    for name in public(AsyncJobClient) - {"close"}:
        sync_method = getattr(JobClient, name)
        # The same function, wrapped: one implementation, one docstring.
        assert sync_method.__wrapped__ is getattr(AsyncJobClient, name)
        assert sync_method.__doc__ == getattr(AsyncJobClient, name).__doc__
    submit = inspect.signature(AsyncJobClient.submit)
    assert all(
        p.kind is inspect.Parameter.KEYWORD_ONLY
        for name, p in submit.parameters.items()
        if name not in {"self", "job_type", "payload"}
    )


def test_terminal_statuses() -> None:
    assert is_terminal(job_pb2.JOB_STATUS_SUCCEEDED)
    assert is_terminal(job_pb2.JOB_STATUS_EXPIRED)
    assert not is_terminal(job_pb2.JOB_STATUS_RETRYING)
    assert not is_terminal(job_pb2.JOB_STATUS_PAUSED)


def test_reconnect_backoff_grows_and_is_capped() -> None:
    policy = ReconnectPolicy(initial_backoff_s=0.1, max_backoff_s=1.0, jitter=0.2)
    delays = [policy.delay_s(n) for n in range(1, 10)]
    assert 0.08 <= delays[0] <= 0.12
    assert all(0 <= d <= 1.2 for d in delays)
    assert delays[-1] >= 0.8


def test_retry_service_config_covers_idempotent_methods_only() -> None:
    config = json.loads(RetryConfig(max_attempts=4).service_config())
    (method_config,) = config["methodConfig"]
    methods = {n["method"] for n in method_config["name"]}
    assert {"GetJob", "SubmitJob", "WaitJob", "WatchProgress", "CancelJob"} <= methods
    assert not methods & {"PauseJob", "ResumeJob", "RetryJob"}
    assert method_config["retryPolicy"]["maxAttempts"] == 4
    assert method_config["retryPolicy"]["retryableStatusCodes"] == ["UNAVAILABLE"]


def test_tls_config_is_frozen_and_pairs_cert_with_key() -> None:
    tls = TlsConfig(root_ca=Path("ca.pem"))
    with pytest.raises(AttributeError):
        tls.root_ca = None  # type: ignore[misc]
    with pytest.raises(ValueError, match="together"):
        TlsConfig(client_cert=Path("c.pem"))


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("30s", 30), ("5m", 300), ("1h30m", 5400), ("250ms", 0.25), ("1.5", 1.5), ("2d", 172800)],
)
def test_cli_durations(text: str, seconds: float) -> None:
    assert parse_duration_s(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["", "soon", "5x", "1h 30m", "-5s", "m"])
def test_cli_rejects_bad_durations(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration_s(text)

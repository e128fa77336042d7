"""The Python worker SDK without a server: the handler kit is shared with the server,
the worker never imports the server, its ctx has the server's ctx API, and handler
outcomes map to the CompleteTask requests the contract describes."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from typing import Any

import pytest
from click.testing import CliRunner
from jobplane.client.cli import main
from jobplane.handlers import HandlerContext, HandlerError, JobCancelled, NonRetryableError
from jobplane.handlers import Registry as SharedRegistry
from jobplane.server.runtime import context as server_context
from jobplane.server.runtime.registry import Registry as ServerRegistry
from jobplane.v1 import job_pb2
from jobplane.worker import TaskContext, WorkerConfig
from jobplane.worker._outcome import exception_request, output_request


def test_worker_never_imports_the_server() -> None:
    code = (
        "import sys, jobplane.worker, jobplane.worker._cli, jobplane.handlers;"
        "print(sorted(m for m in sys.modules if m.startswith('jobplane.server')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "[]"


def test_server_and_worker_share_the_kit() -> None:
    assert ServerRegistry is SharedRegistry
    assert server_context.HandlerError is HandlerError
    assert server_context.NonRetryableError is NonRetryableError
    assert server_context.JobCancelled is JobCancelled


def _api(cls: type) -> set[str]:
    return {name for name in dir(cls) if not name.startswith("_")}


async def test_task_context_has_the_handler_api() -> None:
    job = job_pb2.Job(id="j1", type="t", attempt=2, max_attempts=3)
    job.payload.update({"n": 1, "s": "x"})
    job.checkpoint.update({"step": 4})
    seen: list[job_pb2.Progress | None] = []

    async def checkpoint(data: dict[str, object]) -> None:
        seen.append(None)

    ctx = TaskContext(
        job, loop=asyncio.get_running_loop(), on_progress=seen.append, on_checkpoint=checkpoint
    )
    protocol = {n for n in HandlerContext.__annotations__} | _api(HandlerContext)
    for name in protocol:
        assert hasattr(ctx, name), name
    assert (ctx.payload, ctx.attempt, ctx.checkpoint_data) == ({"n": 1, "s": "x"}, 2, {"step": 4})
    ctx.report_progress(3, 4, "three", {"k": "v"})
    assert seen[-1] is not None and seen[-1].percent == 75.0 and seen[-1].details["k"] == "v"
    await ctx.checkpoint({"step": 5})
    assert ctx.checkpoint_data == {"step": 5}
    assert not ctx.cancelled
    ctx.request_cancel("stop please")
    with pytest.raises(JobCancelled, match="stop please"):
        ctx.raise_if_cancelled()
    # The server's in-process ctx offers the same methods (the protocol is the contract).
    for name in _api(HandlerContext):
        assert hasattr(server_context.JobContext, name), name


def test_outcomes_map_to_complete_requests() -> None:
    ok = output_request("tok", {"a": [1, "b"]})
    assert ok.task_token == "tok" and ok.output["a"][1] == "b"
    assert output_request("tok", None).HasField("output")
    bad = output_request("tok", [1, 2])
    assert bad.error.reason == "BAD_HANDLER_RESULT"

    def failure(exc: BaseException, *, reason: str = "", released: bool = False) -> Any:
        return exception_request("tok", exc, cancel_reason=reason, released=released).error

    f = failure(NonRetryableError("nope", reason="BAD_PAYLOAD", details={"k": 1}))
    assert (f.reason, f.non_retryable, f.details["k"]) == ("BAD_PAYLOAD", True, 1)
    f = failure(HandlerError("again"))
    assert (f.reason, f.non_retryable) == ("HANDLER_ERROR", False)
    f = failure(ValueError("boom"))
    assert f.reason == "HANDLER_ERROR" and f.message == "ValueError: boom"
    assert failure(JobCancelled("x"), reason="user").reason == "JOB_CANCELED"
    assert failure(ValueError("x"), released=True).reason == "JOB_RELEASED"


def test_worker_config_rules() -> None:
    with pytest.raises(ValueError):
        WorkerConfig(concurrency=0)
    config = WorkerConfig(reconnect_initial_s=0.1, reconnect_max_s=1.0)
    for failures, full in ((1, 0.1), (2, 0.2), (4, 0.8), (9, 1.0)):
        assert full / 2 <= config.reconnect_delay_s(failures) <= full


def test_worker_cli_help_and_bad_module() -> None:
    runner = CliRunner()
    res = runner.invoke(main, ["worker", "--help"])
    assert res.exit_code == 0 and "--concurrency" in res.output
    res = runner.invoke(main, ["worker", "--handlers", "json"])
    assert res.exit_code != 0
    assert "has no register(registry)" in str(res.exception)

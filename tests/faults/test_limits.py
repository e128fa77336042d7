"""Case 10: resource limits: message size, payload size, concurrent RPCs, keepalive."""

from __future__ import annotations

import asyncio

import grpc
from jobplane.server import app
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from ..conftest import StartServer
from ._support import error_reason, submit_request

CAP = 20


async def _code(coro: object) -> grpc.StatusCode:
    try:
        await coro  # type: ignore[misc]
    except grpc.aio.AioRpcError as exc:
        return exc.code()
    return grpc.StatusCode.OK


async def test_message_and_payload_limits(start_server: StartServer) -> None:
    """Injects: a 100 KB request to a server with a 64 KB message limit, and a 2 KB
    payload to one with a 1 KB payload limit. Asserts: RESOURCE_EXHAUSTED for the
    message, INVALID_ARGUMENT PAYLOAD_TOO_LARGE for the payload, and both servers still
    accept a small job afterwards."""
    small_msgs = await start_server(max_message_bytes=64 * 1024)
    small_payload = await start_server(max_payload_bytes=1024)
    for running, blob, code in (
        (small_msgs, "x" * 100_000, grpc.StatusCode.RESOURCE_EXHAUSTED),
        (small_payload, "x" * 2048, grpc.StatusCode.INVALID_ARGUMENT),
    ):
        async with grpc.aio.insecure_channel(running.target) as channel:
            stub = svc_grpc.JobServiceStub(channel)
            try:
                await stub.SubmitJob(submit_request("demo.echo", {"b": blob}), timeout=5)
                raise AssertionError("oversized request accepted")
            except grpc.aio.AioRpcError as exc:
                assert exc.code() == code, exc
                if code == grpc.StatusCode.INVALID_ARGUMENT:
                    assert error_reason(exc) == "PAYLOAD_TOO_LARGE"
            ok = await stub.SubmitJob(submit_request("demo.echo", {"b": "ok"}), timeout=5)
            assert ok.job.id


async def test_concurrent_rpc_cap_and_recovery(start_server: StartServer) -> None:
    """Injects: a server capped at 20 concurrent RPCs; 20 WatchProgress streams held open
    on a running job, then 5 more calls (unary and streaming). Asserts: the extra calls
    get RESOURCE_EXHAUSTED, and once the streams are dropped the server answers again
    (the cap recovers)."""
    running: app.Running = await start_server(max_concurrent_streams=CAP)
    async with grpc.aio.insecure_channel(running.target) as channel:
        stub = svc_grpc.JobServiceStub(channel)
        job = (await stub.SubmitJob(submit_request("demo.sleep", {"seconds": 30, "steps": 30}))).job
        streams = [stub.WatchProgress(svc.WatchProgressRequest(job_id=job.id)) for _ in range(CAP)]
        for call in streams:
            await call.read()
        extra = [
            _code(stub.GetJob(svc.GetJobRequest(job_id=job.id), timeout=5)) for _ in range(3)
        ] + [_code(_read_one(stub, job.id)) for _ in range(2)]
        codes = await asyncio.gather(*extra)
        assert set(codes) == {grpc.StatusCode.RESOURCE_EXHAUSTED}, codes
        for call in streams:
            call.cancel()
        for _ in range(50):
            code = await _code(stub.GetJob(svc.GetJobRequest(job_id=job.id), timeout=5))
            if code == grpc.StatusCode.OK:
                break
            await asyncio.sleep(0.05)
        assert code == grpc.StatusCode.OK
        await stub.CancelJob(svc.CancelJobRequest(job_id=job.id, force=True), timeout=5)


async def _read_one(stub: svc_grpc.JobServiceAsyncStub, job_id: str) -> None:
    call = stub.WatchProgress(svc.WatchProgressRequest(job_id=job_id), timeout=5)
    await call.read()
    call.cancel()


def test_server_options_set_limits_and_keepalive() -> None:
    """Injects: nothing (configuration). Asserts: the server sets message size limits from
    its config, a concurrent-stream limit, and keepalive pings that reap half-open
    clients (ping interval, ack timeout, pings allowed without calls)."""
    from ..support import config

    cfg = config(max_message_bytes=1234)
    options = dict(cfg.rpc.server_options())
    assert options["grpc.max_receive_message_length"] == 1234
    assert options["grpc.max_send_message_length"] == 1234
    assert options["grpc.max_concurrent_streams"] > 0
    assert 0 < options["grpc.keepalive_time_ms"] <= 300_000
    assert 0 < options["grpc.keepalive_timeout_ms"] <= 60_000
    assert options["grpc.keepalive_permit_without_calls"] == 1
    tuned = dict(config(keepalive_s=2.5, keepalive_timeout_s=0.5).rpc.server_options())
    assert (tuned["grpc.keepalive_time_ms"], tuned["grpc.keepalive_timeout_ms"]) == (2500, 500)

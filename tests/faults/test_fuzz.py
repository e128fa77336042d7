"""Case 9: bad input everywhere. Hypothesis builds every request message of every RPC
from its descriptor (whole value ranges, NaN/Inf in payloads, absurd durations and
timestamps, unknown enum values, edge strings), raw garbage bytes go to every method,
and a table of hand-picked extremes (oversized payloads and metadata, huge page_size,
invalid UTF-8, deep nesting) follows."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any

import grpc
import pytest
from google.protobuf import duration_pb2, message_factory
from google.protobuf.internal import encoder
from grpc_health.v1 import health_pb2, health_pb2_grpc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from ..support import ServerProcess
from ._support import DOCUMENTED, error_reason, struct, submit_request
from .strategies import message_strategy

SERVICE = svc.DESCRIPTOR.services_by_name["JobService"]
FUZZ = settings(
    max_examples=int(os.environ.get("JOBPLANE_FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)


class Target:
    def __init__(self, srv: ServerProcess) -> None:
        self.srv = srv
        self.channel = grpc.insecure_channel(srv.target)
        self.stub = svc_grpc.JobServiceStub(self.channel)
        job = self.stub.SubmitJob(submit_request("demo.sleep", {"seconds": 600, "steps": 10}))
        done = self.stub.SubmitJob(submit_request("demo.echo", {}))
        self.ids = [job.job.id, done.job.id]
        self.codes: dict[str, set[str]] = {}
        #: The ErrorInfo reason of the last failed call ("" after a success).
        self.reason = ""

    def call(self, method: str, request: Any, **kw: Any) -> grpc.StatusCode:
        """Call ``method`` (a message or raw bytes); read up to 3 messages of a stream."""
        m = SERVICE.methods_by_name[method]
        path = f"/{SERVICE.full_name}/{method}"
        raw = isinstance(request, bytes)
        ser = None if raw else type(request).SerializeToString
        timeout = 0.5 if method in ("WaitJob", "WatchProgress", "WatchJobs") else 5
        self.reason = ""
        try:
            if m.server_streaming:
                call: Any = self.channel.unary_stream(path, request_serializer=ser)(
                    request, timeout=timeout, **kw
                )
                for _ in zip(range(3), call, strict=False):
                    pass
                call.cancel()
            else:
                self.channel.unary_unary(path, request_serializer=ser)(
                    request, timeout=timeout, **kw
                )
            code = grpc.StatusCode.OK
        except grpc.RpcError as exc:
            code = exc.code()
            self.reason = error_reason(exc)  # type: ignore[arg-type]
            if code == grpc.StatusCode.CANCELLED:  # our own cancel after 3 messages
                code = grpc.StatusCode.OK
            assert code in DOCUMENTED, f"{method} answered {code}: {exc.details()}"
        self.codes.setdefault(method, set()).add(code.name)
        return code

    def healthy(self) -> None:
        health = health_pb2_grpc.HealthStub(self.channel)
        resp = health.Check(health_pb2.HealthCheckRequest(), timeout=5)
        assert resp.status == health_pb2.HealthCheckResponse.SERVING
        job = self.stub.SubmitJob(submit_request("demo.echo", {"ok": True}), timeout=5).job
        assert self.stub.GetJob(svc.GetJobRequest(job_id=job.id), timeout=5).job.id == job.id


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    db = tmp_path_factory.mktemp("fuzz") / "jobs.db"
    srv = ServerProcess(db=f"sqlite:///{db}", args=("--log-level", "WARNING")).start()
    t = Target(srv)
    try:
        yield t
        t.healthy()
        log = srv.log()
        assert "Traceback" not in log and "internal error" not in log, log[-3000:]
    finally:
        t.channel.close()
        srv.kill9()


@pytest.mark.parametrize("method", list(SERVICE.methods_by_name))
def test_fuzzed_requests_get_documented_codes(target: Target, method: str) -> None:
    """Injects: 40 hypothesis-built requests for the RPC (every field optional, every
    value range, real job ids and known types mixed in). Asserts: each answer is OK or a
    documented error code (never UNKNOWN or INTERNAL); the server then answers health
    and a valid submit + get (checked here and at the end of the module, with the
    server log free of tracebacks)."""
    desc = SERVICE.methods_by_name[method].input_type
    strings = {"job_id": target.ids, "type": ["demo.echo", "demo.sleep", "demo.fail"]}

    @FUZZ
    @given(request=message_strategy(desc, strings))
    def run(request: Any) -> None:
        target.call(method, request)

    run()
    target.healthy()


@pytest.mark.parametrize("method", list(SERVICE.methods_by_name))
def test_garbage_bytes_to_every_method(target: Target, method: str) -> None:
    """Injects: 40 random byte strings (and a few fixed corrupt ones) as the request of
    the RPC. Asserts: only documented codes; every one that does not parse as the
    method's request (checked here with the same protobuf runtime) is answered
    INVALID_ARGUMENT with reason MALFORMED_REQUEST, and the fixed corrupt ones (bad
    wire format, a string field with invalid UTF-8, a truncated varint) are such."""
    request_type = message_factory.GetMessageClass(SERVICE.methods_by_name[method].input_type)

    def check(data: bytes) -> None:
        code = target.call(method, data)
        try:
            request_type.FromString(data)
        except Exception:
            assert (code, target.reason) == (
                grpc.StatusCode.INVALID_ARGUMENT,
                "MALFORMED_REQUEST",
            ), data
            return

    corrupt = (b"\xff" * 8, b"\x0a\x02\xff\xfe", b"\x08" + b"\xff" * 11)
    for fixed in (*corrupt, b"\x0a\xff"):
        check(fixed)
    for fixed in corrupt:
        with pytest.raises(Exception):  # noqa: B017 - protobuf's DecodeError or a UTF-8 error
            request_type.FromString(fixed)

    @FUZZ
    @given(data=st.binary(max_size=300))
    def run(data: bytes) -> None:
        check(data)

    run()
    target.healthy()


def _ld(field: int, payload: bytes) -> bytes:
    out: list[bytes] = []
    encoder._EncodeVarint(out.append, (field << 3) | 2)  # type: ignore[attr-defined]
    encoder._EncodeVarint(out.append, len(payload))  # type: ignore[attr-defined]
    return b"".join(out) + payload


def _nested_payload(depth: int) -> bytes:
    """A Struct ``{"a": {"a": ...}}`` ``depth`` levels deep, encoded by hand (the Python
    library refuses to build what it could not parse)."""
    value = b""
    for _ in range(depth):
        value = _ld(5, _ld(1, _ld(1, b"a") + _ld(2, value)))  # Value.struct_value
    return _ld(1, _ld(1, b"a") + _ld(2, value))


def _field(name: str, message: Any = svc.SubmitJobRequest) -> int:
    return int(message.DESCRIPTOR.fields_by_name[name].number)


BIG_PAYLOAD = submit_request("demo.echo", {"blob": "x" * 300_000})
EXTREMES: list[tuple[str, str, Any, tuple[str, ...]]] = [
    ("payload over max_payload", "SubmitJob", BIG_PAYLOAD, ("INVALID_ARGUMENT",)),
    ("message over 4 MiB", "SubmitJob", submit_request("demo.echo", {"b": "x" * 5_000_000}), ("RESOURCE_EXHAUSTED",)),
    ("huge page_size", "ListJobs", svc.ListJobsRequest(page_size=2**31 - 1), ("INVALID_ARGUMENT",)),
    ("negative page_size", "ListJobs", svc.ListJobsRequest(page_size=-1), ("INVALID_ARGUMENT",)),
    ("garbage page_token", "ListJobs", svc.ListJobsRequest(page_token="\x00" * 500), ("INVALID_ARGUMENT",)),
    ("huge filter", "ListJobs", svc.ListJobsRequest(filter="(" * 100_000), ("INVALID_ARGUMENT",)),
    ("absurd timeout", "SubmitJob", submit_request("demo.echo", {}, timeout={"seconds": 2**62}), ("INVALID_ARGUMENT",)),
    ("negative nanos", "SubmitJob", submit_request("demo.echo", {}, timeout={"nanos": -5}), ("INVALID_ARGUMENT",)),
    ("schedule in year 1e11", "SubmitJob", submit_request("demo.echo", {}, schedule_time={"seconds": 2**62}), ("INVALID_ARGUMENT",)),
    ("schedule before 1970", "SubmitJob", submit_request("demo.echo", {}, schedule_time={"seconds": -(2**62)}), ("INVALID_ARGUMENT",)),
    ("absurd wait", "WaitJob", svc.WaitJobRequest(job_id="00000000-0000-7000-8000-000000000000", timeout=duration_pb2.Duration(seconds=-1)), ("INVALID_ARGUMENT",)),
    ("huge after_sequence", "WatchProgress", None, ("OUT_OF_RANGE",)),
    ("NaN in payload", "SubmitJob", submit_request("demo.echo", {"x": float("nan"), "y": float("inf")}), ("OK", "INVALID_ARGUMENT")),
    ("25-deep payload", "SubmitJob", None, ("OK", "INVALID_ARGUMENT")),
    ("300-deep payload", "SubmitJob", _ld(_field("type"), b"demo.echo") + _ld(_field("payload"), _nested_payload(300)), ("INVALID_ARGUMENT",)),
    ("invalid UTF-8 label", "SubmitJob", _ld(_field("type"), b"demo.echo") + _ld(_field("labels"), _ld(1, b"k") + _ld(2, b"\xc3\x28")), ("INVALID_ARGUMENT",)),
    ("invalid UTF-8 job_id", "GetJob", _ld(1, b"\xff\xfe\xfd"), ("INVALID_ARGUMENT",)),
    ("1000 labels", "SubmitJob", submit_request("demo.echo", {}, labels={f"k{i}": "v" for i in range(1000)}), ("INVALID_ARGUMENT",)),
]  # fmt: skip


def _deep(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for _ in range(depth):
        value = {"a": value}
    return value


@pytest.mark.parametrize(
    ("name", "method", "request_", "expected"), EXTREMES, ids=[e[0] for e in EXTREMES]
)
def test_extremes(
    target: Target, name: str, method: str, request_: Any, expected: tuple[str, ...]
) -> None:
    """Injects: one hand-picked extreme request. Asserts: the expected documented code."""
    if name == "huge after_sequence":
        # A job of its own: the fuzzed DeleteJob / DeleteJobs may have deleted target.ids.
        job_id = target.stub.SubmitJob(submit_request("demo.echo", {}), timeout=5).job.id
        request_ = svc.WatchProgressRequest(job_id=job_id, after_sequence=2**62)
    if name == "25-deep payload":
        request_ = svc.SubmitJobRequest(type="demo.echo", payload=struct(_deep(25)))
    code = target.call(method, request_)
    assert code.name in expected, (name, code)


@pytest.mark.parametrize(
    "metadata",
    [
        [("x-big", "a" * 20_000)],
        [(f"x-{i}", "v" * 100) for i in range(300)],
        [("x-odd-bin", b"\x00\xff" * 1000)],
    ],
    ids=["one 20 KB value", "300 entries", "binary value"],
)
def test_oversized_metadata(target: Target, metadata: list[tuple[str, Any]]) -> None:
    """Injects: oversized or odd request metadata. Asserts: a documented code (the
    transport's RESOURCE_EXHAUSTED, or the call proceeds), never UNKNOWN/INTERNAL, and
    the server stays healthy."""
    with contextlib.suppress(ValueError):  # the client library itself refuses some metadata
        target.call("GetJob", svc.GetJobRequest(job_id=target.ids[0]), metadata=metadata)
    target.healthy()

"""Issue 15, item 5: no input reaches INTERNAL. Each hostile input the issue lists is
sent to a live server and must be answered INVALID_ARGUMENT with its reason, with at
most one log line and no traceback; then hypothesis generates filters, page tokens and
payloads (bounded in count) and no answer may be INTERNAL or UNKNOWN."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import time
from collections.abc import Iterator
from typing import Any

import grpc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jobplane.server.api import paging, requests
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from ..store import pg
from ..support import ServerProcess
from ._support import error_reason, struct, submit_request
from .test_fuzz import _field, _ld, _nested_payload

FUZZ = settings(
    max_examples=int(os.environ.get("JOBPLANE_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
NEVER = (grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN)


class Live:
    def __init__(self, srv: ServerProcess) -> None:
        self.srv = srv
        self.channel = grpc.insecure_channel(srv.target)
        self.stub = svc_grpc.JobServiceStub(self.channel)
        for i in range(3):  # pages exist, so a token is read against real rows
            self.stub.SubmitJob(submit_request("demo.echo", {"i": i}, priority=10 * i), timeout=5)

    def call(self, method: str, request: Any) -> tuple[grpc.StatusCode, str]:
        """The code and ErrorInfo reason of one call (a stream: its first message)."""
        try:
            if isinstance(request, bytes):
                path = "/jobplane.v1.JobService/" + method
                self.channel.unary_unary(path)(request, timeout=5)
            elif method == "WatchJobs":
                stream = self.stub.WatchJobs(request, timeout=0.3)
                next(iter(stream), None)
            else:
                getattr(self.stub, method)(request, timeout=5)
        except grpc.RpcError as exc:
            code = exc.code()  # type: ignore[attr-defined]
            if code == grpc.StatusCode.DEADLINE_EXCEEDED and method == "WatchJobs":
                return grpc.StatusCode.OK, ""  # an accepted watch, idle
            return code, error_reason(exc)  # type: ignore[arg-type]
        return grpc.StatusCode.OK, ""

    def settled_log(self) -> str:
        """The server's log once it has stopped growing for 0.1 s (at most 3 s): a
        call's audit line may be written just after its answer is sent."""
        text, still_since = self.srv.log(), time.monotonic()
        deadline = still_since + 3.0
        while time.monotonic() < deadline and time.monotonic() - still_since < 0.1:
            time.sleep(0.02)
            now = self.srv.log()
            if now != text:
                text, still_since = now, time.monotonic()
        return text


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def live(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Live]:
    """A server process on a SQLite file, then on PostgreSQL (its own schema)."""
    schema = base = ""
    if request.param == "sqlite":
        db = f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'jobs.db'}"
    else:
        base = os.environ.get("JOBPLANE_TEST_POSTGRES_URL", "")
        if not base:
            if os.environ.get("CI") == "true":
                pytest.fail("CI=true but JOBPLANE_TEST_POSTGRES_URL is not set")
            pytest.skip("JOBPLANE_TEST_POSTGRES_URL not set")
        schema = pg.new_schema()
        db = pg.with_schema(base, schema)
    srv = ServerProcess(db=db).start()
    target = Live(srv)
    try:
        yield target
        log = srv.log()
        assert "Traceback" not in log and "internal error" not in log, log[-3000:]
    finally:
        target.channel.close()
        srv.kill9()
        if schema:
            asyncio.run(pg.drop_schema(base, schema))


def _token(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def _raw_token(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _deep_payload(levels: int) -> dict[str, Any]:
    """An object nested ``levels`` deep (the top-level object is level 1)."""
    value: dict[str, Any] = {}
    for _ in range(levels - 1):
        value = {"a": value}
    return value


# (name, method, request, reason): every input issue 15 lists.
HOSTILE: list[tuple[str, str, Any, str]] = [
    ("page_token: 100,000 nested [", "ListJobs", svc.ListJobsRequest(page_token=_raw_token("[" * 100_000)), "INVALID_PAGE_TOKEN"),
    ("page_token: create_time 10**400", "ListJobs", svc.ListJobsRequest(page_token=_raw_token(f'[{10**400},"x","{paging._filter_key("", "")}"]')), "INVALID_PAGE_TOKEN"),
    ("page_token: create_time 1e400", "ListJobs", svc.ListJobsRequest(page_token=_raw_token(f'[1e400,"x","{paging._filter_key("", "")}"]')), "INVALID_PAGE_TOKEN"),
    ("filter: priority >= 99999999999999999999999", "ListJobs", svc.ListJobsRequest(filter="priority >= 99999999999999999999999"), "INVALID_FILTER"),
    ("filter: 400 nested (", "ListJobs", svc.ListJobsRequest(filter="(" * 400 + "priority = 1" + ")" * 400), "INVALID_FILTER"),
    ("filter: 1,500 leading -", "ListJobs", svc.ListJobsRequest(filter="-" * 1500 + "type = x"), "INVALID_FILTER"),
    ("filter: NOT x 495", "ListJobs", svc.ListJobsRequest(filter="NOT " * 495 + "priority = 1"), "INVALID_FILTER"),
    ("WatchJobs filter: 400 nested (", "WatchJobs", svc.WatchJobsRequest(filter="(" * 400 + "priority = 1" + ")" * 400), "INVALID_FILTER"),
    ("WatchJobs filter: priority 10**30", "WatchJobs", svc.WatchJobsRequest(filter=f"priority = {10**30}"), "INVALID_FILTER"),
    ("payload nested 33 levels", "SubmitJob", svc.SubmitJobRequest(type="demo.echo", payload=struct(_deep_payload(33))), "PAYLOAD_TOO_DEEP"),
    ("payload: lists nested 33 levels", "SubmitJob", svc.SubmitJobRequest(type="demo.echo", payload=struct({"a": json.loads("[" * 32 + "]" * 32)})), "PAYLOAD_TOO_DEEP"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "method", "request_", "reason"), HOSTILE, ids=[h[0] for h in HOSTILE]
)
def test_hostile_input_is_invalid_argument_with_a_reason(
    live: Live, name: str, method: str, request_: Any, reason: str
) -> None:
    """Injects: one input issue 15 found reaching INTERNAL. Asserts: INVALID_ARGUMENT
    with its ErrorInfo reason, at most one log line, no traceback."""
    before = len(live.settled_log())
    assert live.call(method, request_) == (grpc.StatusCode.INVALID_ARGUMENT, reason), name
    added = live.settled_log()[before:]
    assert added.count("\n") <= 1 and "Traceback" not in added, added[:2000]


def test_limits_themselves_are_accepted(live: Live) -> None:
    """The boundaries are usable: a payload exactly MAX_PAYLOAD_DEPTH deep is stored and
    comes back through a stock client's ListJobs and GetJob; a filter nested exactly
    MAX_FILTER_DEPTH deep and the integer extremes run on the store; one past them is refused."""
    deep = _deep_payload(requests.MAX_PAYLOAD_DEPTH)
    job = live.stub.SubmitJob(svc.SubmitJobRequest(type="demo.echo", payload=struct(deep)))
    assert live.stub.GetJob(svc.GetJobRequest(job_id=job.job.id)).job.id == job.job.id
    listed = live.stub.ListJobs(svc.ListJobsRequest(page_size=1000))
    assert job.job.id in {j.id for j in listed.jobs}
    depth = requests.MAX_FILTER_DEPTH
    nested = (
        "NOT " * (depth // 2)
        + "(" * (depth - depth // 2)
        + "priority >= 0"
        + ")" * (depth - depth // 2)
    )
    for text in (
        nested,
        f"priority <= {2**31 - 1}",
        f"attempt >= {-(2**31)}",
        "-" * depth + "type = x",
    ):
        assert live.call("ListJobs", svc.ListJobsRequest(filter=text))[0] == grpc.StatusCode.OK, (
            text
        )
    for text in (f"priority <= {2**31}", f"attempt >= {-(2**31) - 1}", f"priority = {2**63}"):
        code = live.call("ListJobs", svc.ListJobsRequest(filter=text))
        assert code == (grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FILTER"), text
    too = "NOT " * depth + "(priority >= 0)"
    assert live.call("ListJobs", svc.ListJobsRequest(filter=too)) == (
        grpc.StatusCode.INVALID_ARGUMENT,
        "INVALID_FILTER",
    )


# -- generated input -------------------------------------------------------------------

_WORDS = st.sampled_from(
    ["status", "type", "priority", "attempt", "create_time", "end_time", "dead_letter",
     "labels", "labels.team", "NOT", "AND", "OR", "QUEUED", "true", "x", "*", "-",
     "99999999999999999999999", "-9223372036854775809", "9223372036854775807", "2147483648", "-2147483648", "1e400",
     '"2026-01-01T00:00:00Z"', '"0001-01-01T00:00:00+05:00"', '"9999-12-31T23:59:59-05:00"',
     "=", "!=", "<", ">=", ":", "(", ")", '"', '"\\"', "\x00"]
)  # fmt: skip
FILTERS = st.one_of(
    st.lists(_WORDS, max_size=40).map(" ".join),
    st.tuples(st.sampled_from(["(", "NOT ", "-"]), st.integers(0, 600)).map(
        lambda t: t[0] * t[1] + "priority = 1" + (")" * t[1] if t[0] == "(" else "")
    ),
    st.text(max_size=200),
)
_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=20,
)
TOKENS = st.one_of(
    st.text(max_size=100),
    _JSON.map(_token),
    st.tuples(st.one_of(st.integers(), st.floats(), st.text(max_size=5)), _JSON).map(
        lambda t: _token([t[0], t[1], paging._filter_key("", "")])
    ),
    st.integers(0, 200_000).map(lambda n: _raw_token("[" * n)),
)
DEPTHS = st.integers(1, 60)
#: The deepest Struct the Python protobuf library (upb) itself builds.
CLIENT_BUILDS = 33


@FUZZ
@given(text=FILTERS, token=TOKENS)
def test_generated_filters_and_tokens_never_internal(live: Live, text: str, token: str) -> None:
    """Injects: generated filters (grammar words, deep nesting, any text) and page
    tokens (any text, any JSON, well-keyed tokens with odd positions, deep nesting).
    Asserts: never INTERNAL/UNKNOWN; a refusal names a reason."""
    for method, request in (
        ("ListJobs", svc.ListJobsRequest(filter=text)),
        ("ListJobs", svc.ListJobsRequest(page_token=token)),
        ("WatchJobs", svc.WatchJobsRequest(filter=text)),
    ):
        code, reason = live.call(method, request)
        assert code not in NEVER, (method, request)
        assert code == grpc.StatusCode.OK or reason, (method, request, code)


@FUZZ
@given(depth=DEPTHS, data=_JSON)
def test_generated_payloads_never_internal(live: Live, depth: int, data: Any) -> None:
    """Injects: generated JSON payloads wrapped ``depth`` objects deep (past what the
    Python library builds, the request is encoded by hand). Asserts: OK up to
    MAX_PAYLOAD_DEPTH, then PAYLOAD_TOO_DEEP (or MALFORMED_REQUEST once the request is
    past what the server's protobuf runtime parses), never INTERNAL/UNKNOWN."""
    payload = _deep_payload(depth)
    inner = payload
    while inner:
        inner = inner["a"]
    inner["data"] = data
    nesting = depth + _nesting(data)
    if nesting <= CLIENT_BUILDS:
        request: Any = svc.SubmitJobRequest(type="demo.echo", payload=struct(payload))
    else:
        request = _ld(_field("type"), b"demo.echo") + _ld(
            _field("payload"), _nested_payload(nesting - 1)
        )
    code, reason = live.call("SubmitJob", request)
    assert code not in NEVER
    if nesting <= requests.MAX_PAYLOAD_DEPTH:
        assert code == grpc.StatusCode.OK, (nesting, reason)
    else:
        assert code == grpc.StatusCode.INVALID_ARGUMENT, nesting
        assert reason in ("PAYLOAD_TOO_DEEP", "MALFORMED_REQUEST"), (nesting, reason)


def _nesting(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max(map(_nesting, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_nesting, value), default=0)
    return 0

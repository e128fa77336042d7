"""Every JSON route of the HTTP edge against a real server (auth off)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import aiohttp
import grpc
import pytest
from google.protobuf import json_format
from google.rpc import error_details_pb2, status_pb2
from jobplane.server import app
from jobplane.server.config import HttpConfig
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from .calls import call, error_of

SLEEP = {"type": "demo.sleep", "payload": {"seconds": 30, "steps": 10}}


async def submit(http: aiohttp.ClientSession, body: dict[str, Any]) -> dict[str, Any]:
    status, data, _ = await call(http, "POST", "/v1/jobs", body)
    assert status == 200, data
    job: dict[str, Any] = data["job"]
    return job


async def test_routes_come_from_the_proto_annotations(edge: app.Running) -> None:
    assert edge.http is not None
    got = {(r.verb, r.template, r.method_name) for r in edge.http.routes}
    assert got == {
        ("POST", "/v1/jobs", "SubmitJob"),
        ("POST", "/v1/jobs:batch", "SubmitJobs"),
        ("POST", "/v1/jobs:cancel", "CancelJobs"),
        ("POST", "/v1/jobs:retry", "RetryJobs"),
        ("POST", "/v1/jobs:delete", "DeleteJobs"),
        ("DELETE", "/v1/jobs/{job_id}", "DeleteJob"),
        ("GET", "/v1/jobs/{job_id}", "GetJob"),
        ("GET", "/v1/jobs", "ListJobs"),
        ("POST", "/v1/jobs/{job_id}:cancel", "CancelJob"),
        ("POST", "/v1/jobs/{job_id}:wait", "WaitJob"),
        ("GET", "/v1/jobs/{job_id}/events", "WatchProgress"),
        ("POST", "/v1/jobs/{job_id}:pause", "PauseJob"),
        ("POST", "/v1/jobs/{job_id}:resume", "ResumeJob"),
        ("POST", "/v1/jobs/{job_id}:retry", "RetryJob"),
        ("GET", "/v1/events", "WatchJobs"),
        ("POST", "/v1/schedules", "CreateSchedule"),
        ("GET", "/v1/schedules/{schedule_id}", "GetSchedule"),
        ("GET", "/v1/schedules", "ListSchedules"),
        ("POST", "/v1/schedules:update", "UpdateSchedule"),
        ("DELETE", "/v1/schedules/{schedule_id}", "DeleteSchedule"),
        ("POST", "/v1/schedules/{schedule_id}:pause", "PauseSchedule"),
        ("POST", "/v1/schedules/{schedule_id}:resume", "ResumeSchedule"),
        ("POST", "/v1/schedules/{schedule_id}:trigger", "TriggerSchedule"),
    }


async def test_submit_and_get_speak_protobuf_json(http: aiohttp.ClientSession) -> None:
    job = await submit(
        http, {"type": "demo.echo", "payload": {"n": 1}, "labels": {"team": "ml"}, "priority": 70}
    )
    assert job["status"] == "JOB_STATUS_QUEUED" or job["status"].startswith("JOB_STATUS_")
    assert job["payload"] == {"n": 1} and job["labels"] == {"team": "ml"} and job["priority"] == 70
    assert "createTime" in job and "maxAttempts" in job  # lowerCamelCase, as grpcurl prints
    status, data, resp = await call(http, "GET", f"/v1/jobs/{job['id']}")
    assert status == 200 and resp.content_type == "application/json"
    assert data["job"]["id"] == job["id"]


async def test_snake_and_camel_field_names_are_both_accepted(http: aiohttp.ClientSession) -> None:
    rid = str(uuid.uuid4())
    a = await submit(http, {"type": "demo.echo", "request_id": rid, "start_paused": True})
    b = await submit(http, {"type": "demo.echo", "requestId": rid, "startPaused": True})
    assert a["id"] == b["id"] and a["status"] == "JOB_STATUS_PAUSED"
    status, data, _ = await call(http, "POST", "/v1/jobs", {"type": "demo.sleep", "requestId": rid})
    assert status == 409 and error_of(data) == ("ALREADY_EXISTS", "REQUEST_ID_CONFLICT")


async def test_list_filters_and_pages(http: aiohttp.ClientSession) -> None:
    ids = [
        (await submit(http, {"type": "demo.echo", "labels": {"batch": "p"}}))["id"]
        for _ in range(3)
    ]
    await submit(http, {"type": "demo.echo", "labels": {"batch": "other"}})
    query = {"filter": 'labels.batch = "p"', "page_size": "2"}
    status, first, _ = await call(http, "GET", "/v1/jobs", params=query)
    assert status == 200 and len(first["jobs"]) == 2 and first["nextPageToken"]
    query = {"filter": 'labels.batch = "p"', "pageSize": "2", "pageToken": first["nextPageToken"]}
    status, second, _ = await call(http, "GET", "/v1/jobs", params=query)
    assert status == 200 and len(second["jobs"]) == 1 and "nextPageToken" not in second
    listed = [j["id"] for j in first["jobs"] + second["jobs"]]
    assert listed == sorted(ids, reverse=True)  # newest first
    status, data, _ = await call(http, "GET", "/v1/jobs", params={"filter": "status = NOPE"})
    assert status == 400 and error_of(data)[0] == "INVALID_ARGUMENT"


async def test_cancel_wait_retry(http: aiohttp.ClientSession) -> None:
    job = await submit(http, SLEEP)
    status, data, _ = await call(
        http, "POST", f"/v1/jobs/{job['id']}:cancel", {"reason": "test", "force": True}
    )
    assert status == 200 and data["job"]["status"] == "JOB_STATUS_CANCELED"
    status, data, _ = await call(http, "POST", f"/v1/jobs/{job['id']}:wait", {"timeout": "5s"})
    assert status == 200 and data["job"]["status"] == "JOB_STATUS_CANCELED"
    status, data, _ = await call(
        http, "POST", f"/v1/jobs/{job['id']}:retry", {"additionalAttempts": 1}
    )
    assert status == 200 and data["job"]["status"] in ("JOB_STATUS_QUEUED", "JOB_STATUS_RUNNING")
    echo = await submit(http, {"type": "demo.echo"})
    status, data, _ = await call(http, "POST", f"/v1/jobs/{echo['id']}:wait", {"timeout": "10s"})
    assert data["job"]["status"] == "JOB_STATUS_SUCCEEDED"
    status, data, _ = await call(http, "POST", f"/v1/jobs/{echo['id']}:cancel")
    assert status == 400 and error_of(data) == ("FAILED_PRECONDITION", "JOB_ALREADY_COMPLETE")


async def test_pause_and_resume(http: aiohttp.ClientSession) -> None:
    # Scheduled an hour ahead: QUEUED and not yet runnable, so pausable.
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1)
    job = await submit(http, {**SLEEP, "scheduleTime": later.isoformat().replace("+00:00", "Z")})
    assert job["status"] == "JOB_STATUS_QUEUED"
    status, data, _ = await call(http, "POST", f"/v1/jobs/{job['id']}:pause", {})
    assert status == 200 and data["job"]["status"] == "JOB_STATUS_PAUSED"
    status, data, _ = await call(http, "POST", f"/v1/jobs/{job['id']}:pause", {})
    assert status == 400 and error_of(data)[0] == "FAILED_PRECONDITION"
    status, data, _ = await call(http, "POST", f"/v1/jobs/{job['id']}:resume")
    assert status == 200 and data["job"]["status"] == "JOB_STATUS_QUEUED"


BAD_REQUESTS = [
    # (HTTP method, path, JSON body or raw bytes, the same request over gRPC)
    ("GET", "/v1/jobs/not-a-job", None, ("GetJob", svc.GetJobRequest(job_id="not-a-job"))),
    (
        "GET",
        f"/v1/jobs/{uuid.UUID(int=7)}",
        None,
        ("GetJob", svc.GetJobRequest(job_id=str(uuid.UUID(int=7)))),
    ),
    ("POST", "/v1/jobs", {"type": "nope"}, ("SubmitJob", svc.SubmitJobRequest(type="nope"))),
    (
        "POST",
        "/v1/jobs",
        {"type": "demo.echo", "payload": {"x": "y" * 300_000}},
        ("SubmitJob", None),
    ),
    ("GET", "/v1/jobs?page_size=-1", None, ("ListJobs", svc.ListJobsRequest(page_size=-1))),
    (
        "POST",
        f"/v1/jobs/{uuid.UUID(int=7)}:cancel",
        {"reason": "r" * 1001},
        ("CancelJob", svc.CancelJobRequest(job_id=str(uuid.UUID(int=7)), reason="r" * 1001)),
    ),
]


@pytest.mark.parametrize(("method", "path", "body", "grpc_call"), BAD_REQUESTS)
async def test_errors_are_the_grpc_errors_in_json(
    http: aiohttp.ClientSession,
    grpc_stub: svc_grpc.JobServiceStub,
    method: str,
    path: str,
    body: Any,
    grpc_call: tuple[str, Any],
) -> None:
    status, data, _ = await call(http, method, path, body)
    name, reason = error_of(data)
    rpc, request = grpc_call
    if request is None:
        request = json_format.ParseDict(body, svc.SubmitJobRequest())
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await getattr(grpc_stub, rpc)(request)
    code = info.value.code()
    assert name == code.name and data["error"]["message"] == info.value.details()
    assert status == {"INVALID_ARGUMENT": 400, "NOT_FOUND": 404}[code.name]
    trailer = dict(info.value.trailing_metadata() or ())["grpc-status-details-bin"]
    proto = status_pb2.Status.FromString(trailer)
    grpc_info = error_details_pb2.ErrorInfo()
    proto.details[0].Unpack(grpc_info)
    assert reason == grpc_info.reason
    assert len(data["error"]["details"]) == len(proto.details)


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b"{not json", "expected"),
        (b"[1, 2]", "JSON object"),
        (b'{"type": "demo.echo", "colour": "red"}', "colour"),
        (b'{"type": "demo.echo", "priority": "high"}', "priority"),
    ],
)
async def test_json_that_does_not_fit_is_malformed_request(
    http: aiohttp.ClientSession, body: bytes, problem: str
) -> None:
    status, data, _ = await call(
        http, "POST", "/v1/jobs", data=body, headers={"Content-Type": "application/json"}
    )
    assert status == 400 and error_of(data) == ("INVALID_ARGUMENT", "MALFORMED_REQUEST")
    assert problem in data["error"]["message"]


async def test_unknown_query_parameter_and_bad_last_event_id(http: aiohttp.ClientSession) -> None:
    status, data, _ = await call(http, "GET", "/v1/jobs", params={"colour": "red"})
    assert status == 400 and error_of(data)[1] == "MALFORMED_REQUEST"
    job = await submit(http, {"type": "demo.echo"})
    status, data, _ = await call(
        http, "GET", f"/v1/jobs/{job['id']}/events", headers={"Last-Event-ID": "abc"}
    )
    assert status == 400 and error_of(data)[1] == "MALFORMED_REQUEST"


async def test_unknown_routes_and_methods_answer_json(http: aiohttp.ClientSession) -> None:
    status, data, _ = await call(http, "GET", "/v1/nothing")
    assert status == 404 and data["error"]["status"] == "NOT_FOUND"
    status, data, _ = await call(http, "GET", f"/v1/jobs/{uuid.UUID(int=7)}:cancel")
    assert status == 405 and data["error"]["status"] == "UNIMPLEMENTED"
    status, data, _ = await call(http, "DELETE", "/v1/jobs")
    assert status == 405


async def test_cors_is_off_by_default(http: aiohttp.ClientSession) -> None:
    headers = {"Origin": "http://elsewhere.example"}
    status, _, resp = await call(http, "GET", "/v1/jobs", headers=headers)
    assert status == 200 and "Access-Control-Allow-Origin" not in resp.headers
    async with http.options("/v1/jobs", headers=headers) as resp:
        assert resp.status == 405 and "Access-Control-Allow-Origin" not in resp.headers


async def test_cors_when_an_origin_is_given(start_server: Any) -> None:
    srv = await start_server(
        http=HttpConfig(address="127.0.0.1:0", cors_origins=("http://ui.example",))
    )
    async with aiohttp.ClientSession(base_url=srv.http.url) as http:
        ok = {"Origin": "http://ui.example"}
        status, _, resp = await call(http, "GET", "/v1/jobs", headers=ok)
        assert resp.headers["Access-Control-Allow-Origin"] == "http://ui.example"
        preflight = {**ok, "Access-Control-Request-Method": "POST"}
        async with http.options("/v1/jobs", headers=preflight) as resp:
            assert resp.status == 204
            assert "authorization" in resp.headers["Access-Control-Allow-Headers"]
            assert resp.headers["Access-Control-Allow-Origin"] == "http://ui.example"
        other = {"Origin": "http://evil.example"}
        status, _, resp = await call(http, "GET", "/v1/jobs", headers=other)
        assert status == 200 and "Access-Control-Allow-Origin" not in resp.headers


async def test_dashboard_assets_are_served_locally(http: aiohttp.ClientSession) -> None:
    async with http.get("/") as resp:
        html = await resp.text()
        assert resp.status == 200 and resp.content_type == "text/html"
    for asset in (
        "/static/common.js",
        "/static/jobs.js",
        "/static/job.js",
        "/static/main.js",
        "/static/style.css",
    ):
        async with http.get(asset) as resp:
            text = await resp.text()
            assert resp.status == 200 and text
            assert "//cdn" not in text and "https://" not in text
    assert 'src="/static/main.js"' in html and "https://" not in html


async def test_cross_site_state_changes_are_refused(http: aiohttp.ClientSession) -> None:
    """A page elsewhere cannot make a visitor's browser submit or cancel (no preflight
    is needed for a form post); reads stay open, as are calls without an Origin."""
    evil = {"Origin": "http://evil.example", "Content-Type": "text/plain"}
    body = b'{"type": "demo.echo"}'
    status, data, _ = await call(http, "POST", "/v1/jobs", data=body, headers=evil)
    assert status == 403 and error_of(data) == ("PERMISSION_DENIED", "CROSS_ORIGIN_REQUEST")
    _, listed, _ = await call(http, "GET", "/v1/jobs", headers=evil)
    assert listed.get("jobs", []) == [] and listed["watchCursor"]  # nothing was created
    same = {"Origin": str(http._base_url).rstrip("/")}
    status, _, _ = await call(http, "POST", "/v1/jobs", {"type": "demo.echo"}, headers=same)
    assert status == 200


async def test_an_open_server_answers_only_loopback_host_names(http: aiohttp.ClientSession) -> None:
    """DNS rebinding: a hostile name resolving to 127.0.0.1 shows in the Host header."""
    status, data, _ = await call(http, "GET", "/v1/jobs", headers={"Host": "rebind.evil.example"})
    assert status == 403 and error_of(data) == ("PERMISSION_DENIED", "HOST_NOT_ALLOWED")
    for host in ("localhost:8080", "127.0.0.1", "[::1]:80"):
        status, _, _ = await call(http, "GET", "/v1/jobs", headers={"Host": host})
        assert status == 200, host


def test_every_dashboard_file_ships_as_package_data() -> None:
    """A wheel carries what pyproject's package-data names: every file of static/."""
    import fnmatch
    import tomllib

    from jobplane.server.http.edge import STATIC

    from ..support import ROOT

    tool = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    patterns = tool["package-data"]["jobplane.server.http"]
    files = [p.relative_to(STATIC.parent).as_posix() for p in STATIC.iterdir()]
    assert files and all(any(fnmatch.fnmatch(f, pat) for pat in patterns) for f in files)
    assert "jobplane.server.http" in tool["packages"]


async def test_batch_and_bulk_routes(http: aiohttp.ClientSession) -> None:
    tag = uuid.uuid4().hex[:12]
    jobs = [{"type": "demo.sleep", "payload": {"seconds": 60}, "labels": {"t": tag}}] * 3
    status, data, _ = await call(http, "POST", "/v1/jobs:batch", {"requests": jobs})
    assert status == 200 and len(data["jobs"]) == 3
    status, data, _ = await call(http, "POST", "/v1/jobs:batch", {"requests": [{"type": "x.y"}]})
    assert status == 400 and error_of(data)[1] == "UNKNOWN_JOB_TYPE"
    status, data, _ = await call(http, "POST", "/v1/jobs:cancel", {"filter": ""})
    assert status == 400 and error_of(data)[1] == "FILTER_REQUIRED"
    live = f'labels.t = "{tag}"'
    status, data, _ = await call(http, "POST", "/v1/jobs:cancel", {"filter": live, "force": True})
    assert status == 200 and data["count"] == "3"  # int64 is a JSON string
    status, data, _ = await call(http, "POST", "/v1/jobs:retry", {"filter": live, "maxJobs": 1})
    assert status == 200 and (data["count"], data["more"]) == ("1", True)
    status, data, _ = await call(http, "POST", "/v1/jobs:cancel", {"filter": live, "force": True})
    assert status == 200 and data["count"] == "1"
    status, data, _ = await call(http, "POST", "/v1/jobs:delete", {"filter": live, "maxJobs": 2})
    assert status == 200 and (data["count"], data["more"]) == ("2", True)
    status, data, _ = await call(http, "POST", "/v1/jobs:delete", {"filter": live})
    assert status == 200 and data["count"] == "1" and not data.get("more")
    status, data, _ = await call(http, "GET", f"/v1/jobs?filter={live}")
    assert status == 200 and not data.get("jobs")

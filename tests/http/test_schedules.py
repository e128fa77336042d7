"""ScheduleService over the HTTP edge (routes from the proto's annotations)."""

from __future__ import annotations

import aiohttp

from .calls import call


async def test_schedule_routes(http: aiohttp.ClientSession) -> None:
    body = {
        "scheduleId": "web-daily",
        "schedule": {"spec": {"cron": "0 9 * * *", "timeZone": "Europe/Berlin"},
                     "job": {"type": "demo.echo", "payload": {"from": "http"}}},
    }  # fmt: skip
    status, data, _ = await call(http, "POST", "/v1/schedules", body)
    assert status == 200, data
    assert data["schedule"]["id"] == "web-daily" and len(data["schedule"]["nextRunTimes"]) == 5
    status, data, _ = await call(http, "POST", "/v1/schedules", body)
    assert status == 409, data  # ALREADY_EXISTS
    status, data, _ = await call(http, "GET", "/v1/schedules/web-daily")
    assert status == 200 and data["schedule"]["spec"]["cron"] == "0 9 * * *"
    status, data, _ = await call(http, "GET", "/v1/schedules?filter=type%20%3D%20%22demo.echo%22")
    assert status == 200 and [s["id"] for s in data["schedules"]] == ["web-daily"]
    change = {"schedule": {"id": "web-daily", "note": "edited"}, "updateMask": "note"}
    status, data, _ = await call(http, "POST", "/v1/schedules:update", change)
    assert status == 200 and data["schedule"]["note"] == "edited", data
    status, data, _ = await call(http, "POST", "/v1/schedules/web-daily:pause", {})
    assert status == 200 and data["schedule"]["paused"] is True
    status, data, _ = await call(
        http, "POST", "/v1/schedules/web-daily:trigger", {"requestId": "a"}
    )
    assert status == 200 and data["job"]["labels"]["jobplane.dev/schedule"] == "web-daily"
    status, data, _ = await call(http, "DELETE", "/v1/schedules/web-daily")
    assert status == 200, data
    status, data, _ = await call(http, "GET", "/v1/schedules/web-daily")
    assert status == 404, data

"""ScheduleService messages ⇄ the schedule model; the run template ⇄ a SubmitJob request.

The template is kept as the caller's ``SubmitJobRequest`` bytes (validated once on
create/update with the same rules as SubmitJob, and again for each run), so a run
is exactly the job the caller would have submitted, plus its request id, schedule
time and the two ``jobplane.dev/`` labels.
"""

from __future__ import annotations

from google.protobuf import duration_pb2, field_mask_pb2, timestamp_pb2
from jobplane.server.api import requests as rq
from jobplane.server.api.config import ApiConfig
from jobplane.server.domain import errors
from jobplane.server.domain.schedule import (
    DEFAULT_CATCHUP_S,
    NOMINAL_LABEL,
    SCHEDULE_LABEL,
    Overlap,
    Schedule,
    Spec,
)
from jobplane.server.rpc import decode
from jobplane.server.schedules.manager import Draft
from jobplane.server.schedules.runs import BuildRun
from jobplane.v1 import job_service_pb2 as jsvc
from jobplane.v1 import schedule_service_pb2 as pb

#: Top-level fields UpdateSchedule may change (sub-fields of spec and job too).
UPDATABLE = ("spec", "job", "overlap_policy", "catchup_window", "paused", "note")
_RESERVED_LABELS = (SCHEDULE_LABEL, NOMINAL_LABEL)


def _bad(message: str, field: str, reason: str = "INVALID_ARGUMENT") -> errors.InvalidArgumentError:
    return errors.InvalidArgumentError(message, reason=reason, field=field)


def _seconds(d: duration_pb2.Duration, field: str) -> float:
    value = d.ToNanoseconds() / 1e9
    if value < 0:
        raise _bad(f"{field} must not be negative", field)
    return value


def _time(t: timestamp_pb2.Timestamp) -> float:
    return t.ToNanoseconds() / 1e9


def spec(s: pb.ScheduleSpec) -> Spec:
    kind = s.WhichOneof("recurrence")
    return Spec(
        cron=s.cron if kind == "cron" else None,
        interval_s=_seconds(s.interval, "schedule.spec.interval") if kind == "interval" else None,
        time_zone=s.time_zone,
        jitter_s=_seconds(s.jitter, "schedule.spec.jitter") if s.HasField("jitter") else 0.0,
        start_time=_time(s.start_time) if s.HasField("start_time") else None,
        end_time=_time(s.end_time) if s.HasField("end_time") else None,
    )


def draft(s: pb.Schedule, limits: ApiConfig) -> Draft:
    """A caller's schedule, checked field by field (the manager checks the rest)."""
    if not s.HasField("spec"):
        raise _bad("schedule.spec is required (cron or interval)", "schedule.spec")
    if not s.HasField("job"):
        raise _bad('schedule.job is required (at least {"type": …})', "schedule.job")
    template = s.job
    if template.request_id or template.HasField("schedule_time"):
        raise _bad(
            "schedule.job must not set request_id or schedule_time: each run gets its own",
            "schedule.job",
        )
    taken = [k for k in _RESERVED_LABELS if k in template.labels]
    if taken:
        raise _bad(f"label {taken[0]!r} is set by the schedule on each run", "schedule.job.labels")
    if len(template.labels) > rq.MAX_LABELS - len(_RESERVED_LABELS):
        raise _bad(f"schedule.job has more than {rq.MAX_LABELS - 2} labels", "schedule.job.labels")
    decode.submit_job(template, limits)  # SubmitJob's own checks
    if s.overlap_policy not in {int(o) for o in Overlap}:
        raise _bad(f"unknown overlap_policy {s.overlap_policy}", "schedule.overlap_policy")
    catchup = DEFAULT_CATCHUP_S
    if s.HasField("catchup_window"):
        catchup = _seconds(s.catchup_window, "schedule.catchup_window")
    return Draft(
        spec=spec(s.spec),
        job=template.SerializeToString(deterministic=True),
        job_type=template.type,
        job_labels=dict(template.labels),
        overlap=Overlap(s.overlap_policy),
        catchup_s=catchup,
        paused=s.paused,
        note=s.note,
    )


def run_spec(limits: ApiConfig) -> BuildRun:
    """The runs' builder (see :data:`jobplane.server.schedules.runs.BuildRun`)."""

    def build(s: Schedule, request_id: str, start: float, labels: dict[str, str]) -> rq.SubmitJob:
        req = jsvc.SubmitJobRequest.FromString(s.job)
        req.request_id = request_id
        req.schedule_time.FromNanoseconds(round(start * 1e9))
        req.labels.update(labels)
        return decode.submit_job(req, limits)

    return build


def _ts(t: float | None, out: timestamp_pb2.Timestamp) -> None:
    if t is not None:
        out.FromNanoseconds(round(t * 1e9))


def _dur(seconds: float, out: duration_pb2.Duration) -> None:
    out.FromNanoseconds(round(seconds * 1e9))


def spec_pb(s: Spec, out: pb.ScheduleSpec) -> None:
    if s.cron is not None:
        out.cron = s.cron
    elif s.interval_s is not None:
        _dur(s.interval_s, out.interval)
    out.time_zone = s.time_zone
    if s.jitter_s:
        _dur(s.jitter_s, out.jitter)
    _ts(s.start_time, out.start_time)
    _ts(s.end_time, out.end_time)


def schedule_pb(
    s: Schedule, next_times: list[float], out: pb.Schedule | None = None
) -> pb.Schedule:
    msg = out if out is not None else pb.Schedule()
    msg.id = s.id
    spec_pb(s.spec, msg.spec)
    msg.job.ParseFromString(s.job)
    msg.overlap_policy = int(s.overlap)  # type: ignore[assignment]
    _dur(s.catchup_s, msg.catchup_window)
    msg.paused = s.paused
    msg.note = s.note
    for t in next_times:
        _ts(t, msg.next_run_times.add())
    _ts(s.last_run_time, msg.last_run_time)
    msg.last_job_id = s.last_job_id
    _ts(s.create_time, msg.create_time)
    _ts(s.update_time, msg.update_time)
    msg.run_count = s.run_count
    msg.missed_run_count = s.missed_count
    msg.overlap_skip_count = s.overlap_skip_count
    return msg


def masked(current: pb.Schedule, given: pb.Schedule, mask: field_mask_pb2.FieldMask) -> pb.Schedule:
    """``current`` with the fields of ``mask`` taken from ``given`` (AIP-134)."""
    paths = list(mask.paths)
    if not paths or paths == ["*"]:
        paths = list(UPDATABLE)
    for path in paths:
        if path.split(".", 1)[0] not in UPDATABLE:
            raise _bad(
                f"update_mask path {path[:100]!r} cannot be changed; use {', '.join(UPDATABLE)} "
                "(or their sub-fields, e.g. spec.cron)",
                "update_mask",
            )
    check = field_mask_pb2.FieldMask(paths=paths)
    if not check.IsValidForDescriptor(pb.Schedule.DESCRIPTOR):
        raise _bad(f"update_mask {', '.join(paths)[:200]!r} names an unknown field", "update_mask")
    out = pb.Schedule()
    out.CopyFrom(current)
    check.MergeMessage(given, out, replace_message_field=True, replace_repeated_field=True)
    return out

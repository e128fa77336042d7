// ScheduleClient: jobplane.v1.ScheduleService over a JobClient's connection.
//
//   const jobs = new JobClient({ target });
//   const schedules = new ScheduleClient(jobs);
//   await schedules.create("nightly", { cron: "0 3 * * *", timeZone: "Europe/Berlin", type: "report" });
//
// Each run of a schedule is a normal job: `jobs.list('labels."jobplane.dev/schedule" = "nightly"')`.

import * as grpc from "@grpc/grpc-js";

import { callUnary, type CallOpts, type Connection, type Job, type JobClient } from "./client";
import { msToDuration, toStruct } from "./convert";
import { loadSchedules } from "./protos";
import type { OverlapPolicy } from "./generated/jobplane/v1/OverlapPolicy";
import type { Schedule as ScheduleMessage, Schedule__Output } from "./generated/jobplane/v1/Schedule";
import type { ScheduleServiceClient } from "./generated/jobplane/v1/ScheduleService";

/** A schedule as the server returns it. */
export type Schedule = Schedule__Output;

/** The common fields of a schedule, in plain JS; exactly one of `cron` and `everyMs`. */
export interface ScheduleOptions {
  /** 5 fields, or 6 with seconds first. */
  cron?: string;
  /** An interval schedule: every this many ms (at least 1000). */
  everyMs?: number;
  /** IANA time zone of the cron fields (UTC when unset). */
  timeZone?: string;
  /** The job type each run submits. */
  type: string;
  payload?: Record<string, unknown>;
  labels?: Record<string, string>;
  /** "OVERLAP_POLICY_SKIP" (default), …_BUFFER_ONE, …_ALLOW_ALL, …_CANCEL_OTHER. */
  overlapPolicy?: OverlapPolicy;
  /** After downtime, create runs at most this late (ms); 60 s when unset. */
  catchupMs?: number;
  jitterMs?: number;
  paused?: boolean;
  note?: string;
}

/** The Schedule message for `o`. */
export function scheduleMessage(o: ScheduleOptions): ScheduleMessage {
  const msg: ScheduleMessage = {
    spec: {
      ...(o.cron !== undefined ? { cron: o.cron } : {}),
      ...(o.everyMs !== undefined ? { interval: msToDuration(o.everyMs) } : {}),
      timeZone: o.timeZone ?? "",
      ...(o.jitterMs ? { jitter: msToDuration(o.jitterMs) } : {}),
    },
    job: { type: o.type, payload: toStruct(o.payload ?? {}), labels: o.labels ?? {} },
    overlapPolicy: o.overlapPolicy ?? "OVERLAP_POLICY_SKIP",
    paused: o.paused ?? false,
    note: o.note ?? "",
  };
  if (o.catchupMs !== undefined) msg.catchupWindow = msToDuration(o.catchupMs);
  return msg;
}

export class ScheduleClient {
  private readonly stub: ScheduleServiceClient;
  private readonly conn: Connection;

  /** Shares `jobs`'s channel, token and tenant; close `jobs` to close both. */
  constructor(jobs: JobClient) {
    this.conn = jobs.connection();
    const proto = loadSchedules(this.conn.protoDir);
    this.stub = new proto.jobplane.v1.ScheduleService("unused", grpc.credentials.createInsecure(), {
      channelOverride: this.conn.channel,
    });
  }

  /** Creates a schedule; AlreadyExistsError (SCHEDULE_ALREADY_EXISTS) for a taken id. */
  async create(scheduleId: string, s: ScheduleOptions | ScheduleMessage, opts: CallOpts = {}): Promise<Schedule> {
    const schedule = "type" in s ? scheduleMessage(s) : s;
    return this.one("createSchedule", { scheduleId, schedule }, opts);
  }

  async get(scheduleId: string, opts: CallOpts = {}): Promise<Schedule> {
    return this.one("getSchedule", { scheduleId }, opts);
  }

  /** Every schedule matching the AIP-160 filter, by id (at most maxPages pages). */
  async *list(filter = "", opts: CallOpts & { maxPages?: number } = {}): AsyncGenerator<Schedule> {
    let pageToken = "";
    for (let page = 0; page < (opts.maxPages ?? 1000); page++) {
      const res = await this.call<{ schedules: Schedule[]; nextPageToken: string }>(
        "listSchedules",
        { filter, pageSize: 0, pageToken },
        opts,
      );
      yield* res.schedules ?? [];
      if (!res.nextPageToken) return;
      pageToken = res.nextPageToken;
    }
  }

  /** Changes the fields of `schedule` (its id set) named in `paths`, e.g. ["spec.cron", "note"]. */
  async update(schedule: ScheduleMessage, paths: string[], opts: CallOpts = {}): Promise<Schedule> {
    return this.one("updateSchedule", { schedule, updateMask: { paths } }, opts);
  }

  async pause(scheduleId: string, note = "", opts: CallOpts = {}): Promise<Schedule> {
    return this.one("pauseSchedule", { scheduleId, note }, opts);
  }

  async resume(scheduleId: string, note = "", opts: CallOpts = {}): Promise<Schedule> {
    return this.one("resumeSchedule", { scheduleId, note }, opts);
  }

  /** Creates a run now; the same requestId returns the same run. */
  async trigger(scheduleId: string, requestId = "", opts: CallOpts = {}): Promise<Job> {
    const res = await this.call<{ job: Job | null }>("triggerSchedule", { scheduleId, requestId }, opts);
    if (!res.job) throw new Error("jobplane: server returned no job");
    return res.job;
  }

  /** Deletes a schedule; the jobs it created stay. */
  async delete(scheduleId: string, opts: CallOpts = {}): Promise<void> {
    await this.call<object>("deleteSchedule", { scheduleId }, opts);
  }

  private async one(method: string, req: object, opts: CallOpts): Promise<Schedule> {
    const res = await this.call<{ schedule: Schedule | null }>(method, req, opts);
    if (!res.schedule) throw new Error("jobplane: server returned no schedule");
    return res.schedule;
  }

  private call<Res>(method: string, req: object, opts: CallOpts): Promise<Res> {
    return callUnary<Res>(this.stub, method, req, this.conn.metadata(opts.metadata), {
      ...opts,
      deadlineMs: opts.deadlineMs ?? this.conn.deadlineMs,
    });
  }
}

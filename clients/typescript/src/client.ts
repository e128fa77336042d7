// JobClient: a small typed wrapper over jobplane.v1.JobService.

import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as grpc from "@grpc/grpc-js";

import { dateToTimestamp, msToDuration, toStruct } from "./convert";
import { JobplaneError, toJobplaneError, UnavailableError } from "./errors";
import { loadJobplane } from "./protos";
import { backoff, dropCause } from "./streams";
import { resumeWatchJobs, type JobsEvent, type WatchJobsOptions } from "./watchJobs";
import type { Job__Output } from "./generated/jobplane/v1/Job";
import type { JobServiceClient } from "./generated/jobplane/v1/JobService";
import type { JobStatus__Output } from "./generated/jobplane/v1/JobStatus";
import type { RetryPolicy } from "./generated/jobplane/v1/RetryPolicy";
import type { SubmitJobRequest } from "./generated/jobplane/v1/SubmitJobRequest";
import type { WatchProgressResponse__Output } from "./generated/jobplane/v1/WatchProgressResponse";

/** A job as the server returns it (camelCase fields, enums as names, int64 as number). */
export type Job = Job__Output;
/** A job status name, e.g. "JOB_STATUS_RUNNING". */
export type JobStatus = JobStatus__Output;
/** One event of WatchProgress. */
export type WatchEvent = WatchProgressResponse__Output;

/** The statuses a job never leaves. */
export const TERMINAL_STATUSES: ReadonlySet<JobStatus> = new Set<JobStatus>([
  "JOB_STATUS_SUCCEEDED",
  "JOB_STATUS_FAILED",
  "JOB_STATUS_CANCELED",
  "JOB_STATUS_EXPIRED",
]);

export function isTerminal(status: JobStatus | string | undefined): boolean {
  return status !== undefined && TERMINAL_STATUSES.has(status as JobStatus);
}

/** TLS plumbing: PEM contents (string/Buffer) or paths to PEM files. */
export interface TlsOptions {
  /** Root CA(s) to trust; the system roots when unset. */
  rootCa?: string | Buffer;
  /** Client certificate chain for mutual TLS. */
  clientCert?: string | Buffer;
  /** Client private key for mutual TLS. */
  clientKey?: string | Buffer;
  /** Overrides the name checked against the server certificate (testing only). */
  serverNameOverride?: string;
}

export interface JobClientOptions {
  /** host:port of the server, e.g. "127.0.0.1:50051". */
  target: string;
  /** Sent as `authorization: Bearer <token>` on every call. */
  token?: string;
  /**
   * Admins only: the tenant every call acts on, sent as `x-jobplane-tenant`
   * ("*": every tenant, for reads). Other callers are refused PERMISSION_DENIED.
   */
  tenant?: string;
  /** Use TLS; `true` for system roots. Plaintext when unset/false. */
  tls?: boolean | TlsOptions;
  /** Default deadline of unary calls (ms); 30 s when unset. WaitJob adds its own wait. */
  deadlineMs?: number;
  /** Attempts (including the first) of unary calls that fail UNAVAILABLE, via gRPC's service config; 4 when unset. */
  maxAttempts?: number;
  /** Extra grpc-js channel options. */
  channelOptions?: grpc.ChannelOptions;
  /** Where the jobplane .proto files are (default: <repo>/proto or $JOBPLANE_PROTO_DIR). */
  protoDir?: string;
}

/** Per-call options shared by all methods. */
export interface CallOpts {
  /** Deadline of this call (ms), overriding the client's default. */
  deadlineMs?: number;
  /** Aborts the call. */
  signal?: AbortSignal;
  /** Extra metadata for this call. */
  metadata?: Record<string, string>;
}

export interface SubmitOptions extends CallOpts {
  /** Idempotency key (AIP-155); a random UUID when unset. Reuse it to retry a submit safely. */
  requestId?: string;
  /** 0..100; higher runs first. */
  priority?: number;
  labels?: Record<string, string>;
  /** Run timeout of each attempt (ms). */
  timeoutMs?: number;
  /** Attempts allowed in all. */
  maxAttempts?: number;
  retryPolicy?: RetryPolicy;
  /** Do not start before this time. */
  scheduleTime?: Date;
  /** Heartbeat timeout of a running attempt (ms). */
  heartbeatTimeoutMs?: number;
  /** How long the job may wait queued or paused before it expires (ms). */
  ttlMs?: number;
  /** Submit the job PAUSED. */
  startPaused?: boolean;
}

/** One job of a SubmitJobs batch: its type, payload and SubmitOptions' fields. */
export interface BatchJob extends Omit<SubmitOptions, keyof CallOpts> {
  type: string;
  payload?: Record<string, unknown>;
}

/** CancelJobs / RetryJobs / DeleteJobs: jobs per call (0 or unset: the server's 1,000). */
export interface ManyOptions extends CallOpts {
  maxJobs?: number;
}

export interface ListOptions extends CallOpts {
  /** AIP-160 filter, e.g. `status = RUNNING AND type = "demo.sleep"`. */
  filter?: string;
  /** 1..1000; the server's default (50) when unset. */
  pageSize?: number;
  /** next_page_token of a previous page. */
  pageToken?: string;
}

export interface ListPage {
  jobs: Job[];
  /** Empty on the last page. */
  nextPageToken: string;
  /** Pass as watchJobs' afterCursor: every change after this list, none missed. */
  watchCursor: string;
}

export interface CancelOptions extends CallOpts {
  /** Why; kept on the job. */
  reason?: string;
  /** Cancel the running handler at once instead of after the grace period. */
  force?: boolean;
}

export interface WatchOptions {
  /** Resume after this sequence (0: start with a snapshot). */
  afterSequence?: number;
  /** At most one progress event per this many ms, always the latest; status changes all arrive. */
  progressIntervalMs?: number;
  /** Stops the watch; the iterator then throws the abort reason. */
  signal?: AbortSignal;
  /** Reconnects allowed in a row without receiving an event; 30 when unset. */
  maxReconnects?: number;
  /** First reconnect delay (ms); 100 when unset. Doubles up to maxBackoffMs, with ±20 % jitter. */
  initialBackoffMs?: number;
  /** Largest reconnect delay (ms); 2000 when unset. */
  maxBackoffMs?: number;
  /** Called before each reconnect with the error that broke the stream (undefined: it ended early). */
  onReconnect?: (attempt: number, afterSequence: number, error: JobplaneError | undefined) => void;
}

/** Thrown by watch() when the stream cannot be re-established within maxReconnects. */
export class WatchReconnectError extends UnavailableError {
  constructor(
    readonly jobId: string,
    readonly lastSequence: number,
    readonly attempts: number,
    cause: JobplaneError | undefined,
  ) {
    super(
      grpc.status.UNAVAILABLE,
      `watch of job ${jobId} lost after ${attempts} reconnects (last sequence ${lastSequence})` +
        (cause ? `: ${cause.message}` : ""),
      { details: cause?.details, metadata: cause?.metadata, cause },
    );
  }
}

const SERVICE = "jobplane.v1.JobService";
const WAIT_CHUNK_MS = 60_000; // the server caps one WaitJob at 60 s

function readPem(v: string | Buffer | undefined): Buffer | null {
  if (v === undefined) return null;
  if (Buffer.isBuffer(v)) return v;
  return v.includes("-----BEGIN") ? Buffer.from(v) : fs.readFileSync(v);
}

/** Credentials for `tls` (plaintext when unset/false); may set the name override in `channelOptions`. */
export function channelCredentials(
  tls: boolean | TlsOptions | undefined,
  channelOptions: grpc.ChannelOptions,
): grpc.ChannelCredentials {
  if (!tls) return grpc.credentials.createInsecure();
  const t: TlsOptions = tls === true ? {} : tls;
  if (t.serverNameOverride) channelOptions["grpc.ssl_target_name_override"] = t.serverNameOverride;
  return grpc.credentials.createSsl(readPem(t.rootCa), readPem(t.clientKey), readPem(t.clientCert));
}

/** `authorization` and `x-jobplane-tenant` metadata, plus any extra pairs. */
export function authMetadata(token?: string, tenant?: string, extra?: Record<string, string>): grpc.Metadata {
  const md = new grpc.Metadata();
  if (token) md.set("authorization", `Bearer ${token}`);
  if (tenant) md.set("x-jobplane-tenant", tenant);
  for (const [k, v] of Object.entries(extra ?? {})) md.set(k, v);
  return md;
}

export { sleep } from "./streams"; // shared with the worker SDK

export class JobClient {
  readonly target: string;
  private readonly stub: JobServiceClient;
  private readonly token?: string;
  private readonly tenant?: string;
  private readonly deadlineMs: number;
  private readonly protoDir?: string;

  constructor(opts: JobClientOptions) {
    this.target = opts.target;
    this.protoDir = opts.protoDir;
    this.token = opts.token;
    this.tenant = opts.tenant;
    this.deadlineMs = opts.deadlineMs ?? 30_000;
    const proto = loadJobplane(opts.protoDir);

    const channelOptions: grpc.ChannelOptions = {
      "grpc.initial_reconnect_backoff_ms": 200,
      "grpc.max_reconnect_backoff_ms": 2000,
      "grpc.keepalive_time_ms": 30_000,
      "grpc.keepalive_timeout_ms": 10_000,
      "grpc.service_config": JSON.stringify({
        methodConfig: [
          {
            name: ["SubmitJob", "SubmitJobs", "GetJob", "ListJobs", "CancelJob", "WaitJob", "PauseJob", "ResumeJob"].map(
              (method) => ({ service: SERVICE, method }),
            ),
            retryPolicy: {
              maxAttempts: Math.max(2, Math.min(opts.maxAttempts ?? 4, 5)),
              initialBackoff: "0.1s",
              maxBackoff: "1s",
              backoffMultiplier: 2,
              retryableStatusCodes: ["UNAVAILABLE"],
            },
          },
        ],
      }),
      ...opts.channelOptions,
    };
    const creds = channelCredentials(opts.tls, channelOptions);
    this.stub = new proto.jobplane.v1.JobService(opts.target, creds, channelOptions);
  }

  /** Closes the channel; calls in flight are cancelled. */
  close(): void {
    this.stub.close();
  }

  /** Resolves once the channel is connected (or rejects after timeoutMs). */
  waitForReady(timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) =>
      this.stub.waitForReady(Date.now() + timeoutMs, (err) => (err ? reject(err) : resolve())),
    );
  }

  /** Creates a job. The request id (generated when unset) makes retries of this call safe. */
  async submit(type: string, payload: Record<string, unknown> = {}, opts: SubmitOptions = {}): Promise<Job> {
    const res = await this.unary<{ job: Job | null }>("submitJob", submitRequest({ type, payload, ...opts }), opts);
    return this.mustJob(res.job);
  }

  /**
   * Creates up to 1,000 jobs in one call (SubmitJobs), all or nothing: one invalid job
   * fails the call (InvalidArgumentError naming `requests[i].field`) and none is written.
   * The jobs come back in order; each request id (generated when unset) keeps retries safe.
   */
  async submitMany(jobs: BatchJob[], opts: CallOpts = {}): Promise<Job[]> {
    const res = await this.unary<{ jobs: Job[] }>("submitJobs", { requests: jobs.map(submitRequest) }, opts);
    return res.jobs ?? [];
  }

  /** Cancels every live job matching `filter` (required), calling again while more match; the count. */
  async cancelMany(filter: string, opts: CancelOptions & ManyOptions = {}): Promise<number> {
    const req = { filter, reason: opts.reason ?? "", force: opts.force ?? false, maxJobs: opts.maxJobs ?? 0 };
    return this.repeat("cancelJobs", req, opts);
  }

  /** Re-queues every FAILED, CANCELED or EXPIRED job matching `filter` (required); the count. */
  async retryMany(filter: string, opts: ManyOptions = {}): Promise<number> {
    return this.repeat("retryJobs", { filter, maxJobs: opts.maxJobs ?? 0 }, opts);
  }

  /** Deletes every terminal job matching `filter` (required); the count. */
  async deleteMany(filter: string, opts: ManyOptions = {}): Promise<number> {
    return this.repeat("deleteJobs", { filter, maxJobs: opts.maxJobs ?? 0 }, opts);
  }

  /** Deletes a terminal job. FailedPreconditionError (JOB_NOT_TERMINAL) for a live one. */
  async delete(jobId: string, opts: CallOpts = {}): Promise<void> {
    await this.unary<object>("deleteJob", { jobId }, opts);
  }

  // Each call acts on jobs that then no longer match: bounded by the matching jobs.
  private async repeat(method: string, req: object, opts: CallOpts): Promise<number> {
    for (let total = 0; ; ) {
      const res = await this.unary<{ count: number; more: boolean }>(method, req, opts);
      total += Number(res.count ?? 0);
      if (!res.more) return total;
    }
  }

  /** Reads one job. NotFoundError (JOB_NOT_FOUND) for an unknown id. */
  async get(jobId: string, opts: CallOpts = {}): Promise<Job> {
    const res = await this.unary<{ job: Job | null }>("getJob", { jobId }, opts);
    return this.mustJob(res.job);
  }

  /** One page of jobs, newest first. `filter` may be an AIP-160 string or the full options. */
  async list(filter?: string | ListOptions, opts: CallOpts = {}): Promise<ListPage> {
    const o: ListOptions = typeof filter === "string" ? { ...opts, filter } : { ...opts, ...(filter ?? {}) };
    const res = await this.unary<{ jobs: Job[]; nextPageToken: string; watchCursor: string }>(
      "listJobs",
      { filter: o.filter ?? "", pageSize: o.pageSize ?? 0, pageToken: o.pageToken ?? "" },
      o,
    );
    return { jobs: res.jobs ?? [], nextPageToken: res.nextPageToken ?? "", watchCursor: res.watchCursor ?? "" };
  }

  /** Every job matching the filter, page by page (at most maxPages pages). */
  async *listAll(filter = "", opts: ListOptions & { maxPages?: number } = {}): AsyncGenerator<Job> {
    let pageToken = opts.pageToken ?? "";
    const maxPages = opts.maxPages ?? 1000;
    for (let page = 0; page < maxPages; page++) {
      const res = await this.list({ ...opts, filter, pageToken });
      yield* res.jobs;
      if (!res.nextPageToken) return;
      pageToken = res.nextPageToken;
    }
  }

  /** Cancels a job. FailedPreconditionError (JOB_ALREADY_COMPLETE) if it already succeeded, failed or expired. */
  async cancel(jobId: string, opts: CancelOptions = {}): Promise<Job> {
    const res = await this.unary<{ job: Job | null }>(
      "cancelJob",
      { jobId, reason: opts.reason ?? "", force: opts.force ?? false },
      opts,
    );
    return this.mustJob(res.job);
  }

  /** Holds a queued job. */
  async pause(jobId: string, opts: CallOpts = {}): Promise<Job> {
    return this.mustJob((await this.unary<{ job: Job | null }>("pauseJob", { jobId }, opts)).job);
  }

  /** Puts a paused job back in the queue. */
  async resume(jobId: string, opts: CallOpts = {}): Promise<Job> {
    return this.mustJob((await this.unary<{ job: Job | null }>("resumeJob", { jobId }, opts)).job);
  }

  /** Re-queues a failed, canceled or expired job. */
  async retry(jobId: string, additionalAttempts = 1, opts: CallOpts = {}): Promise<Job> {
    return this.mustJob(
      (await this.unary<{ job: Job | null }>("retryJob", { jobId, additionalAttempts }, opts)).job,
    );
  }

  /**
   * Waits until the job is terminal or timeoutMs passes, and returns the job
   * either way (check `isTerminal(job.status)`). Long waits are split into
   * WaitJob calls of at most 60 s.
   */
  async wait(jobId: string, timeoutMs: number, opts: CallOpts = {}): Promise<Job> {
    const until = Date.now() + Math.max(0, timeoutMs);
    for (let i = 0; ; i++) {
      const left = Math.max(0, until - Date.now());
      const chunk = Math.min(left, WAIT_CHUNK_MS);
      const res = await this.unary<{ job: Job | null }>(
        "waitJob",
        { jobId, timeout: msToDuration(chunk) },
        { ...opts, deadlineMs: chunk + (opts.deadlineMs ?? this.deadlineMs) },
      );
      const job = this.mustJob(res.job);
      // Bounded: each round either ends the wait or consumes up to 60 s of it.
      if (isTerminal(job.status) || Date.now() >= until || i >= Math.ceil(timeoutMs / 1000) + 1) return job;
    }
  }

  /**
   * Streams a job's events until its terminal event. On UNAVAILABLE or a
   * dropped stream it reconnects with exponential backoff and resumes with
   * after_sequence = the last sequence seen, dropping anything at or below it,
   * so the caller sees strictly increasing sequences with no duplicates.
   * Errors the server decides (NOT_FOUND, OUT_OF_RANGE…) are thrown as is.
   */
  async *watch(jobId: string, opts: WatchOptions = {}): AsyncGenerator<WatchEvent, void, undefined> {
    let last = opts.afterSequence ?? 0;
    const maxReconnects = opts.maxReconnects ?? 30;
    const initial = opts.initialBackoffMs ?? 100;
    const maxBackoff = opts.maxBackoffMs ?? 2000;
    let failures = 0;
    for (;;) {
      opts.signal?.throwIfAborted();
      const request = {
        jobId,
        afterSequence: last,
        ...(opts.progressIntervalMs ? { progressInterval: msToDuration(opts.progressIntervalMs) } : {}),
      };
      const call = this.stub.watchProgress(request, this.metadata(), {});
      // grpc-js emits the final status as an 'error' event, possibly after the
      // iterator below has let go of the stream (on break or cancel); keep one
      // listener so such a late event is never an unhandled 'error'.
      call.on("error", () => {});
      const onAbort = () => call.cancel();
      opts.signal?.addEventListener("abort", onAbort, { once: true });
      let done = false;
      let cause: JobplaneError | undefined;
      try {
        for await (const ev of call as AsyncIterable<WatchEvent>) {
          const seq = Number(ev.sequence);
          if (seq <= last) continue; // already delivered before a reconnect
          last = seq;
          failures = 0;
          if (isTerminal(ev.status)) done = true;
          yield ev;
          if (done) return;
        }
      } catch (e) {
        cause = dropCause(e, opts.signal);
      } finally {
        opts.signal?.removeEventListener("abort", onAbort);
        call.cancel();
      }
      // The stream dropped, or ended OK before the terminal event: resume.
      failures++;
      if (failures > maxReconnects) throw new WatchReconnectError(jobId, last, failures - 1, cause);
      opts.onReconnect?.(failures, last, cause);
      await backoff(failures, initial, maxBackoff, opts.signal);
    }
  }

  /**
   * Streams the status changes of every job matching `filter`, from now on or
   * right after `opts.afterCursor` (a response's cursor, or a list page's
   * watchCursor). Never ends by itself: on a dropped stream, a restart or a
   * replica going away it reconnects and resumes after the last cursor, so the
   * caller sees every change once, in the server's one order.
   */
  watchJobs(filter = "", opts: WatchJobsOptions = {}): AsyncGenerator<JobsEvent, void, undefined> {
    return resumeWatchJobs(
      (afterCursor) => this.stub.watchJobs({ filter, afterCursor }, this.metadata(), {}),
      opts,
    );
  }

  private mustJob(job: Job | null | undefined): Job {
    if (!job) throw new JobplaneError(grpc.status.INTERNAL, "server returned no job");
    return job;
  }

  private metadata(extra?: Record<string, string>): grpc.Metadata {
    return authMetadata(this.token, this.tenant, extra);
  }

  private unary<Res>(method: string, req: object, opts: CallOpts): Promise<Res> {
    return callUnary<Res>(this.stub, method, req, this.metadata(opts.metadata), {
      ...opts,
      deadlineMs: opts.deadlineMs ?? this.deadlineMs,
    });
  }

  /** What another service's client needs to share this client's connection (see ScheduleClient). */
  connection(): Connection {
    return {
      channel: this.stub.getChannel(),
      metadata: (extra) => this.metadata(extra),
      deadlineMs: this.deadlineMs,
      protoDir: this.protoDir,
    };
  }
}

/** One client's channel, call metadata and default deadline, shared by service clients. */
export interface Connection {
  channel: ReturnType<grpc.Client["getChannel"]>;
  metadata: (extra?: Record<string, string>) => grpc.Metadata;
  deadlineMs: number;
  protoDir?: string;
}

/** A unary call of `method` (a stub's camelCase method) as a promise; errors become JobplaneErrors. */
export function callUnary<Res>(
  stub: grpc.Client,
  method: string,
  req: object,
  metadata: grpc.Metadata,
  opts: CallOpts & { deadlineMs: number },
): Promise<Res> {
  return new Promise<Res>((resolve, reject) => {
    if (opts.signal?.aborted) return reject(opts.signal.reason);
    const fn = (stub as unknown as Record<string, Function>)[method];
    const callOpts: grpc.CallOptions = { deadline: Date.now() + opts.deadlineMs };
    const call: grpc.ClientUnaryCall = fn.call(
      stub,
      req,
      metadata,
      callOpts,
      (err: grpc.ServiceError | null, res: Res) => {
        opts.signal?.removeEventListener("abort", onAbort);
        if (err) reject(toJobplaneError(err));
        else resolve(res);
      },
    );
    const onAbort = () => call.cancel();
    opts.signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function submitRequest(job: BatchJob): SubmitJobRequest {
  const req: SubmitJobRequest = {
    type: job.type,
    payload: toStruct(job.payload ?? {}),
    requestId: job.requestId ?? randomUUID(),
    labels: job.labels ?? {},
    maxAttempts: job.maxAttempts ?? 0,
    startPaused: job.startPaused ?? false,
  };
  if (job.priority !== undefined) req.priority = job.priority;
  if (job.timeoutMs !== undefined) req.timeout = msToDuration(job.timeoutMs);
  if (job.heartbeatTimeoutMs !== undefined) req.heartbeatTimeout = msToDuration(job.heartbeatTimeoutMs);
  if (job.ttlMs !== undefined) req.ttl = msToDuration(job.ttlMs);
  if (job.scheduleTime !== undefined) req.scheduleTime = dateToTimestamp(job.scheduleTime);
  if (job.retryPolicy !== undefined) req.retryPolicy = job.retryPolicy;
  return req;
}

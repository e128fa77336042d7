// One leased task on a TypeScript worker: its handler context, progress
// reporter (which renews the lease) and outcome.

import type * as grpc from "@grpc/grpc-js";

import type { Job } from "./client";
import { durationToMs, fromStruct, timestampToDate, toStruct, type JsonObject } from "./convert";
import { JobplaneError, toJobplaneError } from "./errors";
import type { CompleteTaskRequest } from "./generated/jobplane/v1/CompleteTaskRequest";
import type { Progress } from "./generated/jobplane/v1/Progress";
import type { ReportProgressRequest } from "./generated/jobplane/v1/ReportProgressRequest";
import type { ReportProgressResponse__Output } from "./generated/jobplane/v1/ReportProgressResponse";
import type { Task__Output } from "./generated/jobplane/v1/Task";
import type { WorkerServiceClient } from "./generated/jobplane/v1/WorkerService";

/** Per-call deadline of ReportProgress / CompleteTask (ms). */
const CALL_TIMEOUT_MS = 10_000;
/** How long a finished result is retried while the server is unreachable (ms). */
const COMPLETE_RETRY_MS = 60_000;
/** TaskFailure reason that hands a task back unfailed (see worker_service.proto). */
export const RELEASED = "JOB_RELEASED";

/** Throw (or reject with) this to choose how an attempt fails. Any other error is HANDLER_ERROR. */
export class TaskFailure extends Error {
  constructor(
    readonly reason: string,
    message: string,
    readonly opts: { nonRetryable?: boolean; details?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = "TaskFailure";
  }
}

/** What a handler sees. */
export interface TaskContext {
  /** The full job as the server handed it over. */
  readonly job: Job;
  readonly payload: JsonObject;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** The data of the last saveCheckpoint() of an earlier attempt, or undefined. */
  readonly checkpoint?: JsonObject;
  /** Aborted when the job is canceled, the lease is lost or the worker drains past its grace. */
  readonly signal: AbortSignal;
  /** Records progress; never blocks: bursts coalesce, the latest is sent (and renews the lease). */
  reportProgress(current: number, total?: number, message?: string, details?: Record<string, unknown>): void;
  /** Renews the lease now rather than at the reporter's next tick. */
  heartbeat(): void;
  /** Makes `data` durable for the next attempt; resolves once the server has it. */
  saveCheckpoint(data: Record<string, unknown>): Promise<void>;
}

export type Handler = (ctx: TaskContext) => Promise<Record<string, unknown> | void> | Record<string, unknown> | void;

/** Runs one task: the handler, a reporter (a third of what is left of the lease, every 0.2..10 s), CompleteTask. */
export class TaskRun implements TaskContext {
  readonly job: Job;
  readonly payload: JsonObject;
  readonly attempt: number;
  readonly checkpoint?: JsonObject;
  readonly token: string;
  /** Set by a drain: a task that does not finish is handed back (JOB_RELEASED). */
  released = false;
  /** The server refused the token: nothing more is sent. */
  lost = false;
  private readonly abort = new AbortController();
  private leaseExpireMs: number;
  private pending: Progress | undefined;
  private kick: (() => void) | undefined;
  private done = false;
  /** The handler's own last sign of life (progress, heartbeat, checkpoint). */
  private lastBeatMs = Date.now();
  /** With a heartbeat timeout, the lease is renewed only while the handler heartbeats within it. */
  private readonly heartbeatMs: number;

  constructor(
    task: Task__Output,
    private readonly stub: WorkerServiceClient,
    private readonly metadata: () => grpc.Metadata,
    private readonly log: (msg: string) => void,
  ) {
    this.job = task.job as Job;
    this.token = task.taskToken;
    this.payload = fromStruct(this.job.payload);
    this.attempt = this.job.attempt;
    this.checkpoint = this.job.checkpoint ? fromStruct(this.job.checkpoint) : undefined;
    this.leaseExpireMs = timestampToDate(task.leaseExpireTime)?.getTime() ?? Date.now() + 30_000;
    this.heartbeatMs = durationToMs(this.job.heartbeatTimeout) ?? 0;
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** Why the signal was aborted ("" while running). */
  get cancelReason(): string {
    return this.abort.signal.aborted ? String(this.abort.signal.reason?.message ?? this.abort.signal.reason) : "";
  }

  cancel(reason: string): void {
    if (!this.abort.signal.aborted) this.abort.abort(new Error(reason));
  }

  reportProgress(current: number, total = 0, message = "", details?: Record<string, unknown>): void {
    this.pending = {
      current,
      total,
      percent: total > 0 ? (100 * current) / total : 0,
      message,
      details: details ? toStruct(details) : undefined,
      updateTime: { seconds: Math.floor(Date.now() / 1000), nanos: (Date.now() % 1000) * 1e6 },
    };
    this.lastBeatMs = Date.now();
    this.kick?.();
  }

  heartbeat(): void {
    this.lastBeatMs = Date.now();
    this.kick?.();
  }

  async saveCheckpoint(data: Record<string, unknown>): Promise<void> {
    this.lastBeatMs = Date.now();
    await this.send({ taskToken: this.token, checkpoint: toStruct(data) }, true);
  }

  /** Runs the handler (undefined: no handler for the type) and sends the outcome. */
  async run(handler: Handler | undefined): Promise<void> {
    const reporter = this.reportLoop();
    let request: CompleteTaskRequest;
    try {
      request = await this.invoke(handler);
    } finally {
      this.done = true;
      this.kick?.();
      await reporter;
    }
    await this.complete(request);
  }

  private async invoke(handler: Handler | undefined): Promise<CompleteTaskRequest> {
    if (!handler) {
      return failure(this.token, "UNKNOWN_JOB_TYPE", `no handler for ${this.job.type}`, { nonRetryable: true });
    }
    try {
      return output(this.token, await handler(this));
    } catch (err) {
      return failureOf(this.token, err, this.released, this.cancelReason);
    }
  }

  /** Sends the outcome; retried while the server is UNAVAILABLE (a restart must not lose a result). */
  async complete(request: CompleteTaskRequest): Promise<void> {
    const deadline = Date.now() + COMPLETE_RETRY_MS;
    for (let delay = 100; !this.lost; delay = Math.min(2000, delay * 2)) {
      try {
        await this.call("CompleteTask", request);
        return;
      } catch (err) {
        const e = toJobplaneError(err);
        if (e.codeName !== "UNAVAILABLE" || Date.now() > deadline) {
          this.refused(e, "complete");
          return;
        }
      }
      await new Promise((r) => setTimeout(r, delay));
    }
  }

  private async reportLoop(): Promise<void> {
    while (!this.done && !this.lost) {
      const wait = Math.min(10_000, Math.max(200, (this.leaseExpireMs - Date.now()) / 3));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        this.kick = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.kick = undefined;
      const progress = this.pending;
      this.pending = undefined;
      // At the end only a pending progress is flushed (it lands before the outcome).
      if (this.done && !progress) return;
      // A hung handler goes silent: its lease lapses and the attempt stalls, as in the server.
      if (!progress && this.heartbeatMs > 0 && Date.now() - this.lastBeatMs > this.heartbeatMs) continue;
      await this.send({ taskToken: this.token, progress }, false).catch(() => undefined);
    }
  }

  private async send(req: ReportProgressRequest, raise: boolean): Promise<void> {
    if (this.lost) {
      if (raise) throw new JobplaneError(9, "the task's lease was lost");
      return;
    }
    let res: ReportProgressResponse__Output;
    try {
      res = await this.call("ReportProgress", req);
    } catch (err) {
      const e = toJobplaneError(err);
      this.refused(e, "progress");
      if (raise) throw e;
      return;
    }
    const expire = timestampToDate(res.leaseExpireTime);
    if (expire) this.leaseExpireMs = expire.getTime();
    if (res.cancelRequested) this.cancel("cancel requested");
  }

  private refused(e: JobplaneError, what: string): void {
    if (e.reason === "TASK_LEASE_LOST" || e.reason === "INVALID_TASK_TOKEN") {
      this.lost = true;
      this.cancel("lease lost");
    }
    this.log(`job ${this.job.id} attempt ${this.attempt}: ${what} refused: ${e.message}`);
  }

  private call<Res>(method: "ReportProgress" | "CompleteTask", req: object): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      const fn = (this.stub as unknown as Record<string, Function>)[method];
      fn.call(
        this.stub,
        req,
        this.metadata(),
        { deadline: Date.now() + CALL_TIMEOUT_MS },
        (err: grpc.ServiceError | null, res: Res) => (err ? reject(err) : resolve(res)),
      );
    });
  }
}

/** Success with `result` (undefined is an empty output). */
export function output(token: string, result: unknown): CompleteTaskRequest {
  if (result === undefined || result === null) result = {};
  if (typeof result !== "object" || Array.isArray(result)) {
    return failure(token, "BAD_HANDLER_RESULT", `handler returned ${Array.isArray(result) ? "an array" : typeof result}, not an object`);
  }
  try {
    return { taskToken: token, output: toStruct(result as Record<string, unknown>) };
  } catch (err) {
    return failure(token, "BAD_HANDLER_RESULT", `output is not JSON: ${(err as Error).message}`);
  }
}

export function failure(
  token: string,
  reason: string,
  message: string,
  opts: { nonRetryable?: boolean; details?: Record<string, unknown> } = {},
): CompleteTaskRequest {
  return {
    taskToken: token,
    error: {
      reason,
      message: message.slice(0, 2000),
      nonRetryable: opts.nonRetryable ?? false,
      details: opts.details ? toStruct(opts.details) : undefined,
    },
  };
}

/** How a thrown error becomes a TaskFailure. */
export function failureOf(token: string, err: unknown, released: boolean, cancelReason: string): CompleteTaskRequest {
  if (released) return failure(token, RELEASED, "the worker drained before the task finished");
  if (err instanceof TaskFailure) return failure(token, err.reason, err.message, err.opts);
  if (cancelReason) return failure(token, "JOB_CANCELED", cancelReason);
  const name = err instanceof Error ? err.name : typeof err;
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return failure(token, "HANDLER_ERROR", message, { details: { exception_type: name } });
}

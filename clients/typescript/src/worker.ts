// Worker: runs jobs of the types it registers, taking tasks from
// jobplane.v1.WorkerService.ListenTasks, at most `slots` at once.

import * as os from "node:os";
import * as grpc from "@grpc/grpc-js";

import { authMetadata, channelCredentials, sleep, type TlsOptions } from "./client";
import { type JobplaneError, toJobplaneError } from "./errors";
import type { ListenTasksResponse__Output } from "./generated/jobplane/v1/ListenTasksResponse";
import type { Task__Output } from "./generated/jobplane/v1/Task";
import type { WorkerServiceClient } from "./generated/jobplane/v1/WorkerService";
import { loadWorkerService } from "./protos";
import { failure, RELEASED, TaskRun, type Handler } from "./task";

export interface WorkerOptions {
  /** host:port of the server. */
  target: string;
  token?: string;
  /** Admins only: the tenant whose tasks to take ("*": all). */
  tenant?: string;
  tls?: boolean | TlsOptions;
  /** Names the worker in the jobs' attempt history; ts-HOST-PID when unset. */
  workerId?: string;
  /** Tasks run at once; 1 when unset. */
  slots?: number;
  labels?: Record<string, string>;
  /** On drain: how long running handlers may take before they are aborted and handed back (ms); 30 s. */
  graceMs?: number;
  /** Reconnect backoff (ms): from initial (100) to max (10 000), doubling, jittered. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Where the jobplane .proto files are (default: <repo>/proto or $JOBPLANE_PROTO_DIR). */
  protoDir?: string;
  /** Receives connection and task errors; console.error when unset. */
  log?: (message: string) => void;
}

/** Errors retrying cannot fix: run() rejects with them. */
const FATAL = new Set(["UNAUTHENTICATED", "PERMISSION_DENIED", "INVALID_ARGUMENT", "UNIMPLEMENTED"]);
/** A stream that lived this long was healthy: the backoff starts over (ms). */
const HEALTHY_STREAM_MS = 5_000;
/** After the grace, how long aborted handlers get before their tasks are handed back regardless (ms). */
const ABORT_WAIT_MS = 5_000;

export class Worker {
  readonly workerId: string;
  private readonly handlers = new Map<string, Handler>();
  private readonly runs = new Map<string, { run: TaskRun; done: Promise<void> }>();
  private readonly stub: WorkerServiceClient;
  private readonly stopping = new AbortController();
  private readonly slots: number;
  private readonly log: (message: string) => void;
  private freed: (() => void) | undefined;

  constructor(private readonly opts: WorkerOptions) {
    this.workerId = opts.workerId ?? `ts-${os.hostname()}-${process.pid}`;
    this.slots = Math.max(1, opts.slots ?? 1);
    this.log = opts.log ?? ((m) => console.error(`jobplane worker ${this.workerId}: ${m}`));
    const channelOptions: grpc.ChannelOptions = {
      "grpc.initial_reconnect_backoff_ms": 200,
      "grpc.max_reconnect_backoff_ms": 2000,
    };
    const creds = channelCredentials(opts.tls, channelOptions);
    const proto = loadWorkerService(opts.protoDir);
    this.stub = new proto.jobplane.v1.WorkerService(opts.target, creds, channelOptions);
  }

  /** Registers the handler of a job type; call before run(). */
  handle(type: string, handler: Handler): this {
    this.handlers.set(type, handler);
    return this;
  }

  /** Tasks running now. */
  get running(): number {
    return this.runs.size;
  }

  /** Begins the drain: no new tasks; run() resolves once the running ones finished or were handed back. */
  stop(): void {
    this.stopping.abort();
  }

  /** Listens until stop() (or `signal` aborts), reconnecting with backoff; then drains and resolves. */
  async run(signal?: AbortSignal): Promise<void> {
    if (this.handlers.size === 0) throw new Error("jobplane: no handlers registered");
    signal?.addEventListener("abort", () => this.stop(), { once: true });
    if (signal?.aborted) this.stop();
    try {
      await this.sessionLoop();
      await this.drain();
    } finally {
      this.stub.close();
    }
  }

  private async sessionLoop(): Promise<void> {
    const stop = this.stopping.signal;
    for (let failures = 0; !stop.aborted; ) {
      const free = await this.waitFree();
      if (free === 0) return;
      const opened = Date.now();
      const error = await this.session(free);
      if (stop.aborted) return;
      if (error && FATAL.has(error.codeName)) throw error;
      failures = Date.now() - opened > HEALTHY_STREAM_MS ? 1 : failures + 1;
      const initial = this.opts.initialBackoffMs ?? 100;
      const full = Math.min(this.opts.maxBackoffMs ?? 10_000, initial * 2 ** (failures - 1));
      const delay = full / 2 + (Math.random() * full) / 2;
      this.log(`task stream ended (${error?.message ?? "OK"}); reconnecting in ${Math.round(delay)} ms`);
      await sleep(delay, stop).catch(() => undefined);
    }
  }

  /** Free slots (0 once stopping); tasks still running from an old stream keep theirs. */
  private async waitFree(): Promise<number> {
    while (!this.stopping.signal.aborted) {
      const free = this.slots - this.busy();
      if (free > 0) return free;
      await new Promise<void>((resolve) => {
        this.freed = resolve;
        this.stopping.signal.addEventListener("abort", () => resolve(), { once: true });
      });
    }
    return 0;
  }

  /** One ListenTasks stream, until it ends, fails or the worker stops. */
  private session(slots: number): Promise<JobplaneError | undefined> {
    const md = authMetadata(this.opts.token, this.opts.tenant);
    const call = this.stub.ListenTasks({
      workerId: this.workerId,
      types: [...this.handlers.keys()].sort(),
      slots,
      labels: this.opts.labels ?? {},
    }, md);
    return new Promise((resolve) => {
      const onStop = () => call.cancel();
      this.stopping.signal.addEventListener("abort", onStop, { once: true });
      const finish = (err?: JobplaneError) => {
        this.stopping.signal.removeEventListener("abort", onStop);
        resolve(err);
      };
      call.on("data", (msg: ListenTasksResponse__Output) => this.dispatch(msg));
      call.on("error", (err) => finish(toJobplaneError(err)));
      call.on("end", () => finish(undefined));
    });
  }

  private dispatch(msg: ListenTasksResponse__Output): void {
    if (msg.command === "task" && msg.task) this.start(msg.task);
    else if (msg.command === "cancel" && msg.cancel) {
      this.runs.get(msg.cancel.taskToken)?.run.cancel(msg.cancel.reason || "canceled");
    }
  }

  private start(task: Task__Output): void {
    const md = () => authMetadata(this.opts.token, this.opts.tenant);
    const run = new TaskRun(task, this.stub, md, this.log);
    if (this.busy() >= this.slots) {
      // Only just after a reconnect while the old stream's tasks still run: hand it back.
      void run.complete(failure(run.token, RELEASED, "no free slot on this worker"));
      return;
    }
    const done = run
      .run(this.handlers.get(run.job.type))
      .catch((err) => this.log(`task of job ${run.job.id} crashed: ${err}`))
      .finally(() => {
        this.runs.delete(run.token);
        this.freed?.();
      });
    this.runs.set(run.token, { run, done });
  }

  /**
   * Slots in use. A task whose lease was lost no longer holds one: the server already
   * counts it out of flight (and may push its retry here), and its signal is aborted.
   */
  private busy(): number {
    let n = 0;
    for (const { run } of this.runs.values()) if (!run.lost) n++;
    return n;
  }

  private async drain(): Promise<void> {
    if (this.runs.size === 0) return;
    const grace = this.opts.graceMs ?? 30_000;
    this.log(`draining: ${this.runs.size} task(s) running, grace ${grace} ms`);
    await this.settle(grace);
    for (const { run } of this.runs.values()) {
      run.released = true;
      run.cancel("worker draining");
    }
    await this.settle(ABORT_WAIT_MS);
    for (const { run } of [...this.runs.values()]) {
      // A handler that ignores its signal: hand its task back anyway.
      await run.complete(failure(run.token, RELEASED, "the worker drained"));
      run.lost = true;
    }
  }

  private settle(ms: number): Promise<unknown> {
    const all = Promise.all([...this.runs.values()].map((r) => r.done));
    return Promise.race([all, new Promise((r) => setTimeout(r, ms).unref())]);
  }
}

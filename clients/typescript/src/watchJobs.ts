// watchJobs: WatchJobs that resumes by cursor across dropped streams and restarts.

import type * as grpc from "@grpc/grpc-js";

import { type JobplaneError, UnavailableError } from "./errors";
import type { WatchJobsResponse__Output } from "./generated/jobplane/v1/WatchJobsResponse";
import { backoff, dropCause } from "./streams";

/** One status change of one job, with the job after it and its cursor. */
export type JobsEvent = WatchJobsResponse__Output;

export interface WatchJobsOptions {
  /** Resume right after this cursor (a JobsEvent's cursor or a list page's watchCursor). */
  afterCursor?: string;
  /** Stops the watch; the iterator then throws the abort reason. */
  signal?: AbortSignal;
  /** Reconnects allowed in a row without receiving an event; 30 when unset. */
  maxReconnects?: number;
  /** First reconnect delay (ms); 100 when unset. Doubles up to maxBackoffMs, with ±20 % jitter. */
  initialBackoffMs?: number;
  /** Largest reconnect delay (ms); 2000 when unset. */
  maxBackoffMs?: number;
  /** Called before each reconnect with the error that broke the stream (undefined: it ended). */
  onReconnect?: (attempt: number, afterCursor: string, error: JobplaneError | undefined) => void;
}

/**
 * Yields every event the streams `open(cursor)` returns, reopening a dropped one
 * after a backoff with the last cursor seen: the server resumes right after it,
 * so nothing is missed or repeated. Server-decided errors (OUT_OF_RANGE with
 * reason CURSOR_EXPIRED, INVALID_ARGUMENT…) are thrown as is.
 */
export async function* resumeWatchJobs(
  open: (afterCursor: string) => grpc.ClientReadableStream<JobsEvent>,
  opts: WatchJobsOptions,
): AsyncGenerator<JobsEvent, void, undefined> {
  let cursor = opts.afterCursor ?? "";
  const maxReconnects = opts.maxReconnects ?? 30;
  const initial = opts.initialBackoffMs ?? 100;
  const maxBackoff = opts.maxBackoffMs ?? 2000;
  let failures = 0;
  for (;;) {
    opts.signal?.throwIfAborted();
    const call = open(cursor);
    call.on("error", () => {}); // a late final status must not be an unhandled 'error'
    const onAbort = () => call.cancel();
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    let cause: JobplaneError | undefined;
    try {
      for await (const ev of call as AsyncIterable<JobsEvent>) {
        cursor = ev.cursor || cursor;
        failures = 0;
        yield ev;
      }
    } catch (e) {
      cause = dropCause(e, opts.signal);
    } finally {
      opts.signal?.removeEventListener("abort", onAbort);
      call.cancel();
    }
    failures++;
    if (failures > maxReconnects) {
      throw new UnavailableError(
        14,
        `WatchJobs lost after ${failures - 1} reconnects (last cursor ${cursor})` +
          (cause ? `: ${cause.message}` : ""),
        { details: cause?.details, metadata: cause?.metadata, cause },
      );
    }
    opts.onReconnect?.(failures, cursor, cause);
    await backoff(failures, initial, maxBackoff, opts.signal);
  }
}

// Helpers the resuming streams share (watch, watchJobs).

import * as grpc from "@grpc/grpc-js";

import { type JobplaneError, toJobplaneError } from "./errors";

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Did this error break the stream's transport (as opposed to the server refusing the watch)? */
export function isStreamDrop(err: JobplaneError): boolean {
  switch (err.code) {
    case grpc.status.UNAVAILABLE:
      return true;
    case grpc.status.INTERNAL:
    case grpc.status.UNKNOWN:
    case grpc.status.CANCELLED:
      // Not a server-decided status (those carry ErrorInfo): an RST_STREAM or a
      // connection torn down under the call, as when the server process dies.
      return err.reason === undefined && /RST_STREAM|connection|socket|stream removed|GOAWAY/i.test(err.statusMessage);
    default:
      return false;
  }
}

/** What broke a stream, when it is a drop worth resuming after; anything else is rethrown. */
export function dropCause(e: unknown, signal?: AbortSignal): JobplaneError {
  signal?.throwIfAborted();
  const cause = toJobplaneError(e);
  if (!isStreamDrop(cause)) throw cause;
  return cause;
}

/** Sleeps before reconnect number `failures`: doubling from `initialMs` up to `maxMs`, ±20 % jitter. */
export function backoff(failures: number, initialMs: number, maxMs: number, signal?: AbortSignal): Promise<void> {
  const base = Math.min(maxMs, initialMs * 2 ** (failures - 1));
  return sleep(base * (0.8 + 0.4 * Math.random()), signal);
}

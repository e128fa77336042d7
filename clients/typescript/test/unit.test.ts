// Pure conversions and the status-details decoder (no server needed).

import { test } from "node:test";
import assert from "node:assert/strict";
import * as grpc from "@grpc/grpc-js";

import {
  dateToTimestamp,
  durationToMs,
  fromStruct,
  InvalidArgumentError,
  msToDuration,
  NotFoundError,
  timestampToDate,
  toJobplaneError,
  toStruct,
  JobClient,
} from "../src";
import { rpcStatusRoot } from "../src/protos";

test("Struct round trip keeps nested JSON", () => {
  const obj = { seconds: 1.5, steps: 10, name: "x", ok: true, none: null, list: [1, "a", { b: false }], nested: { k: [] } };
  const s = toStruct(obj);
  // What the wire carries, decoded again the way proto-loader hands it back.
  assert.deepEqual(fromStruct(JSON.parse(JSON.stringify(withKinds(s)))), obj);
});

// proto-loader sets `kind` on decoded Values (oneofs: true); emulate it.
function withKinds(v: any): any {
  if (Array.isArray(v)) return v.map(withKinds);
  if (v && typeof v === "object") {
    const out: any = {};
    for (const [k, x] of Object.entries(v)) out[k] = withKinds(x);
    const kinds = ["nullValue", "numberValue", "stringValue", "boolValue", "structValue", "listValue"];
    const kind = kinds.find((k) => k in v);
    if (kind) out.kind = kind;
    return out;
  }
  return v;
}

test("durations and timestamps convert both ways", () => {
  assert.deepEqual(msToDuration(1500), { seconds: 1, nanos: 500_000_000 });
  assert.equal(durationToMs({ seconds: 2, nanos: 250_000_000 }), 2250);
  assert.equal(durationToMs(null), undefined);
  const d = new Date("2026-01-02T03:04:05.678Z");
  const ts = dateToTimestamp(d);
  assert.equal(timestampToDate({ seconds: Number(ts.seconds), nanos: ts.nanos ?? 0 })?.toISOString(), d.toISOString());
  assert.throws(() => msToDuration(-1), RangeError);
});

function encodeStatus(code: number, message: string, details: { type: string; value: object }[]): Buffer {
  const root = rpcStatusRoot();
  const Status = root.lookupType("google.rpc.Status");
  const anys = details.map(({ type, value }) => {
    const T = root.lookupType(type);
    return { type_url: `type.googleapis.com/${type}`, value: T.encode(T.fromObject(value)).finish() };
  });
  return Buffer.from(Status.encode(Status.fromObject({ code, message, details: anys })).finish());
}

test("grpc-status-details-bin is decoded into reason, domain, metadata and field violations", () => {
  const md = new grpc.Metadata();
  md.set(
    "grpc-status-details-bin",
    encodeStatus(grpc.status.INVALID_ARGUMENT, "unknown job type \"x\"", [
      { type: "google.rpc.ErrorInfo", value: { reason: "UNKNOWN_JOB_TYPE", domain: "jobplane.dev", metadata: { known_types: "demo.sleep" } } },
      { type: "google.rpc.BadRequest", value: { fieldViolations: [{ field: "type", description: "not registered" }] } },
    ]),
  );
  const raw = Object.assign(new Error("3 INVALID_ARGUMENT: unknown job type"), {
    code: grpc.status.INVALID_ARGUMENT,
    details: "unknown job type \"x\"",
    metadata: md,
  });
  const err = toJobplaneError(raw);
  assert.ok(err instanceof InvalidArgumentError);
  assert.equal(err.codeName, "INVALID_ARGUMENT");
  assert.equal(err.reason, "UNKNOWN_JOB_TYPE");
  assert.equal(err.domain, "jobplane.dev");
  assert.deepEqual(err.errorMetadata, { known_types: "demo.sleep" });
  assert.deepEqual(err.fieldViolations, [{ field: "type", description: "not registered", reason: "" }]);
  assert.equal(err.details.length, 2);
  assert.match(err.message, /^INVALID_ARGUMENT \(UNKNOWN_JOB_TYPE\): /);
});

test("an error without details keeps its code", () => {
  const err = toJobplaneError(
    Object.assign(new Error("5 NOT_FOUND: x"), { code: grpc.status.NOT_FOUND, details: "x", metadata: new grpc.Metadata() }),
  );
  assert.ok(err instanceof NotFoundError);
  assert.equal(err.reason, undefined);
  assert.equal(err.statusMessage, "x");
});

test("calls to a closed port fail UNAVAILABLE, typed", async () => {
  const client = new JobClient({ target: "127.0.0.1:1", deadlineMs: 3000, maxAttempts: 2 });
  try {
    await assert.rejects(client.get("00000000-0000-0000-0000-000000000000"), (err: unknown) => {
      assert.ok(err instanceof Error && "codeName" in err, `got ${err}`);
      assert.ok(["UNAVAILABLE", "DEADLINE_EXCEEDED"].includes((err as any).codeName), (err as any).codeName);
      return true;
    });
  } finally {
    client.close();
  }
});

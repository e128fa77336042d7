// Conversions between plain JS values and the well-known protobuf types as
// proto-loader represents them (google.protobuf.Struct is a tree of
// {fields: {k: {stringValue|numberValue|...}}}, Duration/Timestamp are
// {seconds, nanos}).

import type { Struct, Struct__Output } from "./generated/google/protobuf/Struct";
import type { Value, Value__Output } from "./generated/google/protobuf/Value";
import type { Duration, Duration__Output } from "./generated/google/protobuf/Duration";
import type { Timestamp, Timestamp__Output } from "./generated/google/protobuf/Timestamp";

/** A JSON value, as carried by google.protobuf.Value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
/** A JSON object, as carried by google.protobuf.Struct. */
export type JsonObject = { [key: string]: JsonValue };

export function toValue(v: unknown): Value {
  if (v === null || v === undefined) return { nullValue: "NULL_VALUE" };
  if (typeof v === "boolean") return { boolValue: v };
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new TypeError(`jobplane: ${v} is not representable in a protobuf Struct`);
    return { numberValue: v };
  }
  if (typeof v === "bigint") return { numberValue: Number(v) };
  if (typeof v === "string") return { stringValue: v };
  if (v instanceof Date) return { stringValue: v.toISOString() };
  if (Array.isArray(v)) return { listValue: { values: v.map(toValue) } };
  if (typeof v === "object") return { structValue: toStruct(v as Record<string, unknown>) };
  throw new TypeError(`jobplane: cannot put a ${typeof v} in a protobuf Struct`);
}

/** A plain object -> google.protobuf.Struct. */
export function toStruct(obj: Record<string, unknown>): Struct {
  const fields: Record<string, Value> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v !== undefined) fields[k] = toValue(v);
  }
  return { fields };
}

export function fromValue(v: Value__Output | null | undefined): JsonValue {
  if (!v) return null;
  switch (v.kind) {
    case "boolValue":
      return Boolean(v.boolValue);
    case "numberValue":
      return Number(v.numberValue);
    case "stringValue":
      return v.stringValue ?? "";
    case "listValue":
      return (v.listValue?.values ?? []).map(fromValue);
    case "structValue":
      return fromStruct(v.structValue);
    default:
      return null;
  }
}

/** google.protobuf.Struct -> a plain object ({} for an unset Struct). */
export function fromStruct(s: Struct__Output | null | undefined): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(s?.fields ?? {})) out[k] = fromValue(v);
  return out;
}

/** Milliseconds -> google.protobuf.Duration. */
export function msToDuration(ms: number): Duration {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`jobplane: bad duration ${ms} ms`);
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: Math.round((ms - seconds * 1000) * 1e6) };
}

/** google.protobuf.Duration -> milliseconds (undefined when unset). */
export function durationToMs(d: Duration__Output | null | undefined): number | undefined {
  if (!d) return undefined;
  return Number(d.seconds) * 1000 + d.nanos / 1e6;
}

/** Date -> google.protobuf.Timestamp. */
export function dateToTimestamp(date: Date): Timestamp {
  const ms = date.getTime();
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: (ms - seconds * 1000) * 1e6 };
}

/** google.protobuf.Timestamp -> Date (undefined when unset). */
export function timestampToDate(t: Timestamp__Output | null | undefined): Date | undefined {
  if (!t) return undefined;
  return new Date(Number(t.seconds) * 1000 + Math.floor(t.nanos / 1e6));
}

// gRPC status -> typed errors, keeping the code and the AIP-193 details.
//
// The server attaches a google.rpc.Status to every error in the
// `grpc-status-details-bin` trailer; its details carry a google.rpc.ErrorInfo
// (domain "jobplane.dev", reason e.g. JOB_NOT_FOUND) and, for bad fields, a
// google.rpc.BadRequest. They are decoded here so callers can branch on
// `err.reason` instead of parsing messages.

import * as grpc from "@grpc/grpc-js";

import { rpcStatusRoot } from "./protos";

/** google.rpc.ErrorInfo, decoded. */
export interface ErrorInfo {
  reason: string;
  domain: string;
  metadata: Record<string, string>;
}

/** One google.rpc.BadRequest.FieldViolation, decoded. */
export interface FieldViolation {
  field: string;
  description: string;
  reason: string;
}

/** One entry of google.rpc.Status.details: its type URL and, when known, the decoded message. */
export interface StatusDetail {
  typeUrl: string;
  /** The decoded message as a plain object; undefined for an unknown type. */
  value?: Record<string, unknown>;
}

/** The name of a gRPC status code, e.g. "NOT_FOUND". */
export function codeName(code: number): string {
  return (grpc.status as unknown as Record<number, string>)[code] ?? `CODE_${code}`;
}

/** Any error from a jobplane call: a gRPC status with its decoded details. */
export class JobplaneError extends Error {
  /** The numeric gRPC status code (grpc.status.*). */
  readonly code: grpc.status;
  /** The code's name, e.g. "NOT_FOUND". */
  readonly codeName: string;
  /** ErrorInfo.reason, e.g. "JOB_NOT_FOUND"; undefined when the server sent none. */
  readonly reason?: string;
  /** ErrorInfo.domain, "jobplane.dev" for the server's own errors. */
  readonly domain?: string;
  /** ErrorInfo.metadata (e.g. the job id, the known job types). */
  readonly errorMetadata: Record<string, string>;
  /** BadRequest field violations, if any. */
  readonly fieldViolations: FieldViolation[];
  /** Every decoded status detail. */
  readonly details: StatusDetail[];
  /** The status message as the server sent it. */
  readonly statusMessage: string;
  /** Response trailers (grpc.Metadata) when the error came from the server. */
  readonly metadata?: grpc.Metadata;

  constructor(
    code: grpc.status,
    statusMessage: string,
    opts: { details?: StatusDetail[]; metadata?: grpc.Metadata; cause?: unknown } = {},
  ) {
    const details = opts.details ?? [];
    const info = details.find((d) => d.typeUrl.endsWith("/google.rpc.ErrorInfo"))?.value as ErrorInfo | undefined;
    const name = codeName(code);
    super(`${name}${info?.reason ? ` (${info.reason})` : ""}: ${statusMessage}`, { cause: opts.cause });
    this.name = new.target.name;
    this.code = code;
    this.codeName = name;
    this.statusMessage = statusMessage;
    this.details = details;
    this.metadata = opts.metadata;
    this.reason = info?.reason || undefined;
    this.domain = info?.domain || undefined;
    this.errorMetadata = { ...(info?.metadata ?? {}) };
    const bad = details.find((d) => d.typeUrl.endsWith("/google.rpc.BadRequest"))?.value as
      | { fieldViolations?: FieldViolation[] }
      | undefined;
    this.fieldViolations = (bad?.fieldViolations ?? []).map((v) => ({
      field: v.field,
      description: v.description,
      reason: v.reason,
    }));
  }
}

export class CancelledError extends JobplaneError {}
export class UnknownError extends JobplaneError {}
export class InvalidArgumentError extends JobplaneError {}
export class DeadlineExceededError extends JobplaneError {}
export class NotFoundError extends JobplaneError {}
export class AlreadyExistsError extends JobplaneError {}
export class PermissionDeniedError extends JobplaneError {}
export class ResourceExhaustedError extends JobplaneError {}
export class FailedPreconditionError extends JobplaneError {}
export class AbortedError extends JobplaneError {}
export class OutOfRangeError extends JobplaneError {}
export class UnimplementedError extends JobplaneError {}
export class InternalError extends JobplaneError {}
export class UnavailableError extends JobplaneError {}
export class DataLossError extends JobplaneError {}
export class UnauthenticatedError extends JobplaneError {}

type ErrorClass = new (
  code: grpc.status,
  message: string,
  opts?: { details?: StatusDetail[]; metadata?: grpc.Metadata; cause?: unknown },
) => JobplaneError;

const CLASSES: Partial<Record<grpc.status, ErrorClass>> = {
  [grpc.status.CANCELLED]: CancelledError,
  [grpc.status.UNKNOWN]: UnknownError,
  [grpc.status.INVALID_ARGUMENT]: InvalidArgumentError,
  [grpc.status.DEADLINE_EXCEEDED]: DeadlineExceededError,
  [grpc.status.NOT_FOUND]: NotFoundError,
  [grpc.status.ALREADY_EXISTS]: AlreadyExistsError,
  [grpc.status.PERMISSION_DENIED]: PermissionDeniedError,
  [grpc.status.RESOURCE_EXHAUSTED]: ResourceExhaustedError,
  [grpc.status.FAILED_PRECONDITION]: FailedPreconditionError,
  [grpc.status.ABORTED]: AbortedError,
  [grpc.status.OUT_OF_RANGE]: OutOfRangeError,
  [grpc.status.UNIMPLEMENTED]: UnimplementedError,
  [grpc.status.INTERNAL]: InternalError,
  [grpc.status.UNAVAILABLE]: UnavailableError,
  [grpc.status.DATA_LOSS]: DataLossError,
  [grpc.status.UNAUTHENTICATED]: UnauthenticatedError,
};

/** Decodes a serialized google.rpc.Status (the grpc-status-details-bin trailer). */
export function decodeStatusDetails(bin: Uint8Array): { code: number; message: string; details: StatusDetail[] } {
  const root = rpcStatusRoot();
  const Status = root.lookupType("google.rpc.Status");
  const status = Status.decode(bin) as unknown as {
    code: number;
    message: string;
    // The protobufjs-bundled any.proto keeps the snake_case field name.
    details: { typeUrl?: string; type_url?: string; value: Uint8Array }[];
  };
  const details = (status.details ?? []).map((raw): StatusDetail => {
    const any = { typeUrl: raw.typeUrl ?? raw.type_url ?? "", value: raw.value };
    const typeName = any.typeUrl.slice(any.typeUrl.lastIndexOf("/") + 1);
    let type: ReturnType<typeof root.lookupType> | undefined;
    try {
      type = root.lookupType(typeName);
    } catch {
      return { typeUrl: any.typeUrl };
    }
    const value = type.toObject(type.decode(any.value), { longs: Number, enums: String, defaults: true });
    return { typeUrl: any.typeUrl, value };
  });
  return { code: status.code ?? 0, message: status.message ?? "", details };
}

function isServiceError(err: unknown): err is grpc.ServiceError {
  return (
    typeof err === "object" &&
    err !== null &&
    typeof (err as { code?: unknown }).code === "number" &&
    "details" in err
  );
}

/** Turns whatever a grpc-js call rejected with into a JobplaneError subclass. */
export function toJobplaneError(err: unknown): JobplaneError {
  if (err instanceof JobplaneError) return err;
  if (!isServiceError(err)) {
    const message = err instanceof Error ? err.message : String(err);
    return new UnknownError(grpc.status.UNKNOWN, message, { cause: err });
  }
  let details: StatusDetail[] = [];
  let message = err.details ?? err.message;
  const bin = err.metadata?.get("grpc-status-details-bin")?.[0];
  if (bin instanceof Uint8Array) {
    try {
      const decoded = decodeStatusDetails(bin);
      details = decoded.details;
      if (decoded.message) message = decoded.message;
    } catch {
      // A malformed trailer still leaves the code and message usable.
    }
  }
  const Cls = CLASSES[err.code as grpc.status] ?? JobplaneError;
  return new Cls(err.code, message, { details, metadata: err.metadata, cause: err });
}

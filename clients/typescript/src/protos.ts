// Loads the jobplane.v1 contract at runtime with @grpc/proto-loader.
//
// The .proto files are read from the repository's `proto/` folder (two levels
// above this package), or from `JOBPLANE_PROTO_DIR` / the `protoDir` option.
// Nothing is generated for the wire format: the TypeScript interfaces in
// `src/generated/` are produced by `npm run gen:types` (proto-loader-gen-types)
// purely for type checking, with the SAME options as LOADER_OPTIONS below.
//
// Field names are camelCase (keepCase: false): `jobId`, `afterSequence`,
// `requestId`; int64 fields are JS numbers (longs: Number — job sequences and
// durations in seconds stay far below 2^53); enums are their string names
// (`'JOB_STATUS_RUNNING'`); defaults are filled in; oneofs name the set field.

import * as fs from "node:fs";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import * as protobuf from "protobufjs";

import type { ProtoGrpcType } from "./generated/job_service";
import type { ProtoGrpcType as ScheduleGrpcType } from "./generated/schedule_service";
import type { ProtoGrpcType as WorkerProtoGrpcType } from "./generated/worker_service";

/** The package root (clients/typescript), whether running from src/ or dist/src/. */
export const PACKAGE_ROOT = findPackageRoot(__dirname);

/** proto-loader options; keep in sync with the `gen:types` script in package.json. */
export const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
};

function findPackageRoot(start: string): string {
  let dir = start;
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error(`jobplane: cannot find package.json above ${start}`);
}

/** Where the jobplane .proto files are: option, then $JOBPLANE_PROTO_DIR, then <repo>/proto. */
export function resolveProtoDir(protoDir?: string): string {
  const dir = protoDir ?? process.env.JOBPLANE_PROTO_DIR ?? path.resolve(PACKAGE_ROOT, "..", "..", "proto");
  if (!fs.existsSync(path.join(dir, "jobplane", "v1", "job_service.proto"))) {
    throw new Error(
      `jobplane: jobplane/v1/job_service.proto not found under ${dir}; ` +
        `set JOBPLANE_PROTO_DIR or the protoDir option`,
    );
  }
  return dir;
}

const serviceCache = new Map<string, ProtoGrpcType>();

/** The loaded jobplane.v1 package (service constructors and message definitions). */
export function loadJobplane(protoDir?: string): ProtoGrpcType {
  const dir = resolveProtoDir(protoDir);
  let loaded = serviceCache.get(dir);
  if (!loaded) {
    const def = protoLoader.loadSync("jobplane/v1/job_service.proto", { ...LOADER_OPTIONS, includeDirs: [dir] });
    loaded = grpc.loadPackageDefinition(def) as unknown as ProtoGrpcType;
    serviceCache.set(dir, loaded);
  }
  return loaded;
}

const scheduleCache = new Map<string, ScheduleGrpcType>();

/** The loaded ScheduleService (schedule_service.proto), as loadJobplane. */
export function loadSchedules(protoDir?: string): ScheduleGrpcType {
  const dir = resolveProtoDir(protoDir);
  let loaded = scheduleCache.get(dir);
  if (!loaded) {
    const def = protoLoader.loadSync("jobplane/v1/schedule_service.proto", { ...LOADER_OPTIONS, includeDirs: [dir] });
    loaded = grpc.loadPackageDefinition(def) as unknown as ScheduleGrpcType;
    scheduleCache.set(dir, loaded);
  }
  return loaded;
}

const workerCache = new Map<string, WorkerProtoGrpcType>();

/** The loaded jobplane.v1 package with WorkerService (for workers). */
export function loadWorkerService(protoDir?: string): WorkerProtoGrpcType {
  const dir = resolveProtoDir(protoDir);
  let loaded = workerCache.get(dir);
  if (!loaded) {
    const def = protoLoader.loadSync("jobplane/v1/worker_service.proto", { ...LOADER_OPTIONS, includeDirs: [dir] });
    loaded = grpc.loadPackageDefinition(def) as unknown as WorkerProtoGrpcType;
    workerCache.set(dir, loaded);
  }
  return loaded;
}

let rpcRoot: protobuf.Root | undefined;

/**
 * A protobufjs Root holding google.rpc.Status and the error detail messages,
 * used only to decode the `grpc-status-details-bin` trailer. The two google
 * .proto files are vendored under vendor/proto; google/protobuf/* come bundled
 * with protobufjs.
 */
export function rpcStatusRoot(): protobuf.Root {
  if (!rpcRoot) {
    const vendor = path.join(PACKAGE_ROOT, "vendor", "proto");
    const root = new protobuf.Root();
    root.resolvePath = (_origin: string, target: string) =>
      target.startsWith("google/rpc/") ? path.join(vendor, target) : target;
    root.loadSync(["google/rpc/status.proto", "google/rpc/error_details.proto"], { keepCase: false });
    root.resolveAll();
    rpcRoot = root;
  }
  return rpcRoot;
}

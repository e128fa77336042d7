export * from "./client";
export * from "./watchJobs";
export * from "./convert";
export * from "./errors";
export { loadJobplane, resolveProtoDir, LOADER_OPTIONS } from "./protos";

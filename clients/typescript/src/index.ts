export * from "./client";
export * from "./convert";
export * from "./errors";
export * from "./schedules";
export { loadJobplane, loadSchedules, resolveProtoDir, LOADER_OPTIONS } from "./protos";

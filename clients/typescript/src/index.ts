export * from "./client";
export * from "./watchJobs";
export * from "./convert";
export * from "./errors";
export * from "./schedules";
export { loadJobplane, loadSchedules, loadWorkerService, resolveProtoDir, LOADER_OPTIONS } from "./protos";
export { Worker, type WorkerOptions } from "./worker";
export { TaskFailure, type Handler, type TaskContext } from "./task";

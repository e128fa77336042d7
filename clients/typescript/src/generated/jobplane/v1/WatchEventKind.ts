// Original file: ../../proto/jobplane/v1/job_service.proto

export const WatchEventKind = {
  WATCH_EVENT_KIND_UNSPECIFIED: 'WATCH_EVENT_KIND_UNSPECIFIED',
  WATCH_EVENT_KIND_SNAPSHOT: 'WATCH_EVENT_KIND_SNAPSHOT',
  WATCH_EVENT_KIND_STATUS: 'WATCH_EVENT_KIND_STATUS',
  WATCH_EVENT_KIND_PROGRESS: 'WATCH_EVENT_KIND_PROGRESS',
} as const;

export type WatchEventKind =
  | 'WATCH_EVENT_KIND_UNSPECIFIED'
  | 0
  | 'WATCH_EVENT_KIND_SNAPSHOT'
  | 1
  | 'WATCH_EVENT_KIND_STATUS'
  | 2
  | 'WATCH_EVENT_KIND_PROGRESS'
  | 3

export type WatchEventKind__Output = typeof WatchEventKind[keyof typeof WatchEventKind]

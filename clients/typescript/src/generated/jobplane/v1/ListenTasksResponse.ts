// Original file: ../../proto/jobplane/v1/worker_service.proto

import type { Task as _jobplane_v1_Task, Task__Output as _jobplane_v1_Task__Output } from '../../jobplane/v1/Task';
import type { TaskCancel as _jobplane_v1_TaskCancel, TaskCancel__Output as _jobplane_v1_TaskCancel__Output } from '../../jobplane/v1/TaskCancel';

export interface ListenTasksResponse {
  'task'?: (_jobplane_v1_Task | null);
  'cancel'?: (_jobplane_v1_TaskCancel | null);
  'command'?: "task"|"cancel";
}

export interface ListenTasksResponse__Output {
  'task'?: (_jobplane_v1_Task__Output | null);
  'cancel'?: (_jobplane_v1_TaskCancel__Output | null);
  'command'?: "task"|"cancel";
}

// Original file: ../../proto/jobplane/v1/worker_service.proto

import type { Task as _jobplane_v1_Task, Task__Output as _jobplane_v1_Task__Output } from '../../jobplane/v1/Task';

export interface PollTaskResponse {
  'task'?: (_jobplane_v1_Task | null);
}

export interface PollTaskResponse__Output {
  'task': (_jobplane_v1_Task__Output | null);
}

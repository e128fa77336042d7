// Original file: ../../proto/jobplane/v1/worker_service.proto

import type { Job as _jobplane_v1_Job, Job__Output as _jobplane_v1_Job__Output } from '../../jobplane/v1/Job';

export interface CompleteTaskResponse {
  'job'?: (_jobplane_v1_Job | null);
}

export interface CompleteTaskResponse__Output {
  'job': (_jobplane_v1_Job__Output | null);
}

// Original file: ../../proto/jobplane/v1/job_service.proto

import type { Job as _jobplane_v1_Job, Job__Output as _jobplane_v1_Job__Output } from '../../jobplane/v1/Job';

export interface PauseJobResponse {
  'job'?: (_jobplane_v1_Job | null);
}

export interface PauseJobResponse__Output {
  'job': (_jobplane_v1_Job__Output | null);
}

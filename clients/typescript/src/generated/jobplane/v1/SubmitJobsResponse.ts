// Original file: ../../proto/jobplane/v1/job_service.proto

import type { Job as _jobplane_v1_Job, Job__Output as _jobplane_v1_Job__Output } from '../../jobplane/v1/Job';

export interface SubmitJobsResponse {
  'jobs'?: (_jobplane_v1_Job)[];
}

export interface SubmitJobsResponse__Output {
  'jobs': (_jobplane_v1_Job__Output)[];
}

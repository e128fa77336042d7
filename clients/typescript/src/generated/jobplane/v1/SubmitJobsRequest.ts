// Original file: ../../proto/jobplane/v1/job_service.proto

import type { SubmitJobRequest as _jobplane_v1_SubmitJobRequest, SubmitJobRequest__Output as _jobplane_v1_SubmitJobRequest__Output } from '../../jobplane/v1/SubmitJobRequest';

export interface SubmitJobsRequest {
  'requests'?: (_jobplane_v1_SubmitJobRequest)[];
}

export interface SubmitJobsRequest__Output {
  'requests': (_jobplane_v1_SubmitJobRequest__Output)[];
}

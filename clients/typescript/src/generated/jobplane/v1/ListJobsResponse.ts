// Original file: ../../proto/jobplane/v1/job_service.proto

import type { Job as _jobplane_v1_Job, Job__Output as _jobplane_v1_Job__Output } from '../../jobplane/v1/Job';

export interface ListJobsResponse {
  'jobs'?: (_jobplane_v1_Job)[];
  'nextPageToken'?: (string);
  'watchCursor'?: (string);
}

export interface ListJobsResponse__Output {
  'jobs': (_jobplane_v1_Job__Output)[];
  'nextPageToken': (string);
  'watchCursor': (string);
}

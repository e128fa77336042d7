// Original file: ../../proto/jobplane/v1/schedule_service.proto

import type { Job as _jobplane_v1_Job, Job__Output as _jobplane_v1_Job__Output } from '../../jobplane/v1/Job';

export interface TriggerScheduleResponse {
  'job'?: (_jobplane_v1_Job | null);
}

export interface TriggerScheduleResponse__Output {
  'job': (_jobplane_v1_Job__Output | null);
}

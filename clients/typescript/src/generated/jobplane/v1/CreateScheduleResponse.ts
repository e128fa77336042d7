// Original file: ../../proto/jobplane/v1/schedule_service.proto

import type { Schedule as _jobplane_v1_Schedule, Schedule__Output as _jobplane_v1_Schedule__Output } from '../../jobplane/v1/Schedule';

export interface CreateScheduleResponse {
  'schedule'?: (_jobplane_v1_Schedule | null);
}

export interface CreateScheduleResponse__Output {
  'schedule': (_jobplane_v1_Schedule__Output | null);
}

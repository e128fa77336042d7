// Original file: ../../proto/jobplane/v1/schedule_service.proto

import type { Schedule as _jobplane_v1_Schedule, Schedule__Output as _jobplane_v1_Schedule__Output } from '../../jobplane/v1/Schedule';

export interface ListSchedulesResponse {
  'schedules'?: (_jobplane_v1_Schedule)[];
  'nextPageToken'?: (string);
}

export interface ListSchedulesResponse__Output {
  'schedules': (_jobplane_v1_Schedule__Output)[];
  'nextPageToken': (string);
}

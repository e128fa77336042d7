// Original file: ../../proto/jobplane/v1/schedule_service.proto

import type { Schedule as _jobplane_v1_Schedule, Schedule__Output as _jobplane_v1_Schedule__Output } from '../../jobplane/v1/Schedule';
import type { FieldMask as _google_protobuf_FieldMask, FieldMask__Output as _google_protobuf_FieldMask__Output } from '../../google/protobuf/FieldMask';

export interface UpdateScheduleRequest {
  'schedule'?: (_jobplane_v1_Schedule | null);
  'updateMask'?: (_google_protobuf_FieldMask | null);
}

export interface UpdateScheduleRequest__Output {
  'schedule': (_jobplane_v1_Schedule__Output | null);
  'updateMask': (_google_protobuf_FieldMask__Output | null);
}

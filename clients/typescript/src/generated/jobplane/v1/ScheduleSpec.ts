// Original file: ../../proto/jobplane/v1/schedule_service.proto

import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';

export interface ScheduleSpec {
  'cron'?: (string);
  'interval'?: (_google_protobuf_Duration | null);
  'timeZone'?: (string);
  'jitter'?: (_google_protobuf_Duration | null);
  'startTime'?: (_google_protobuf_Timestamp | null);
  'endTime'?: (_google_protobuf_Timestamp | null);
  'recurrence'?: "cron"|"interval";
}

export interface ScheduleSpec__Output {
  'cron'?: (string);
  'interval'?: (_google_protobuf_Duration__Output | null);
  'timeZone': (string);
  'jitter': (_google_protobuf_Duration__Output | null);
  'startTime': (_google_protobuf_Timestamp__Output | null);
  'endTime': (_google_protobuf_Timestamp__Output | null);
  'recurrence'?: "cron"|"interval";
}

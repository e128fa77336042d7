// Original file: ../../proto/jobplane/v1/schedule_service.proto

import type { ScheduleSpec as _jobplane_v1_ScheduleSpec, ScheduleSpec__Output as _jobplane_v1_ScheduleSpec__Output } from '../../jobplane/v1/ScheduleSpec';
import type { SubmitJobRequest as _jobplane_v1_SubmitJobRequest, SubmitJobRequest__Output as _jobplane_v1_SubmitJobRequest__Output } from '../../jobplane/v1/SubmitJobRequest';
import type { OverlapPolicy as _jobplane_v1_OverlapPolicy, OverlapPolicy__Output as _jobplane_v1_OverlapPolicy__Output } from '../../jobplane/v1/OverlapPolicy';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { Long } from '@grpc/proto-loader';

export interface Schedule {
  'id'?: (string);
  'spec'?: (_jobplane_v1_ScheduleSpec | null);
  'job'?: (_jobplane_v1_SubmitJobRequest | null);
  'overlapPolicy'?: (_jobplane_v1_OverlapPolicy);
  'catchupWindow'?: (_google_protobuf_Duration | null);
  'paused'?: (boolean);
  'note'?: (string);
  'nextRunTimes'?: (_google_protobuf_Timestamp)[];
  'lastRunTime'?: (_google_protobuf_Timestamp | null);
  'lastJobId'?: (string);
  'createTime'?: (_google_protobuf_Timestamp | null);
  'updateTime'?: (_google_protobuf_Timestamp | null);
  'runCount'?: (number | string | Long);
  'missedRunCount'?: (number | string | Long);
  'overlapSkipCount'?: (number | string | Long);
}

export interface Schedule__Output {
  'id': (string);
  'spec': (_jobplane_v1_ScheduleSpec__Output | null);
  'job': (_jobplane_v1_SubmitJobRequest__Output | null);
  'overlapPolicy': (_jobplane_v1_OverlapPolicy__Output);
  'catchupWindow': (_google_protobuf_Duration__Output | null);
  'paused': (boolean);
  'note': (string);
  'nextRunTimes': (_google_protobuf_Timestamp__Output)[];
  'lastRunTime': (_google_protobuf_Timestamp__Output | null);
  'lastJobId': (string);
  'createTime': (_google_protobuf_Timestamp__Output | null);
  'updateTime': (_google_protobuf_Timestamp__Output | null);
  'runCount': (number);
  'missedRunCount': (number);
  'overlapSkipCount': (number);
}

// Original file: ../../proto/jobplane/v1/job_service.proto

import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration';
import type { RetryPolicy as _jobplane_v1_RetryPolicy, RetryPolicy__Output as _jobplane_v1_RetryPolicy__Output } from '../../jobplane/v1/RetryPolicy';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';

export interface SubmitJobRequest {
  'type'?: (string);
  'payload'?: (_google_protobuf_Struct | null);
  'priority'?: (number);
  'labels'?: ({[key: string]: string});
  'requestId'?: (string);
  'timeout'?: (_google_protobuf_Duration | null);
  'maxAttempts'?: (number);
  'retryPolicy'?: (_jobplane_v1_RetryPolicy | null);
  'scheduleTime'?: (_google_protobuf_Timestamp | null);
  'heartbeatTimeout'?: (_google_protobuf_Duration | null);
  'ttl'?: (_google_protobuf_Duration | null);
  'startPaused'?: (boolean);
  '_priority'?: "priority";
}

export interface SubmitJobRequest__Output {
  'type': (string);
  'payload': (_google_protobuf_Struct__Output | null);
  'priority'?: (number);
  'labels': ({[key: string]: string});
  'requestId': (string);
  'timeout': (_google_protobuf_Duration__Output | null);
  'maxAttempts': (number);
  'retryPolicy': (_jobplane_v1_RetryPolicy__Output | null);
  'scheduleTime': (_google_protobuf_Timestamp__Output | null);
  'heartbeatTimeout': (_google_protobuf_Duration__Output | null);
  'ttl': (_google_protobuf_Duration__Output | null);
  'startPaused': (boolean);
  '_priority'?: "priority";
}

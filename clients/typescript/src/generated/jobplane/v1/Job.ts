// Original file: ../../proto/jobplane/v1/job.proto

import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct';
import type { JobStatus as _jobplane_v1_JobStatus, JobStatus__Output as _jobplane_v1_JobStatus__Output } from '../../jobplane/v1/JobStatus';
import type { Progress as _jobplane_v1_Progress, Progress__Output as _jobplane_v1_Progress__Output } from '../../jobplane/v1/Progress';
import type { JobError as _jobplane_v1_JobError, JobError__Output as _jobplane_v1_JobError__Output } from '../../jobplane/v1/JobError';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration';
import type { RetryPolicy as _jobplane_v1_RetryPolicy, RetryPolicy__Output as _jobplane_v1_RetryPolicy__Output } from '../../jobplane/v1/RetryPolicy';
import type { Attempt as _jobplane_v1_Attempt, Attempt__Output as _jobplane_v1_Attempt__Output } from '../../jobplane/v1/Attempt';
import type { Long } from '@grpc/proto-loader';

export interface Job {
  'id'?: (string);
  'type'?: (string);
  'payload'?: (_google_protobuf_Struct | null);
  'status'?: (_jobplane_v1_JobStatus);
  'priority'?: (number);
  'labels'?: ({[key: string]: string});
  'progress'?: (_jobplane_v1_Progress | null);
  'output'?: (_google_protobuf_Struct | null);
  'error'?: (_jobplane_v1_JobError | null);
  'attempt'?: (number);
  'maxAttempts'?: (number);
  'createTime'?: (_google_protobuf_Timestamp | null);
  'startTime'?: (_google_protobuf_Timestamp | null);
  'endTime'?: (_google_protobuf_Timestamp | null);
  'updateTime'?: (_google_protobuf_Timestamp | null);
  'requestId'?: (string);
  'sequence'?: (number | string | Long);
  'timeout'?: (_google_protobuf_Duration | null);
  'retryPolicy'?: (_jobplane_v1_RetryPolicy | null);
  'scheduleTime'?: (_google_protobuf_Timestamp | null);
  'nextAttemptTime'?: (_google_protobuf_Timestamp | null);
  'heartbeatTimeout'?: (_google_protobuf_Duration | null);
  'attempts'?: (_jobplane_v1_Attempt)[];
  'expireTime'?: (_google_protobuf_Timestamp | null);
  'tenant'?: (string);
  'cancelReason'?: (string);
  'checkpoint'?: (_google_protobuf_Struct | null);
  'result'?: "output"|"error";
}

export interface Job__Output {
  'id': (string);
  'type': (string);
  'payload': (_google_protobuf_Struct__Output | null);
  'status': (_jobplane_v1_JobStatus__Output);
  'priority': (number);
  'labels': ({[key: string]: string});
  'progress': (_jobplane_v1_Progress__Output | null);
  'output'?: (_google_protobuf_Struct__Output | null);
  'error'?: (_jobplane_v1_JobError__Output | null);
  'attempt': (number);
  'maxAttempts': (number);
  'createTime': (_google_protobuf_Timestamp__Output | null);
  'startTime': (_google_protobuf_Timestamp__Output | null);
  'endTime': (_google_protobuf_Timestamp__Output | null);
  'updateTime': (_google_protobuf_Timestamp__Output | null);
  'requestId': (string);
  'sequence': (number);
  'timeout': (_google_protobuf_Duration__Output | null);
  'retryPolicy': (_jobplane_v1_RetryPolicy__Output | null);
  'scheduleTime': (_google_protobuf_Timestamp__Output | null);
  'nextAttemptTime': (_google_protobuf_Timestamp__Output | null);
  'heartbeatTimeout': (_google_protobuf_Duration__Output | null);
  'attempts': (_jobplane_v1_Attempt__Output)[];
  'expireTime': (_google_protobuf_Timestamp__Output | null);
  'tenant': (string);
  'cancelReason': (string);
  'checkpoint': (_google_protobuf_Struct__Output | null);
  'result'?: "output"|"error";
}

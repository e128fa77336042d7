// Original file: ../../proto/jobplane/v1/job_service.proto

import type { Job as _jobplane_v1_Job, Job__Output as _jobplane_v1_Job__Output } from '../../jobplane/v1/Job';
import type { JobStatus as _jobplane_v1_JobStatus, JobStatus__Output as _jobplane_v1_JobStatus__Output } from '../../jobplane/v1/JobStatus';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { WatchEventKind as _jobplane_v1_WatchEventKind, WatchEventKind__Output as _jobplane_v1_WatchEventKind__Output } from '../../jobplane/v1/WatchEventKind';
import type { Long } from '@grpc/proto-loader';

export interface WatchJobsResponse {
  'job'?: (_jobplane_v1_Job | null);
  'status'?: (_jobplane_v1_JobStatus);
  'sequence'?: (number | string | Long);
  'eventTime'?: (_google_protobuf_Timestamp | null);
  'kind'?: (_jobplane_v1_WatchEventKind);
  'cursor'?: (string);
}

export interface WatchJobsResponse__Output {
  'job': (_jobplane_v1_Job__Output | null);
  'status': (_jobplane_v1_JobStatus__Output);
  'sequence': (number);
  'eventTime': (_google_protobuf_Timestamp__Output | null);
  'kind': (_jobplane_v1_WatchEventKind__Output);
  'cursor': (string);
}

// Original file: ../../proto/jobplane/v1/job_service.proto

import type { JobStatus as _jobplane_v1_JobStatus, JobStatus__Output as _jobplane_v1_JobStatus__Output } from '../../jobplane/v1/JobStatus';
import type { Progress as _jobplane_v1_Progress, Progress__Output as _jobplane_v1_Progress__Output } from '../../jobplane/v1/Progress';
import type { Job as _jobplane_v1_Job, Job__Output as _jobplane_v1_Job__Output } from '../../jobplane/v1/Job';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct';
import type { JobError as _jobplane_v1_JobError, JobError__Output as _jobplane_v1_JobError__Output } from '../../jobplane/v1/JobError';
import type { WatchEventKind as _jobplane_v1_WatchEventKind, WatchEventKind__Output as _jobplane_v1_WatchEventKind__Output } from '../../jobplane/v1/WatchEventKind';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { Long } from '@grpc/proto-loader';

export interface WatchProgressResponse {
  'sequence'?: (number | string | Long);
  'status'?: (_jobplane_v1_JobStatus);
  'progress'?: (_jobplane_v1_Progress | null);
  'job'?: (_jobplane_v1_Job | null);
  'output'?: (_google_protobuf_Struct | null);
  'error'?: (_jobplane_v1_JobError | null);
  'kind'?: (_jobplane_v1_WatchEventKind);
  'attempt'?: (number);
  'eventTime'?: (_google_protobuf_Timestamp | null);
  'result'?: "output"|"error";
}

export interface WatchProgressResponse__Output {
  'sequence': (number);
  'status': (_jobplane_v1_JobStatus__Output);
  'progress': (_jobplane_v1_Progress__Output | null);
  'job': (_jobplane_v1_Job__Output | null);
  'output'?: (_google_protobuf_Struct__Output | null);
  'error'?: (_jobplane_v1_JobError__Output | null);
  'kind': (_jobplane_v1_WatchEventKind__Output);
  'attempt': (number);
  'eventTime': (_google_protobuf_Timestamp__Output | null);
  'result'?: "output"|"error";
}

// Original file: ../../proto/jobplane/v1/job.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { JobStatus as _jobplane_v1_JobStatus, JobStatus__Output as _jobplane_v1_JobStatus__Output } from '../../jobplane/v1/JobStatus';
import type { JobError as _jobplane_v1_JobError, JobError__Output as _jobplane_v1_JobError__Output } from '../../jobplane/v1/JobError';

export interface Attempt {
  'number'?: (number);
  'startTime'?: (_google_protobuf_Timestamp | null);
  'endTime'?: (_google_protobuf_Timestamp | null);
  'outcome'?: (_jobplane_v1_JobStatus);
  'error'?: (_jobplane_v1_JobError | null);
  'worker'?: (string);
}

export interface Attempt__Output {
  'number': (number);
  'startTime': (_google_protobuf_Timestamp__Output | null);
  'endTime': (_google_protobuf_Timestamp__Output | null);
  'outcome': (_jobplane_v1_JobStatus__Output);
  'error': (_jobplane_v1_JobError__Output | null);
  'worker': (string);
}

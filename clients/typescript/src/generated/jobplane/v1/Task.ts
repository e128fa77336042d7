// Original file: ../../proto/jobplane/v1/worker_service.proto

import type { Job as _jobplane_v1_Job, Job__Output as _jobplane_v1_Job__Output } from '../../jobplane/v1/Job';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';

export interface Task {
  'taskToken'?: (string);
  'job'?: (_jobplane_v1_Job | null);
  'leaseExpireTime'?: (_google_protobuf_Timestamp | null);
}

export interface Task__Output {
  'taskToken': (string);
  'job': (_jobplane_v1_Job__Output | null);
  'leaseExpireTime': (_google_protobuf_Timestamp__Output | null);
}

// Original file: ../../proto/jobplane/v1/job_service.proto

import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration';

export interface WaitJobRequest {
  'jobId'?: (string);
  'timeout'?: (_google_protobuf_Duration | null);
}

export interface WaitJobRequest__Output {
  'jobId': (string);
  'timeout': (_google_protobuf_Duration__Output | null);
}

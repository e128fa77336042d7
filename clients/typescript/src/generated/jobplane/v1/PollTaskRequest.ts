// Original file: ../../proto/jobplane/v1/worker_service.proto

import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration';

export interface PollTaskRequest {
  'workerId'?: (string);
  'types'?: (string)[];
  'wait'?: (_google_protobuf_Duration | null);
}

export interface PollTaskRequest__Output {
  'workerId': (string);
  'types': (string)[];
  'wait': (_google_protobuf_Duration__Output | null);
}

// Original file: ../../proto/jobplane/v1/job.proto

import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration';

export interface RetryPolicy {
  'initialBackoff'?: (_google_protobuf_Duration | null);
  'maxBackoff'?: (_google_protobuf_Duration | null);
  'backoffMultiplier'?: (number | string);
  'jitter'?: (number | string);
  'nonRetryableReasons'?: (string)[];
}

export interface RetryPolicy__Output {
  'initialBackoff': (_google_protobuf_Duration__Output | null);
  'maxBackoff': (_google_protobuf_Duration__Output | null);
  'backoffMultiplier': (number);
  'jitter': (number);
  'nonRetryableReasons': (string)[];
}

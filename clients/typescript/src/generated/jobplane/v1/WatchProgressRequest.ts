// Original file: ../../proto/jobplane/v1/job_service.proto

import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration';
import type { Long } from '@grpc/proto-loader';

export interface WatchProgressRequest {
  'jobId'?: (string);
  'afterSequence'?: (number | string | Long);
  'progressInterval'?: (_google_protobuf_Duration | null);
}

export interface WatchProgressRequest__Output {
  'jobId': (string);
  'afterSequence': (number);
  'progressInterval': (_google_protobuf_Duration__Output | null);
}

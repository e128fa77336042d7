// Original file: ../../proto/jobplane/v1/job_service.proto

import type { Long } from '@grpc/proto-loader';

export interface WatchProgressRequest {
  'jobId'?: (string);
  'afterSequence'?: (number | string | Long);
}

export interface WatchProgressRequest__Output {
  'jobId': (string);
  'afterSequence': (number);
}

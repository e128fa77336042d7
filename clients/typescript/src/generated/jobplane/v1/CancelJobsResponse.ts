// Original file: ../../proto/jobplane/v1/job_service.proto

import type { Long } from '@grpc/proto-loader';

export interface CancelJobsResponse {
  'count'?: (number | string | Long);
  'more'?: (boolean);
}

export interface CancelJobsResponse__Output {
  'count': (number);
  'more': (boolean);
}

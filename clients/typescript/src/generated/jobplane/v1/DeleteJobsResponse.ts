// Original file: ../../proto/jobplane/v1/job_service.proto

import type { Long } from '@grpc/proto-loader';

export interface DeleteJobsResponse {
  'count'?: (number | string | Long);
  'more'?: (boolean);
}

export interface DeleteJobsResponse__Output {
  'count': (number);
  'more': (boolean);
}

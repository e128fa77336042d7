// Original file: ../../proto/jobplane/v1/job_service.proto


export interface WatchJobsRequest {
  'filter'?: (string);
  'afterCursor'?: (string);
}

export interface WatchJobsRequest__Output {
  'filter': (string);
  'afterCursor': (string);
}

// Original file: ../../proto/jobplane/v1/job_service.proto


export interface RetryJobsRequest {
  'filter'?: (string);
  'maxJobs'?: (number);
}

export interface RetryJobsRequest__Output {
  'filter': (string);
  'maxJobs': (number);
}

// Original file: ../../proto/jobplane/v1/job_service.proto


export interface CancelJobsRequest {
  'filter'?: (string);
  'reason'?: (string);
  'force'?: (boolean);
  'maxJobs'?: (number);
}

export interface CancelJobsRequest__Output {
  'filter': (string);
  'reason': (string);
  'force': (boolean);
  'maxJobs': (number);
}

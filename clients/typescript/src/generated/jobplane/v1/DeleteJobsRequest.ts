// Original file: ../../proto/jobplane/v1/job_service.proto


export interface DeleteJobsRequest {
  'filter'?: (string);
  'maxJobs'?: (number);
}

export interface DeleteJobsRequest__Output {
  'filter': (string);
  'maxJobs': (number);
}

// Original file: ../../proto/jobplane/v1/job_service.proto


export interface DeleteJobRequest {
  'jobId'?: (string);
}

export interface DeleteJobRequest__Output {
  'jobId': (string);
}

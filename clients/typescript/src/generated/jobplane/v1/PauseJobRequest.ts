// Original file: ../../proto/jobplane/v1/job_service.proto


export interface PauseJobRequest {
  'jobId'?: (string);
}

export interface PauseJobRequest__Output {
  'jobId': (string);
}

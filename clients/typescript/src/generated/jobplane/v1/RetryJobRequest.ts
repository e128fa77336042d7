// Original file: ../../proto/jobplane/v1/job_service.proto


export interface RetryJobRequest {
  'jobId'?: (string);
  'additionalAttempts'?: (number);
}

export interface RetryJobRequest__Output {
  'jobId': (string);
  'additionalAttempts': (number);
}

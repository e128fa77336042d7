// Original file: ../../proto/jobplane/v1/job_service.proto


export interface CancelJobRequest {
  'jobId'?: (string);
  'reason'?: (string);
  'force'?: (boolean);
}

export interface CancelJobRequest__Output {
  'jobId': (string);
  'reason': (string);
  'force': (boolean);
}

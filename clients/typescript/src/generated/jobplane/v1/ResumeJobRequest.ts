// Original file: ../../proto/jobplane/v1/job_service.proto


export interface ResumeJobRequest {
  'jobId'?: (string);
}

export interface ResumeJobRequest__Output {
  'jobId': (string);
}

// Original file: ../../proto/jobplane/v1/job_service.proto


export interface ListJobsRequest {
  'filter'?: (string);
  'pageSize'?: (number);
  'pageToken'?: (string);
}

export interface ListJobsRequest__Output {
  'filter': (string);
  'pageSize': (number);
  'pageToken': (string);
}

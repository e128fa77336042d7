// Original file: ../../proto/jobplane/v1/schedule_service.proto


export interface ListSchedulesRequest {
  'filter'?: (string);
  'pageSize'?: (number);
  'pageToken'?: (string);
}

export interface ListSchedulesRequest__Output {
  'filter': (string);
  'pageSize': (number);
  'pageToken': (string);
}

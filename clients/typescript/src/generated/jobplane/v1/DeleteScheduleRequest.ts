// Original file: ../../proto/jobplane/v1/schedule_service.proto


export interface DeleteScheduleRequest {
  'scheduleId'?: (string);
}

export interface DeleteScheduleRequest__Output {
  'scheduleId': (string);
}

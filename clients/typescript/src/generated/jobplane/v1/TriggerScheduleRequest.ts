// Original file: ../../proto/jobplane/v1/schedule_service.proto


export interface TriggerScheduleRequest {
  'scheduleId'?: (string);
  'requestId'?: (string);
}

export interface TriggerScheduleRequest__Output {
  'scheduleId': (string);
  'requestId': (string);
}

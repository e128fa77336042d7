// Original file: ../../proto/jobplane/v1/schedule_service.proto


export interface PauseScheduleRequest {
  'scheduleId'?: (string);
  'note'?: (string);
}

export interface PauseScheduleRequest__Output {
  'scheduleId': (string);
  'note': (string);
}

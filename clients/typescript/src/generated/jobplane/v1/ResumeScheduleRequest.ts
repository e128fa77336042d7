// Original file: ../../proto/jobplane/v1/schedule_service.proto


export interface ResumeScheduleRequest {
  'scheduleId'?: (string);
  'note'?: (string);
}

export interface ResumeScheduleRequest__Output {
  'scheduleId': (string);
  'note': (string);
}

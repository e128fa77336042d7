// Original file: ../../proto/jobplane/v1/worker_service.proto


export interface TaskCancel {
  'taskToken'?: (string);
  'reason'?: (string);
  'force'?: (boolean);
}

export interface TaskCancel__Output {
  'taskToken': (string);
  'reason': (string);
  'force': (boolean);
}

// Original file: ../../proto/jobplane/v1/worker_service.proto


export interface ListenTasksRequest {
  'workerId'?: (string);
  'types'?: (string)[];
  'slots'?: (number);
  'labels'?: ({[key: string]: string});
}

export interface ListenTasksRequest__Output {
  'workerId': (string);
  'types': (string)[];
  'slots': (number);
  'labels': ({[key: string]: string});
}

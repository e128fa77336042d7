// Original file: ../../proto/jobplane/v1/worker_service.proto

import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct';
import type { TaskFailure as _jobplane_v1_TaskFailure, TaskFailure__Output as _jobplane_v1_TaskFailure__Output } from '../../jobplane/v1/TaskFailure';

export interface CompleteTaskRequest {
  'taskToken'?: (string);
  'output'?: (_google_protobuf_Struct | null);
  'error'?: (_jobplane_v1_TaskFailure | null);
  'result'?: "output"|"error";
}

export interface CompleteTaskRequest__Output {
  'taskToken': (string);
  'output'?: (_google_protobuf_Struct__Output | null);
  'error'?: (_jobplane_v1_TaskFailure__Output | null);
  'result'?: "output"|"error";
}

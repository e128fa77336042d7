// Original file: ../../proto/jobplane/v1/worker_service.proto

import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct';

export interface TaskFailure {
  'reason'?: (string);
  'message'?: (string);
  'nonRetryable'?: (boolean);
  'details'?: (_google_protobuf_Struct | null);
}

export interface TaskFailure__Output {
  'reason': (string);
  'message': (string);
  'nonRetryable': (boolean);
  'details': (_google_protobuf_Struct__Output | null);
}

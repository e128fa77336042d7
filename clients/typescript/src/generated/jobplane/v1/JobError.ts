// Original file: ../../proto/jobplane/v1/job.proto

import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct';

export interface JobError {
  'code'?: (string);
  'reason'?: (string);
  'message'?: (string);
  'details'?: (_google_protobuf_Struct | null);
}

export interface JobError__Output {
  'code': (string);
  'reason': (string);
  'message': (string);
  'details': (_google_protobuf_Struct__Output | null);
}

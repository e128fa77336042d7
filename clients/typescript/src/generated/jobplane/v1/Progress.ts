// Original file: ../../proto/jobplane/v1/job.proto

import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';

export interface Progress {
  'current'?: (number | string);
  'total'?: (number | string);
  'percent'?: (number | string);
  'message'?: (string);
  'details'?: (_google_protobuf_Struct | null);
  'updateTime'?: (_google_protobuf_Timestamp | null);
}

export interface Progress__Output {
  'current': (number);
  'total': (number);
  'percent': (number);
  'message': (string);
  'details': (_google_protobuf_Struct__Output | null);
  'updateTime': (_google_protobuf_Timestamp__Output | null);
}

// Original file: ../../proto/jobplane/v1/worker_service.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';

export interface ReportProgressResponse {
  'cancelRequested'?: (boolean);
  'leaseExpireTime'?: (_google_protobuf_Timestamp | null);
}

export interface ReportProgressResponse__Output {
  'cancelRequested': (boolean);
  'leaseExpireTime': (_google_protobuf_Timestamp__Output | null);
}

// Original file: ../../proto/jobplane/v1/worker_service.proto

import type { Progress as _jobplane_v1_Progress, Progress__Output as _jobplane_v1_Progress__Output } from '../../jobplane/v1/Progress';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct';

export interface ReportProgressRequest {
  'taskToken'?: (string);
  'progress'?: (_jobplane_v1_Progress | null);
  'checkpoint'?: (_google_protobuf_Struct | null);
}

export interface ReportProgressRequest__Output {
  'taskToken': (string);
  'progress': (_jobplane_v1_Progress__Output | null);
  'checkpoint': (_google_protobuf_Struct__Output | null);
}

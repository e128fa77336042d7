import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from './google/protobuf/Duration';
import type { ListValue as _google_protobuf_ListValue, ListValue__Output as _google_protobuf_ListValue__Output } from './google/protobuf/ListValue';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from './google/protobuf/Struct';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { Value as _google_protobuf_Value, Value__Output as _google_protobuf_Value__Output } from './google/protobuf/Value';
import type { Attempt as _jobplane_v1_Attempt, Attempt__Output as _jobplane_v1_Attempt__Output } from './jobplane/v1/Attempt';
import type { CancelJobRequest as _jobplane_v1_CancelJobRequest, CancelJobRequest__Output as _jobplane_v1_CancelJobRequest__Output } from './jobplane/v1/CancelJobRequest';
import type { CancelJobResponse as _jobplane_v1_CancelJobResponse, CancelJobResponse__Output as _jobplane_v1_CancelJobResponse__Output } from './jobplane/v1/CancelJobResponse';
import type { GetJobRequest as _jobplane_v1_GetJobRequest, GetJobRequest__Output as _jobplane_v1_GetJobRequest__Output } from './jobplane/v1/GetJobRequest';
import type { GetJobResponse as _jobplane_v1_GetJobResponse, GetJobResponse__Output as _jobplane_v1_GetJobResponse__Output } from './jobplane/v1/GetJobResponse';
import type { Job as _jobplane_v1_Job, Job__Output as _jobplane_v1_Job__Output } from './jobplane/v1/Job';
import type { JobError as _jobplane_v1_JobError, JobError__Output as _jobplane_v1_JobError__Output } from './jobplane/v1/JobError';
import type { JobServiceClient as _jobplane_v1_JobServiceClient, JobServiceDefinition as _jobplane_v1_JobServiceDefinition } from './jobplane/v1/JobService';
import type { ListJobsRequest as _jobplane_v1_ListJobsRequest, ListJobsRequest__Output as _jobplane_v1_ListJobsRequest__Output } from './jobplane/v1/ListJobsRequest';
import type { ListJobsResponse as _jobplane_v1_ListJobsResponse, ListJobsResponse__Output as _jobplane_v1_ListJobsResponse__Output } from './jobplane/v1/ListJobsResponse';
import type { PauseJobRequest as _jobplane_v1_PauseJobRequest, PauseJobRequest__Output as _jobplane_v1_PauseJobRequest__Output } from './jobplane/v1/PauseJobRequest';
import type { PauseJobResponse as _jobplane_v1_PauseJobResponse, PauseJobResponse__Output as _jobplane_v1_PauseJobResponse__Output } from './jobplane/v1/PauseJobResponse';
import type { Progress as _jobplane_v1_Progress, Progress__Output as _jobplane_v1_Progress__Output } from './jobplane/v1/Progress';
import type { ResumeJobRequest as _jobplane_v1_ResumeJobRequest, ResumeJobRequest__Output as _jobplane_v1_ResumeJobRequest__Output } from './jobplane/v1/ResumeJobRequest';
import type { ResumeJobResponse as _jobplane_v1_ResumeJobResponse, ResumeJobResponse__Output as _jobplane_v1_ResumeJobResponse__Output } from './jobplane/v1/ResumeJobResponse';
import type { RetryJobRequest as _jobplane_v1_RetryJobRequest, RetryJobRequest__Output as _jobplane_v1_RetryJobRequest__Output } from './jobplane/v1/RetryJobRequest';
import type { RetryJobResponse as _jobplane_v1_RetryJobResponse, RetryJobResponse__Output as _jobplane_v1_RetryJobResponse__Output } from './jobplane/v1/RetryJobResponse';
import type { RetryPolicy as _jobplane_v1_RetryPolicy, RetryPolicy__Output as _jobplane_v1_RetryPolicy__Output } from './jobplane/v1/RetryPolicy';
import type { SubmitJobRequest as _jobplane_v1_SubmitJobRequest, SubmitJobRequest__Output as _jobplane_v1_SubmitJobRequest__Output } from './jobplane/v1/SubmitJobRequest';
import type { SubmitJobResponse as _jobplane_v1_SubmitJobResponse, SubmitJobResponse__Output as _jobplane_v1_SubmitJobResponse__Output } from './jobplane/v1/SubmitJobResponse';
import type { WaitJobRequest as _jobplane_v1_WaitJobRequest, WaitJobRequest__Output as _jobplane_v1_WaitJobRequest__Output } from './jobplane/v1/WaitJobRequest';
import type { WaitJobResponse as _jobplane_v1_WaitJobResponse, WaitJobResponse__Output as _jobplane_v1_WaitJobResponse__Output } from './jobplane/v1/WaitJobResponse';
import type { WatchJobsRequest as _jobplane_v1_WatchJobsRequest, WatchJobsRequest__Output as _jobplane_v1_WatchJobsRequest__Output } from './jobplane/v1/WatchJobsRequest';
import type { WatchJobsResponse as _jobplane_v1_WatchJobsResponse, WatchJobsResponse__Output as _jobplane_v1_WatchJobsResponse__Output } from './jobplane/v1/WatchJobsResponse';
import type { WatchProgressRequest as _jobplane_v1_WatchProgressRequest, WatchProgressRequest__Output as _jobplane_v1_WatchProgressRequest__Output } from './jobplane/v1/WatchProgressRequest';
import type { WatchProgressResponse as _jobplane_v1_WatchProgressResponse, WatchProgressResponse__Output as _jobplane_v1_WatchProgressResponse__Output } from './jobplane/v1/WatchProgressResponse';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      Duration: MessageTypeDefinition<_google_protobuf_Duration, _google_protobuf_Duration__Output>
      ListValue: MessageTypeDefinition<_google_protobuf_ListValue, _google_protobuf_ListValue__Output>
      NullValue: EnumTypeDefinition
      Struct: MessageTypeDefinition<_google_protobuf_Struct, _google_protobuf_Struct__Output>
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
      Value: MessageTypeDefinition<_google_protobuf_Value, _google_protobuf_Value__Output>
    }
  }
  jobplane: {
    v1: {
      Attempt: MessageTypeDefinition<_jobplane_v1_Attempt, _jobplane_v1_Attempt__Output>
      CancelJobRequest: MessageTypeDefinition<_jobplane_v1_CancelJobRequest, _jobplane_v1_CancelJobRequest__Output>
      CancelJobResponse: MessageTypeDefinition<_jobplane_v1_CancelJobResponse, _jobplane_v1_CancelJobResponse__Output>
      GetJobRequest: MessageTypeDefinition<_jobplane_v1_GetJobRequest, _jobplane_v1_GetJobRequest__Output>
      GetJobResponse: MessageTypeDefinition<_jobplane_v1_GetJobResponse, _jobplane_v1_GetJobResponse__Output>
      Job: MessageTypeDefinition<_jobplane_v1_Job, _jobplane_v1_Job__Output>
      JobError: MessageTypeDefinition<_jobplane_v1_JobError, _jobplane_v1_JobError__Output>
      JobService: SubtypeConstructor<typeof grpc.Client, _jobplane_v1_JobServiceClient> & { service: _jobplane_v1_JobServiceDefinition }
      JobStatus: EnumTypeDefinition
      ListJobsRequest: MessageTypeDefinition<_jobplane_v1_ListJobsRequest, _jobplane_v1_ListJobsRequest__Output>
      ListJobsResponse: MessageTypeDefinition<_jobplane_v1_ListJobsResponse, _jobplane_v1_ListJobsResponse__Output>
      PauseJobRequest: MessageTypeDefinition<_jobplane_v1_PauseJobRequest, _jobplane_v1_PauseJobRequest__Output>
      PauseJobResponse: MessageTypeDefinition<_jobplane_v1_PauseJobResponse, _jobplane_v1_PauseJobResponse__Output>
      Progress: MessageTypeDefinition<_jobplane_v1_Progress, _jobplane_v1_Progress__Output>
      ResumeJobRequest: MessageTypeDefinition<_jobplane_v1_ResumeJobRequest, _jobplane_v1_ResumeJobRequest__Output>
      ResumeJobResponse: MessageTypeDefinition<_jobplane_v1_ResumeJobResponse, _jobplane_v1_ResumeJobResponse__Output>
      RetryJobRequest: MessageTypeDefinition<_jobplane_v1_RetryJobRequest, _jobplane_v1_RetryJobRequest__Output>
      RetryJobResponse: MessageTypeDefinition<_jobplane_v1_RetryJobResponse, _jobplane_v1_RetryJobResponse__Output>
      RetryPolicy: MessageTypeDefinition<_jobplane_v1_RetryPolicy, _jobplane_v1_RetryPolicy__Output>
      SubmitJobRequest: MessageTypeDefinition<_jobplane_v1_SubmitJobRequest, _jobplane_v1_SubmitJobRequest__Output>
      SubmitJobResponse: MessageTypeDefinition<_jobplane_v1_SubmitJobResponse, _jobplane_v1_SubmitJobResponse__Output>
      WaitJobRequest: MessageTypeDefinition<_jobplane_v1_WaitJobRequest, _jobplane_v1_WaitJobRequest__Output>
      WaitJobResponse: MessageTypeDefinition<_jobplane_v1_WaitJobResponse, _jobplane_v1_WaitJobResponse__Output>
      WatchEventKind: EnumTypeDefinition
      WatchJobsRequest: MessageTypeDefinition<_jobplane_v1_WatchJobsRequest, _jobplane_v1_WatchJobsRequest__Output>
      WatchJobsResponse: MessageTypeDefinition<_jobplane_v1_WatchJobsResponse, _jobplane_v1_WatchJobsResponse__Output>
      WatchProgressRequest: MessageTypeDefinition<_jobplane_v1_WatchProgressRequest, _jobplane_v1_WatchProgressRequest__Output>
      WatchProgressResponse: MessageTypeDefinition<_jobplane_v1_WatchProgressResponse, _jobplane_v1_WatchProgressResponse__Output>
    }
  }
}


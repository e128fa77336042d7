import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from './google/protobuf/Duration';
import type { ListValue as _google_protobuf_ListValue, ListValue__Output as _google_protobuf_ListValue__Output } from './google/protobuf/ListValue';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from './google/protobuf/Struct';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { Value as _google_protobuf_Value, Value__Output as _google_protobuf_Value__Output } from './google/protobuf/Value';
import type { Attempt as _jobplane_v1_Attempt, Attempt__Output as _jobplane_v1_Attempt__Output } from './jobplane/v1/Attempt';
import type { CompleteTaskRequest as _jobplane_v1_CompleteTaskRequest, CompleteTaskRequest__Output as _jobplane_v1_CompleteTaskRequest__Output } from './jobplane/v1/CompleteTaskRequest';
import type { CompleteTaskResponse as _jobplane_v1_CompleteTaskResponse, CompleteTaskResponse__Output as _jobplane_v1_CompleteTaskResponse__Output } from './jobplane/v1/CompleteTaskResponse';
import type { Job as _jobplane_v1_Job, Job__Output as _jobplane_v1_Job__Output } from './jobplane/v1/Job';
import type { JobError as _jobplane_v1_JobError, JobError__Output as _jobplane_v1_JobError__Output } from './jobplane/v1/JobError';
import type { ListenTasksRequest as _jobplane_v1_ListenTasksRequest, ListenTasksRequest__Output as _jobplane_v1_ListenTasksRequest__Output } from './jobplane/v1/ListenTasksRequest';
import type { ListenTasksResponse as _jobplane_v1_ListenTasksResponse, ListenTasksResponse__Output as _jobplane_v1_ListenTasksResponse__Output } from './jobplane/v1/ListenTasksResponse';
import type { PollTaskRequest as _jobplane_v1_PollTaskRequest, PollTaskRequest__Output as _jobplane_v1_PollTaskRequest__Output } from './jobplane/v1/PollTaskRequest';
import type { PollTaskResponse as _jobplane_v1_PollTaskResponse, PollTaskResponse__Output as _jobplane_v1_PollTaskResponse__Output } from './jobplane/v1/PollTaskResponse';
import type { Progress as _jobplane_v1_Progress, Progress__Output as _jobplane_v1_Progress__Output } from './jobplane/v1/Progress';
import type { ReportProgressRequest as _jobplane_v1_ReportProgressRequest, ReportProgressRequest__Output as _jobplane_v1_ReportProgressRequest__Output } from './jobplane/v1/ReportProgressRequest';
import type { ReportProgressResponse as _jobplane_v1_ReportProgressResponse, ReportProgressResponse__Output as _jobplane_v1_ReportProgressResponse__Output } from './jobplane/v1/ReportProgressResponse';
import type { RetryPolicy as _jobplane_v1_RetryPolicy, RetryPolicy__Output as _jobplane_v1_RetryPolicy__Output } from './jobplane/v1/RetryPolicy';
import type { Task as _jobplane_v1_Task, Task__Output as _jobplane_v1_Task__Output } from './jobplane/v1/Task';
import type { TaskCancel as _jobplane_v1_TaskCancel, TaskCancel__Output as _jobplane_v1_TaskCancel__Output } from './jobplane/v1/TaskCancel';
import type { TaskFailure as _jobplane_v1_TaskFailure, TaskFailure__Output as _jobplane_v1_TaskFailure__Output } from './jobplane/v1/TaskFailure';
import type { WorkerServiceClient as _jobplane_v1_WorkerServiceClient, WorkerServiceDefinition as _jobplane_v1_WorkerServiceDefinition } from './jobplane/v1/WorkerService';

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
      CompleteTaskRequest: MessageTypeDefinition<_jobplane_v1_CompleteTaskRequest, _jobplane_v1_CompleteTaskRequest__Output>
      CompleteTaskResponse: MessageTypeDefinition<_jobplane_v1_CompleteTaskResponse, _jobplane_v1_CompleteTaskResponse__Output>
      Job: MessageTypeDefinition<_jobplane_v1_Job, _jobplane_v1_Job__Output>
      JobError: MessageTypeDefinition<_jobplane_v1_JobError, _jobplane_v1_JobError__Output>
      JobStatus: EnumTypeDefinition
      ListenTasksRequest: MessageTypeDefinition<_jobplane_v1_ListenTasksRequest, _jobplane_v1_ListenTasksRequest__Output>
      ListenTasksResponse: MessageTypeDefinition<_jobplane_v1_ListenTasksResponse, _jobplane_v1_ListenTasksResponse__Output>
      PollTaskRequest: MessageTypeDefinition<_jobplane_v1_PollTaskRequest, _jobplane_v1_PollTaskRequest__Output>
      PollTaskResponse: MessageTypeDefinition<_jobplane_v1_PollTaskResponse, _jobplane_v1_PollTaskResponse__Output>
      Progress: MessageTypeDefinition<_jobplane_v1_Progress, _jobplane_v1_Progress__Output>
      ReportProgressRequest: MessageTypeDefinition<_jobplane_v1_ReportProgressRequest, _jobplane_v1_ReportProgressRequest__Output>
      ReportProgressResponse: MessageTypeDefinition<_jobplane_v1_ReportProgressResponse, _jobplane_v1_ReportProgressResponse__Output>
      RetryPolicy: MessageTypeDefinition<_jobplane_v1_RetryPolicy, _jobplane_v1_RetryPolicy__Output>
      Task: MessageTypeDefinition<_jobplane_v1_Task, _jobplane_v1_Task__Output>
      TaskCancel: MessageTypeDefinition<_jobplane_v1_TaskCancel, _jobplane_v1_TaskCancel__Output>
      TaskFailure: MessageTypeDefinition<_jobplane_v1_TaskFailure, _jobplane_v1_TaskFailure__Output>
      WorkerService: SubtypeConstructor<typeof grpc.Client, _jobplane_v1_WorkerServiceClient> & { service: _jobplane_v1_WorkerServiceDefinition }
    }
  }
}


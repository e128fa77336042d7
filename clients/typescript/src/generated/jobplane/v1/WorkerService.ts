// Original file: ../../proto/jobplane/v1/worker_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CompleteTaskRequest as _jobplane_v1_CompleteTaskRequest, CompleteTaskRequest__Output as _jobplane_v1_CompleteTaskRequest__Output } from '../../jobplane/v1/CompleteTaskRequest';
import type { CompleteTaskResponse as _jobplane_v1_CompleteTaskResponse, CompleteTaskResponse__Output as _jobplane_v1_CompleteTaskResponse__Output } from '../../jobplane/v1/CompleteTaskResponse';
import type { ListenTasksRequest as _jobplane_v1_ListenTasksRequest, ListenTasksRequest__Output as _jobplane_v1_ListenTasksRequest__Output } from '../../jobplane/v1/ListenTasksRequest';
import type { ListenTasksResponse as _jobplane_v1_ListenTasksResponse, ListenTasksResponse__Output as _jobplane_v1_ListenTasksResponse__Output } from '../../jobplane/v1/ListenTasksResponse';
import type { PollTaskRequest as _jobplane_v1_PollTaskRequest, PollTaskRequest__Output as _jobplane_v1_PollTaskRequest__Output } from '../../jobplane/v1/PollTaskRequest';
import type { PollTaskResponse as _jobplane_v1_PollTaskResponse, PollTaskResponse__Output as _jobplane_v1_PollTaskResponse__Output } from '../../jobplane/v1/PollTaskResponse';
import type { ReportProgressRequest as _jobplane_v1_ReportProgressRequest, ReportProgressRequest__Output as _jobplane_v1_ReportProgressRequest__Output } from '../../jobplane/v1/ReportProgressRequest';
import type { ReportProgressResponse as _jobplane_v1_ReportProgressResponse, ReportProgressResponse__Output as _jobplane_v1_ReportProgressResponse__Output } from '../../jobplane/v1/ReportProgressResponse';

export interface WorkerServiceClient extends grpc.Client {
  CompleteTask(argument: _jobplane_v1_CompleteTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_CompleteTaskResponse__Output>): grpc.ClientUnaryCall;
  CompleteTask(argument: _jobplane_v1_CompleteTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_CompleteTaskResponse__Output>): grpc.ClientUnaryCall;
  CompleteTask(argument: _jobplane_v1_CompleteTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_CompleteTaskResponse__Output>): grpc.ClientUnaryCall;
  CompleteTask(argument: _jobplane_v1_CompleteTaskRequest, callback: grpc.requestCallback<_jobplane_v1_CompleteTaskResponse__Output>): grpc.ClientUnaryCall;
  completeTask(argument: _jobplane_v1_CompleteTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_CompleteTaskResponse__Output>): grpc.ClientUnaryCall;
  completeTask(argument: _jobplane_v1_CompleteTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_CompleteTaskResponse__Output>): grpc.ClientUnaryCall;
  completeTask(argument: _jobplane_v1_CompleteTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_CompleteTaskResponse__Output>): grpc.ClientUnaryCall;
  completeTask(argument: _jobplane_v1_CompleteTaskRequest, callback: grpc.requestCallback<_jobplane_v1_CompleteTaskResponse__Output>): grpc.ClientUnaryCall;
  
  ListenTasks(argument: _jobplane_v1_ListenTasksRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_jobplane_v1_ListenTasksResponse__Output>;
  ListenTasks(argument: _jobplane_v1_ListenTasksRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_jobplane_v1_ListenTasksResponse__Output>;
  listenTasks(argument: _jobplane_v1_ListenTasksRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_jobplane_v1_ListenTasksResponse__Output>;
  listenTasks(argument: _jobplane_v1_ListenTasksRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_jobplane_v1_ListenTasksResponse__Output>;
  
  PollTask(argument: _jobplane_v1_PollTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_PollTaskResponse__Output>): grpc.ClientUnaryCall;
  PollTask(argument: _jobplane_v1_PollTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_PollTaskResponse__Output>): grpc.ClientUnaryCall;
  PollTask(argument: _jobplane_v1_PollTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_PollTaskResponse__Output>): grpc.ClientUnaryCall;
  PollTask(argument: _jobplane_v1_PollTaskRequest, callback: grpc.requestCallback<_jobplane_v1_PollTaskResponse__Output>): grpc.ClientUnaryCall;
  pollTask(argument: _jobplane_v1_PollTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_PollTaskResponse__Output>): grpc.ClientUnaryCall;
  pollTask(argument: _jobplane_v1_PollTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_PollTaskResponse__Output>): grpc.ClientUnaryCall;
  pollTask(argument: _jobplane_v1_PollTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_PollTaskResponse__Output>): grpc.ClientUnaryCall;
  pollTask(argument: _jobplane_v1_PollTaskRequest, callback: grpc.requestCallback<_jobplane_v1_PollTaskResponse__Output>): grpc.ClientUnaryCall;
  
  ReportProgress(argument: _jobplane_v1_ReportProgressRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_ReportProgressResponse__Output>): grpc.ClientUnaryCall;
  ReportProgress(argument: _jobplane_v1_ReportProgressRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_ReportProgressResponse__Output>): grpc.ClientUnaryCall;
  ReportProgress(argument: _jobplane_v1_ReportProgressRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_ReportProgressResponse__Output>): grpc.ClientUnaryCall;
  ReportProgress(argument: _jobplane_v1_ReportProgressRequest, callback: grpc.requestCallback<_jobplane_v1_ReportProgressResponse__Output>): grpc.ClientUnaryCall;
  reportProgress(argument: _jobplane_v1_ReportProgressRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_ReportProgressResponse__Output>): grpc.ClientUnaryCall;
  reportProgress(argument: _jobplane_v1_ReportProgressRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_ReportProgressResponse__Output>): grpc.ClientUnaryCall;
  reportProgress(argument: _jobplane_v1_ReportProgressRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_ReportProgressResponse__Output>): grpc.ClientUnaryCall;
  reportProgress(argument: _jobplane_v1_ReportProgressRequest, callback: grpc.requestCallback<_jobplane_v1_ReportProgressResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface WorkerServiceHandlers extends grpc.UntypedServiceImplementation {
  CompleteTask: grpc.handleUnaryCall<_jobplane_v1_CompleteTaskRequest__Output, _jobplane_v1_CompleteTaskResponse>;
  
  ListenTasks: grpc.handleServerStreamingCall<_jobplane_v1_ListenTasksRequest__Output, _jobplane_v1_ListenTasksResponse>;
  
  PollTask: grpc.handleUnaryCall<_jobplane_v1_PollTaskRequest__Output, _jobplane_v1_PollTaskResponse>;
  
  ReportProgress: grpc.handleUnaryCall<_jobplane_v1_ReportProgressRequest__Output, _jobplane_v1_ReportProgressResponse>;
  
}

export interface WorkerServiceDefinition extends grpc.ServiceDefinition {
  CompleteTask: MethodDefinition<_jobplane_v1_CompleteTaskRequest, _jobplane_v1_CompleteTaskResponse, _jobplane_v1_CompleteTaskRequest__Output, _jobplane_v1_CompleteTaskResponse__Output>
  ListenTasks: MethodDefinition<_jobplane_v1_ListenTasksRequest, _jobplane_v1_ListenTasksResponse, _jobplane_v1_ListenTasksRequest__Output, _jobplane_v1_ListenTasksResponse__Output>
  PollTask: MethodDefinition<_jobplane_v1_PollTaskRequest, _jobplane_v1_PollTaskResponse, _jobplane_v1_PollTaskRequest__Output, _jobplane_v1_PollTaskResponse__Output>
  ReportProgress: MethodDefinition<_jobplane_v1_ReportProgressRequest, _jobplane_v1_ReportProgressResponse, _jobplane_v1_ReportProgressRequest__Output, _jobplane_v1_ReportProgressResponse__Output>
}

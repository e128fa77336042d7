// Original file: ../../proto/jobplane/v1/job_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CancelJobRequest as _jobplane_v1_CancelJobRequest, CancelJobRequest__Output as _jobplane_v1_CancelJobRequest__Output } from '../../jobplane/v1/CancelJobRequest';
import type { CancelJobResponse as _jobplane_v1_CancelJobResponse, CancelJobResponse__Output as _jobplane_v1_CancelJobResponse__Output } from '../../jobplane/v1/CancelJobResponse';
import type { CancelJobsRequest as _jobplane_v1_CancelJobsRequest, CancelJobsRequest__Output as _jobplane_v1_CancelJobsRequest__Output } from '../../jobplane/v1/CancelJobsRequest';
import type { CancelJobsResponse as _jobplane_v1_CancelJobsResponse, CancelJobsResponse__Output as _jobplane_v1_CancelJobsResponse__Output } from '../../jobplane/v1/CancelJobsResponse';
import type { DeleteJobRequest as _jobplane_v1_DeleteJobRequest, DeleteJobRequest__Output as _jobplane_v1_DeleteJobRequest__Output } from '../../jobplane/v1/DeleteJobRequest';
import type { DeleteJobResponse as _jobplane_v1_DeleteJobResponse, DeleteJobResponse__Output as _jobplane_v1_DeleteJobResponse__Output } from '../../jobplane/v1/DeleteJobResponse';
import type { DeleteJobsRequest as _jobplane_v1_DeleteJobsRequest, DeleteJobsRequest__Output as _jobplane_v1_DeleteJobsRequest__Output } from '../../jobplane/v1/DeleteJobsRequest';
import type { DeleteJobsResponse as _jobplane_v1_DeleteJobsResponse, DeleteJobsResponse__Output as _jobplane_v1_DeleteJobsResponse__Output } from '../../jobplane/v1/DeleteJobsResponse';
import type { GetJobRequest as _jobplane_v1_GetJobRequest, GetJobRequest__Output as _jobplane_v1_GetJobRequest__Output } from '../../jobplane/v1/GetJobRequest';
import type { GetJobResponse as _jobplane_v1_GetJobResponse, GetJobResponse__Output as _jobplane_v1_GetJobResponse__Output } from '../../jobplane/v1/GetJobResponse';
import type { ListJobsRequest as _jobplane_v1_ListJobsRequest, ListJobsRequest__Output as _jobplane_v1_ListJobsRequest__Output } from '../../jobplane/v1/ListJobsRequest';
import type { ListJobsResponse as _jobplane_v1_ListJobsResponse, ListJobsResponse__Output as _jobplane_v1_ListJobsResponse__Output } from '../../jobplane/v1/ListJobsResponse';
import type { PauseJobRequest as _jobplane_v1_PauseJobRequest, PauseJobRequest__Output as _jobplane_v1_PauseJobRequest__Output } from '../../jobplane/v1/PauseJobRequest';
import type { PauseJobResponse as _jobplane_v1_PauseJobResponse, PauseJobResponse__Output as _jobplane_v1_PauseJobResponse__Output } from '../../jobplane/v1/PauseJobResponse';
import type { ResumeJobRequest as _jobplane_v1_ResumeJobRequest, ResumeJobRequest__Output as _jobplane_v1_ResumeJobRequest__Output } from '../../jobplane/v1/ResumeJobRequest';
import type { ResumeJobResponse as _jobplane_v1_ResumeJobResponse, ResumeJobResponse__Output as _jobplane_v1_ResumeJobResponse__Output } from '../../jobplane/v1/ResumeJobResponse';
import type { RetryJobRequest as _jobplane_v1_RetryJobRequest, RetryJobRequest__Output as _jobplane_v1_RetryJobRequest__Output } from '../../jobplane/v1/RetryJobRequest';
import type { RetryJobResponse as _jobplane_v1_RetryJobResponse, RetryJobResponse__Output as _jobplane_v1_RetryJobResponse__Output } from '../../jobplane/v1/RetryJobResponse';
import type { RetryJobsRequest as _jobplane_v1_RetryJobsRequest, RetryJobsRequest__Output as _jobplane_v1_RetryJobsRequest__Output } from '../../jobplane/v1/RetryJobsRequest';
import type { RetryJobsResponse as _jobplane_v1_RetryJobsResponse, RetryJobsResponse__Output as _jobplane_v1_RetryJobsResponse__Output } from '../../jobplane/v1/RetryJobsResponse';
import type { SubmitJobRequest as _jobplane_v1_SubmitJobRequest, SubmitJobRequest__Output as _jobplane_v1_SubmitJobRequest__Output } from '../../jobplane/v1/SubmitJobRequest';
import type { SubmitJobResponse as _jobplane_v1_SubmitJobResponse, SubmitJobResponse__Output as _jobplane_v1_SubmitJobResponse__Output } from '../../jobplane/v1/SubmitJobResponse';
import type { SubmitJobsRequest as _jobplane_v1_SubmitJobsRequest, SubmitJobsRequest__Output as _jobplane_v1_SubmitJobsRequest__Output } from '../../jobplane/v1/SubmitJobsRequest';
import type { SubmitJobsResponse as _jobplane_v1_SubmitJobsResponse, SubmitJobsResponse__Output as _jobplane_v1_SubmitJobsResponse__Output } from '../../jobplane/v1/SubmitJobsResponse';
import type { WaitJobRequest as _jobplane_v1_WaitJobRequest, WaitJobRequest__Output as _jobplane_v1_WaitJobRequest__Output } from '../../jobplane/v1/WaitJobRequest';
import type { WaitJobResponse as _jobplane_v1_WaitJobResponse, WaitJobResponse__Output as _jobplane_v1_WaitJobResponse__Output } from '../../jobplane/v1/WaitJobResponse';
import type { WatchJobsRequest as _jobplane_v1_WatchJobsRequest, WatchJobsRequest__Output as _jobplane_v1_WatchJobsRequest__Output } from '../../jobplane/v1/WatchJobsRequest';
import type { WatchJobsResponse as _jobplane_v1_WatchJobsResponse, WatchJobsResponse__Output as _jobplane_v1_WatchJobsResponse__Output } from '../../jobplane/v1/WatchJobsResponse';
import type { WatchProgressRequest as _jobplane_v1_WatchProgressRequest, WatchProgressRequest__Output as _jobplane_v1_WatchProgressRequest__Output } from '../../jobplane/v1/WatchProgressRequest';
import type { WatchProgressResponse as _jobplane_v1_WatchProgressResponse, WatchProgressResponse__Output as _jobplane_v1_WatchProgressResponse__Output } from '../../jobplane/v1/WatchProgressResponse';

export interface JobServiceClient extends grpc.Client {
  CancelJob(argument: _jobplane_v1_CancelJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_CancelJobResponse__Output>): grpc.ClientUnaryCall;
  CancelJob(argument: _jobplane_v1_CancelJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_CancelJobResponse__Output>): grpc.ClientUnaryCall;
  CancelJob(argument: _jobplane_v1_CancelJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_CancelJobResponse__Output>): grpc.ClientUnaryCall;
  CancelJob(argument: _jobplane_v1_CancelJobRequest, callback: grpc.requestCallback<_jobplane_v1_CancelJobResponse__Output>): grpc.ClientUnaryCall;
  cancelJob(argument: _jobplane_v1_CancelJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_CancelJobResponse__Output>): grpc.ClientUnaryCall;
  cancelJob(argument: _jobplane_v1_CancelJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_CancelJobResponse__Output>): grpc.ClientUnaryCall;
  cancelJob(argument: _jobplane_v1_CancelJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_CancelJobResponse__Output>): grpc.ClientUnaryCall;
  cancelJob(argument: _jobplane_v1_CancelJobRequest, callback: grpc.requestCallback<_jobplane_v1_CancelJobResponse__Output>): grpc.ClientUnaryCall;
  
  CancelJobs(argument: _jobplane_v1_CancelJobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_CancelJobsResponse__Output>): grpc.ClientUnaryCall;
  CancelJobs(argument: _jobplane_v1_CancelJobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_CancelJobsResponse__Output>): grpc.ClientUnaryCall;
  CancelJobs(argument: _jobplane_v1_CancelJobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_CancelJobsResponse__Output>): grpc.ClientUnaryCall;
  CancelJobs(argument: _jobplane_v1_CancelJobsRequest, callback: grpc.requestCallback<_jobplane_v1_CancelJobsResponse__Output>): grpc.ClientUnaryCall;
  cancelJobs(argument: _jobplane_v1_CancelJobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_CancelJobsResponse__Output>): grpc.ClientUnaryCall;
  cancelJobs(argument: _jobplane_v1_CancelJobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_CancelJobsResponse__Output>): grpc.ClientUnaryCall;
  cancelJobs(argument: _jobplane_v1_CancelJobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_CancelJobsResponse__Output>): grpc.ClientUnaryCall;
  cancelJobs(argument: _jobplane_v1_CancelJobsRequest, callback: grpc.requestCallback<_jobplane_v1_CancelJobsResponse__Output>): grpc.ClientUnaryCall;
  
  DeleteJob(argument: _jobplane_v1_DeleteJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_DeleteJobResponse__Output>): grpc.ClientUnaryCall;
  DeleteJob(argument: _jobplane_v1_DeleteJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_DeleteJobResponse__Output>): grpc.ClientUnaryCall;
  DeleteJob(argument: _jobplane_v1_DeleteJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_DeleteJobResponse__Output>): grpc.ClientUnaryCall;
  DeleteJob(argument: _jobplane_v1_DeleteJobRequest, callback: grpc.requestCallback<_jobplane_v1_DeleteJobResponse__Output>): grpc.ClientUnaryCall;
  deleteJob(argument: _jobplane_v1_DeleteJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_DeleteJobResponse__Output>): grpc.ClientUnaryCall;
  deleteJob(argument: _jobplane_v1_DeleteJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_DeleteJobResponse__Output>): grpc.ClientUnaryCall;
  deleteJob(argument: _jobplane_v1_DeleteJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_DeleteJobResponse__Output>): grpc.ClientUnaryCall;
  deleteJob(argument: _jobplane_v1_DeleteJobRequest, callback: grpc.requestCallback<_jobplane_v1_DeleteJobResponse__Output>): grpc.ClientUnaryCall;
  
  DeleteJobs(argument: _jobplane_v1_DeleteJobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_DeleteJobsResponse__Output>): grpc.ClientUnaryCall;
  DeleteJobs(argument: _jobplane_v1_DeleteJobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_DeleteJobsResponse__Output>): grpc.ClientUnaryCall;
  DeleteJobs(argument: _jobplane_v1_DeleteJobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_DeleteJobsResponse__Output>): grpc.ClientUnaryCall;
  DeleteJobs(argument: _jobplane_v1_DeleteJobsRequest, callback: grpc.requestCallback<_jobplane_v1_DeleteJobsResponse__Output>): grpc.ClientUnaryCall;
  deleteJobs(argument: _jobplane_v1_DeleteJobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_DeleteJobsResponse__Output>): grpc.ClientUnaryCall;
  deleteJobs(argument: _jobplane_v1_DeleteJobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_DeleteJobsResponse__Output>): grpc.ClientUnaryCall;
  deleteJobs(argument: _jobplane_v1_DeleteJobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_DeleteJobsResponse__Output>): grpc.ClientUnaryCall;
  deleteJobs(argument: _jobplane_v1_DeleteJobsRequest, callback: grpc.requestCallback<_jobplane_v1_DeleteJobsResponse__Output>): grpc.ClientUnaryCall;
  
  GetJob(argument: _jobplane_v1_GetJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_GetJobResponse__Output>): grpc.ClientUnaryCall;
  GetJob(argument: _jobplane_v1_GetJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_GetJobResponse__Output>): grpc.ClientUnaryCall;
  GetJob(argument: _jobplane_v1_GetJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_GetJobResponse__Output>): grpc.ClientUnaryCall;
  GetJob(argument: _jobplane_v1_GetJobRequest, callback: grpc.requestCallback<_jobplane_v1_GetJobResponse__Output>): grpc.ClientUnaryCall;
  getJob(argument: _jobplane_v1_GetJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_GetJobResponse__Output>): grpc.ClientUnaryCall;
  getJob(argument: _jobplane_v1_GetJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_GetJobResponse__Output>): grpc.ClientUnaryCall;
  getJob(argument: _jobplane_v1_GetJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_GetJobResponse__Output>): grpc.ClientUnaryCall;
  getJob(argument: _jobplane_v1_GetJobRequest, callback: grpc.requestCallback<_jobplane_v1_GetJobResponse__Output>): grpc.ClientUnaryCall;
  
  ListJobs(argument: _jobplane_v1_ListJobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  ListJobs(argument: _jobplane_v1_ListJobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  ListJobs(argument: _jobplane_v1_ListJobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  ListJobs(argument: _jobplane_v1_ListJobsRequest, callback: grpc.requestCallback<_jobplane_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  listJobs(argument: _jobplane_v1_ListJobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  listJobs(argument: _jobplane_v1_ListJobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  listJobs(argument: _jobplane_v1_ListJobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  listJobs(argument: _jobplane_v1_ListJobsRequest, callback: grpc.requestCallback<_jobplane_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  
  PauseJob(argument: _jobplane_v1_PauseJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_PauseJobResponse__Output>): grpc.ClientUnaryCall;
  PauseJob(argument: _jobplane_v1_PauseJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_PauseJobResponse__Output>): grpc.ClientUnaryCall;
  PauseJob(argument: _jobplane_v1_PauseJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_PauseJobResponse__Output>): grpc.ClientUnaryCall;
  PauseJob(argument: _jobplane_v1_PauseJobRequest, callback: grpc.requestCallback<_jobplane_v1_PauseJobResponse__Output>): grpc.ClientUnaryCall;
  pauseJob(argument: _jobplane_v1_PauseJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_PauseJobResponse__Output>): grpc.ClientUnaryCall;
  pauseJob(argument: _jobplane_v1_PauseJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_PauseJobResponse__Output>): grpc.ClientUnaryCall;
  pauseJob(argument: _jobplane_v1_PauseJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_PauseJobResponse__Output>): grpc.ClientUnaryCall;
  pauseJob(argument: _jobplane_v1_PauseJobRequest, callback: grpc.requestCallback<_jobplane_v1_PauseJobResponse__Output>): grpc.ClientUnaryCall;
  
  ResumeJob(argument: _jobplane_v1_ResumeJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_ResumeJobResponse__Output>): grpc.ClientUnaryCall;
  ResumeJob(argument: _jobplane_v1_ResumeJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_ResumeJobResponse__Output>): grpc.ClientUnaryCall;
  ResumeJob(argument: _jobplane_v1_ResumeJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_ResumeJobResponse__Output>): grpc.ClientUnaryCall;
  ResumeJob(argument: _jobplane_v1_ResumeJobRequest, callback: grpc.requestCallback<_jobplane_v1_ResumeJobResponse__Output>): grpc.ClientUnaryCall;
  resumeJob(argument: _jobplane_v1_ResumeJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_ResumeJobResponse__Output>): grpc.ClientUnaryCall;
  resumeJob(argument: _jobplane_v1_ResumeJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_ResumeJobResponse__Output>): grpc.ClientUnaryCall;
  resumeJob(argument: _jobplane_v1_ResumeJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_ResumeJobResponse__Output>): grpc.ClientUnaryCall;
  resumeJob(argument: _jobplane_v1_ResumeJobRequest, callback: grpc.requestCallback<_jobplane_v1_ResumeJobResponse__Output>): grpc.ClientUnaryCall;
  
  RetryJob(argument: _jobplane_v1_RetryJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_RetryJobResponse__Output>): grpc.ClientUnaryCall;
  RetryJob(argument: _jobplane_v1_RetryJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_RetryJobResponse__Output>): grpc.ClientUnaryCall;
  RetryJob(argument: _jobplane_v1_RetryJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_RetryJobResponse__Output>): grpc.ClientUnaryCall;
  RetryJob(argument: _jobplane_v1_RetryJobRequest, callback: grpc.requestCallback<_jobplane_v1_RetryJobResponse__Output>): grpc.ClientUnaryCall;
  retryJob(argument: _jobplane_v1_RetryJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_RetryJobResponse__Output>): grpc.ClientUnaryCall;
  retryJob(argument: _jobplane_v1_RetryJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_RetryJobResponse__Output>): grpc.ClientUnaryCall;
  retryJob(argument: _jobplane_v1_RetryJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_RetryJobResponse__Output>): grpc.ClientUnaryCall;
  retryJob(argument: _jobplane_v1_RetryJobRequest, callback: grpc.requestCallback<_jobplane_v1_RetryJobResponse__Output>): grpc.ClientUnaryCall;
  
  RetryJobs(argument: _jobplane_v1_RetryJobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_RetryJobsResponse__Output>): grpc.ClientUnaryCall;
  RetryJobs(argument: _jobplane_v1_RetryJobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_RetryJobsResponse__Output>): grpc.ClientUnaryCall;
  RetryJobs(argument: _jobplane_v1_RetryJobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_RetryJobsResponse__Output>): grpc.ClientUnaryCall;
  RetryJobs(argument: _jobplane_v1_RetryJobsRequest, callback: grpc.requestCallback<_jobplane_v1_RetryJobsResponse__Output>): grpc.ClientUnaryCall;
  retryJobs(argument: _jobplane_v1_RetryJobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_RetryJobsResponse__Output>): grpc.ClientUnaryCall;
  retryJobs(argument: _jobplane_v1_RetryJobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_RetryJobsResponse__Output>): grpc.ClientUnaryCall;
  retryJobs(argument: _jobplane_v1_RetryJobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_RetryJobsResponse__Output>): grpc.ClientUnaryCall;
  retryJobs(argument: _jobplane_v1_RetryJobsRequest, callback: grpc.requestCallback<_jobplane_v1_RetryJobsResponse__Output>): grpc.ClientUnaryCall;
  
  SubmitJob(argument: _jobplane_v1_SubmitJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_SubmitJobResponse__Output>): grpc.ClientUnaryCall;
  SubmitJob(argument: _jobplane_v1_SubmitJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_SubmitJobResponse__Output>): grpc.ClientUnaryCall;
  SubmitJob(argument: _jobplane_v1_SubmitJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_SubmitJobResponse__Output>): grpc.ClientUnaryCall;
  SubmitJob(argument: _jobplane_v1_SubmitJobRequest, callback: grpc.requestCallback<_jobplane_v1_SubmitJobResponse__Output>): grpc.ClientUnaryCall;
  submitJob(argument: _jobplane_v1_SubmitJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_SubmitJobResponse__Output>): grpc.ClientUnaryCall;
  submitJob(argument: _jobplane_v1_SubmitJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_SubmitJobResponse__Output>): grpc.ClientUnaryCall;
  submitJob(argument: _jobplane_v1_SubmitJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_SubmitJobResponse__Output>): grpc.ClientUnaryCall;
  submitJob(argument: _jobplane_v1_SubmitJobRequest, callback: grpc.requestCallback<_jobplane_v1_SubmitJobResponse__Output>): grpc.ClientUnaryCall;
  
  SubmitJobs(argument: _jobplane_v1_SubmitJobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_SubmitJobsResponse__Output>): grpc.ClientUnaryCall;
  SubmitJobs(argument: _jobplane_v1_SubmitJobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_SubmitJobsResponse__Output>): grpc.ClientUnaryCall;
  SubmitJobs(argument: _jobplane_v1_SubmitJobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_SubmitJobsResponse__Output>): grpc.ClientUnaryCall;
  SubmitJobs(argument: _jobplane_v1_SubmitJobsRequest, callback: grpc.requestCallback<_jobplane_v1_SubmitJobsResponse__Output>): grpc.ClientUnaryCall;
  submitJobs(argument: _jobplane_v1_SubmitJobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_SubmitJobsResponse__Output>): grpc.ClientUnaryCall;
  submitJobs(argument: _jobplane_v1_SubmitJobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_SubmitJobsResponse__Output>): grpc.ClientUnaryCall;
  submitJobs(argument: _jobplane_v1_SubmitJobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_SubmitJobsResponse__Output>): grpc.ClientUnaryCall;
  submitJobs(argument: _jobplane_v1_SubmitJobsRequest, callback: grpc.requestCallback<_jobplane_v1_SubmitJobsResponse__Output>): grpc.ClientUnaryCall;
  
  WaitJob(argument: _jobplane_v1_WaitJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_WaitJobResponse__Output>): grpc.ClientUnaryCall;
  WaitJob(argument: _jobplane_v1_WaitJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_WaitJobResponse__Output>): grpc.ClientUnaryCall;
  WaitJob(argument: _jobplane_v1_WaitJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_WaitJobResponse__Output>): grpc.ClientUnaryCall;
  WaitJob(argument: _jobplane_v1_WaitJobRequest, callback: grpc.requestCallback<_jobplane_v1_WaitJobResponse__Output>): grpc.ClientUnaryCall;
  waitJob(argument: _jobplane_v1_WaitJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_WaitJobResponse__Output>): grpc.ClientUnaryCall;
  waitJob(argument: _jobplane_v1_WaitJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_WaitJobResponse__Output>): grpc.ClientUnaryCall;
  waitJob(argument: _jobplane_v1_WaitJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_WaitJobResponse__Output>): grpc.ClientUnaryCall;
  waitJob(argument: _jobplane_v1_WaitJobRequest, callback: grpc.requestCallback<_jobplane_v1_WaitJobResponse__Output>): grpc.ClientUnaryCall;
  
  WatchJobs(argument: _jobplane_v1_WatchJobsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_jobplane_v1_WatchJobsResponse__Output>;
  WatchJobs(argument: _jobplane_v1_WatchJobsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_jobplane_v1_WatchJobsResponse__Output>;
  watchJobs(argument: _jobplane_v1_WatchJobsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_jobplane_v1_WatchJobsResponse__Output>;
  watchJobs(argument: _jobplane_v1_WatchJobsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_jobplane_v1_WatchJobsResponse__Output>;
  
  WatchProgress(argument: _jobplane_v1_WatchProgressRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_jobplane_v1_WatchProgressResponse__Output>;
  WatchProgress(argument: _jobplane_v1_WatchProgressRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_jobplane_v1_WatchProgressResponse__Output>;
  watchProgress(argument: _jobplane_v1_WatchProgressRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_jobplane_v1_WatchProgressResponse__Output>;
  watchProgress(argument: _jobplane_v1_WatchProgressRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_jobplane_v1_WatchProgressResponse__Output>;
  
}

export interface JobServiceHandlers extends grpc.UntypedServiceImplementation {
  CancelJob: grpc.handleUnaryCall<_jobplane_v1_CancelJobRequest__Output, _jobplane_v1_CancelJobResponse>;
  
  CancelJobs: grpc.handleUnaryCall<_jobplane_v1_CancelJobsRequest__Output, _jobplane_v1_CancelJobsResponse>;
  
  DeleteJob: grpc.handleUnaryCall<_jobplane_v1_DeleteJobRequest__Output, _jobplane_v1_DeleteJobResponse>;
  
  DeleteJobs: grpc.handleUnaryCall<_jobplane_v1_DeleteJobsRequest__Output, _jobplane_v1_DeleteJobsResponse>;
  
  GetJob: grpc.handleUnaryCall<_jobplane_v1_GetJobRequest__Output, _jobplane_v1_GetJobResponse>;
  
  ListJobs: grpc.handleUnaryCall<_jobplane_v1_ListJobsRequest__Output, _jobplane_v1_ListJobsResponse>;
  
  PauseJob: grpc.handleUnaryCall<_jobplane_v1_PauseJobRequest__Output, _jobplane_v1_PauseJobResponse>;
  
  ResumeJob: grpc.handleUnaryCall<_jobplane_v1_ResumeJobRequest__Output, _jobplane_v1_ResumeJobResponse>;
  
  RetryJob: grpc.handleUnaryCall<_jobplane_v1_RetryJobRequest__Output, _jobplane_v1_RetryJobResponse>;
  
  RetryJobs: grpc.handleUnaryCall<_jobplane_v1_RetryJobsRequest__Output, _jobplane_v1_RetryJobsResponse>;
  
  SubmitJob: grpc.handleUnaryCall<_jobplane_v1_SubmitJobRequest__Output, _jobplane_v1_SubmitJobResponse>;
  
  SubmitJobs: grpc.handleUnaryCall<_jobplane_v1_SubmitJobsRequest__Output, _jobplane_v1_SubmitJobsResponse>;
  
  WaitJob: grpc.handleUnaryCall<_jobplane_v1_WaitJobRequest__Output, _jobplane_v1_WaitJobResponse>;
  
  WatchJobs: grpc.handleServerStreamingCall<_jobplane_v1_WatchJobsRequest__Output, _jobplane_v1_WatchJobsResponse>;
  
  WatchProgress: grpc.handleServerStreamingCall<_jobplane_v1_WatchProgressRequest__Output, _jobplane_v1_WatchProgressResponse>;
  
}

export interface JobServiceDefinition extends grpc.ServiceDefinition {
  CancelJob: MethodDefinition<_jobplane_v1_CancelJobRequest, _jobplane_v1_CancelJobResponse, _jobplane_v1_CancelJobRequest__Output, _jobplane_v1_CancelJobResponse__Output>
  CancelJobs: MethodDefinition<_jobplane_v1_CancelJobsRequest, _jobplane_v1_CancelJobsResponse, _jobplane_v1_CancelJobsRequest__Output, _jobplane_v1_CancelJobsResponse__Output>
  DeleteJob: MethodDefinition<_jobplane_v1_DeleteJobRequest, _jobplane_v1_DeleteJobResponse, _jobplane_v1_DeleteJobRequest__Output, _jobplane_v1_DeleteJobResponse__Output>
  DeleteJobs: MethodDefinition<_jobplane_v1_DeleteJobsRequest, _jobplane_v1_DeleteJobsResponse, _jobplane_v1_DeleteJobsRequest__Output, _jobplane_v1_DeleteJobsResponse__Output>
  GetJob: MethodDefinition<_jobplane_v1_GetJobRequest, _jobplane_v1_GetJobResponse, _jobplane_v1_GetJobRequest__Output, _jobplane_v1_GetJobResponse__Output>
  ListJobs: MethodDefinition<_jobplane_v1_ListJobsRequest, _jobplane_v1_ListJobsResponse, _jobplane_v1_ListJobsRequest__Output, _jobplane_v1_ListJobsResponse__Output>
  PauseJob: MethodDefinition<_jobplane_v1_PauseJobRequest, _jobplane_v1_PauseJobResponse, _jobplane_v1_PauseJobRequest__Output, _jobplane_v1_PauseJobResponse__Output>
  ResumeJob: MethodDefinition<_jobplane_v1_ResumeJobRequest, _jobplane_v1_ResumeJobResponse, _jobplane_v1_ResumeJobRequest__Output, _jobplane_v1_ResumeJobResponse__Output>
  RetryJob: MethodDefinition<_jobplane_v1_RetryJobRequest, _jobplane_v1_RetryJobResponse, _jobplane_v1_RetryJobRequest__Output, _jobplane_v1_RetryJobResponse__Output>
  RetryJobs: MethodDefinition<_jobplane_v1_RetryJobsRequest, _jobplane_v1_RetryJobsResponse, _jobplane_v1_RetryJobsRequest__Output, _jobplane_v1_RetryJobsResponse__Output>
  SubmitJob: MethodDefinition<_jobplane_v1_SubmitJobRequest, _jobplane_v1_SubmitJobResponse, _jobplane_v1_SubmitJobRequest__Output, _jobplane_v1_SubmitJobResponse__Output>
  SubmitJobs: MethodDefinition<_jobplane_v1_SubmitJobsRequest, _jobplane_v1_SubmitJobsResponse, _jobplane_v1_SubmitJobsRequest__Output, _jobplane_v1_SubmitJobsResponse__Output>
  WaitJob: MethodDefinition<_jobplane_v1_WaitJobRequest, _jobplane_v1_WaitJobResponse, _jobplane_v1_WaitJobRequest__Output, _jobplane_v1_WaitJobResponse__Output>
  WatchJobs: MethodDefinition<_jobplane_v1_WatchJobsRequest, _jobplane_v1_WatchJobsResponse, _jobplane_v1_WatchJobsRequest__Output, _jobplane_v1_WatchJobsResponse__Output>
  WatchProgress: MethodDefinition<_jobplane_v1_WatchProgressRequest, _jobplane_v1_WatchProgressResponse, _jobplane_v1_WatchProgressRequest__Output, _jobplane_v1_WatchProgressResponse__Output>
}

// Original file: ../../proto/jobplane/v1/schedule_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateScheduleRequest as _jobplane_v1_CreateScheduleRequest, CreateScheduleRequest__Output as _jobplane_v1_CreateScheduleRequest__Output } from '../../jobplane/v1/CreateScheduleRequest';
import type { CreateScheduleResponse as _jobplane_v1_CreateScheduleResponse, CreateScheduleResponse__Output as _jobplane_v1_CreateScheduleResponse__Output } from '../../jobplane/v1/CreateScheduleResponse';
import type { DeleteScheduleRequest as _jobplane_v1_DeleteScheduleRequest, DeleteScheduleRequest__Output as _jobplane_v1_DeleteScheduleRequest__Output } from '../../jobplane/v1/DeleteScheduleRequest';
import type { DeleteScheduleResponse as _jobplane_v1_DeleteScheduleResponse, DeleteScheduleResponse__Output as _jobplane_v1_DeleteScheduleResponse__Output } from '../../jobplane/v1/DeleteScheduleResponse';
import type { GetScheduleRequest as _jobplane_v1_GetScheduleRequest, GetScheduleRequest__Output as _jobplane_v1_GetScheduleRequest__Output } from '../../jobplane/v1/GetScheduleRequest';
import type { GetScheduleResponse as _jobplane_v1_GetScheduleResponse, GetScheduleResponse__Output as _jobplane_v1_GetScheduleResponse__Output } from '../../jobplane/v1/GetScheduleResponse';
import type { ListSchedulesRequest as _jobplane_v1_ListSchedulesRequest, ListSchedulesRequest__Output as _jobplane_v1_ListSchedulesRequest__Output } from '../../jobplane/v1/ListSchedulesRequest';
import type { ListSchedulesResponse as _jobplane_v1_ListSchedulesResponse, ListSchedulesResponse__Output as _jobplane_v1_ListSchedulesResponse__Output } from '../../jobplane/v1/ListSchedulesResponse';
import type { PauseScheduleRequest as _jobplane_v1_PauseScheduleRequest, PauseScheduleRequest__Output as _jobplane_v1_PauseScheduleRequest__Output } from '../../jobplane/v1/PauseScheduleRequest';
import type { PauseScheduleResponse as _jobplane_v1_PauseScheduleResponse, PauseScheduleResponse__Output as _jobplane_v1_PauseScheduleResponse__Output } from '../../jobplane/v1/PauseScheduleResponse';
import type { ResumeScheduleRequest as _jobplane_v1_ResumeScheduleRequest, ResumeScheduleRequest__Output as _jobplane_v1_ResumeScheduleRequest__Output } from '../../jobplane/v1/ResumeScheduleRequest';
import type { ResumeScheduleResponse as _jobplane_v1_ResumeScheduleResponse, ResumeScheduleResponse__Output as _jobplane_v1_ResumeScheduleResponse__Output } from '../../jobplane/v1/ResumeScheduleResponse';
import type { TriggerScheduleRequest as _jobplane_v1_TriggerScheduleRequest, TriggerScheduleRequest__Output as _jobplane_v1_TriggerScheduleRequest__Output } from '../../jobplane/v1/TriggerScheduleRequest';
import type { TriggerScheduleResponse as _jobplane_v1_TriggerScheduleResponse, TriggerScheduleResponse__Output as _jobplane_v1_TriggerScheduleResponse__Output } from '../../jobplane/v1/TriggerScheduleResponse';
import type { UpdateScheduleRequest as _jobplane_v1_UpdateScheduleRequest, UpdateScheduleRequest__Output as _jobplane_v1_UpdateScheduleRequest__Output } from '../../jobplane/v1/UpdateScheduleRequest';
import type { UpdateScheduleResponse as _jobplane_v1_UpdateScheduleResponse, UpdateScheduleResponse__Output as _jobplane_v1_UpdateScheduleResponse__Output } from '../../jobplane/v1/UpdateScheduleResponse';

export interface ScheduleServiceClient extends grpc.Client {
  CreateSchedule(argument: _jobplane_v1_CreateScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_CreateScheduleResponse__Output>): grpc.ClientUnaryCall;
  CreateSchedule(argument: _jobplane_v1_CreateScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_CreateScheduleResponse__Output>): grpc.ClientUnaryCall;
  CreateSchedule(argument: _jobplane_v1_CreateScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_CreateScheduleResponse__Output>): grpc.ClientUnaryCall;
  CreateSchedule(argument: _jobplane_v1_CreateScheduleRequest, callback: grpc.requestCallback<_jobplane_v1_CreateScheduleResponse__Output>): grpc.ClientUnaryCall;
  createSchedule(argument: _jobplane_v1_CreateScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_CreateScheduleResponse__Output>): grpc.ClientUnaryCall;
  createSchedule(argument: _jobplane_v1_CreateScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_CreateScheduleResponse__Output>): grpc.ClientUnaryCall;
  createSchedule(argument: _jobplane_v1_CreateScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_CreateScheduleResponse__Output>): grpc.ClientUnaryCall;
  createSchedule(argument: _jobplane_v1_CreateScheduleRequest, callback: grpc.requestCallback<_jobplane_v1_CreateScheduleResponse__Output>): grpc.ClientUnaryCall;
  
  DeleteSchedule(argument: _jobplane_v1_DeleteScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_DeleteScheduleResponse__Output>): grpc.ClientUnaryCall;
  DeleteSchedule(argument: _jobplane_v1_DeleteScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_DeleteScheduleResponse__Output>): grpc.ClientUnaryCall;
  DeleteSchedule(argument: _jobplane_v1_DeleteScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_DeleteScheduleResponse__Output>): grpc.ClientUnaryCall;
  DeleteSchedule(argument: _jobplane_v1_DeleteScheduleRequest, callback: grpc.requestCallback<_jobplane_v1_DeleteScheduleResponse__Output>): grpc.ClientUnaryCall;
  deleteSchedule(argument: _jobplane_v1_DeleteScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_DeleteScheduleResponse__Output>): grpc.ClientUnaryCall;
  deleteSchedule(argument: _jobplane_v1_DeleteScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_DeleteScheduleResponse__Output>): grpc.ClientUnaryCall;
  deleteSchedule(argument: _jobplane_v1_DeleteScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_DeleteScheduleResponse__Output>): grpc.ClientUnaryCall;
  deleteSchedule(argument: _jobplane_v1_DeleteScheduleRequest, callback: grpc.requestCallback<_jobplane_v1_DeleteScheduleResponse__Output>): grpc.ClientUnaryCall;
  
  GetSchedule(argument: _jobplane_v1_GetScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_GetScheduleResponse__Output>): grpc.ClientUnaryCall;
  GetSchedule(argument: _jobplane_v1_GetScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_GetScheduleResponse__Output>): grpc.ClientUnaryCall;
  GetSchedule(argument: _jobplane_v1_GetScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_GetScheduleResponse__Output>): grpc.ClientUnaryCall;
  GetSchedule(argument: _jobplane_v1_GetScheduleRequest, callback: grpc.requestCallback<_jobplane_v1_GetScheduleResponse__Output>): grpc.ClientUnaryCall;
  getSchedule(argument: _jobplane_v1_GetScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_GetScheduleResponse__Output>): grpc.ClientUnaryCall;
  getSchedule(argument: _jobplane_v1_GetScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_GetScheduleResponse__Output>): grpc.ClientUnaryCall;
  getSchedule(argument: _jobplane_v1_GetScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_GetScheduleResponse__Output>): grpc.ClientUnaryCall;
  getSchedule(argument: _jobplane_v1_GetScheduleRequest, callback: grpc.requestCallback<_jobplane_v1_GetScheduleResponse__Output>): grpc.ClientUnaryCall;
  
  ListSchedules(argument: _jobplane_v1_ListSchedulesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_ListSchedulesResponse__Output>): grpc.ClientUnaryCall;
  ListSchedules(argument: _jobplane_v1_ListSchedulesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_ListSchedulesResponse__Output>): grpc.ClientUnaryCall;
  ListSchedules(argument: _jobplane_v1_ListSchedulesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_ListSchedulesResponse__Output>): grpc.ClientUnaryCall;
  ListSchedules(argument: _jobplane_v1_ListSchedulesRequest, callback: grpc.requestCallback<_jobplane_v1_ListSchedulesResponse__Output>): grpc.ClientUnaryCall;
  listSchedules(argument: _jobplane_v1_ListSchedulesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_ListSchedulesResponse__Output>): grpc.ClientUnaryCall;
  listSchedules(argument: _jobplane_v1_ListSchedulesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_ListSchedulesResponse__Output>): grpc.ClientUnaryCall;
  listSchedules(argument: _jobplane_v1_ListSchedulesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_ListSchedulesResponse__Output>): grpc.ClientUnaryCall;
  listSchedules(argument: _jobplane_v1_ListSchedulesRequest, callback: grpc.requestCallback<_jobplane_v1_ListSchedulesResponse__Output>): grpc.ClientUnaryCall;
  
  PauseSchedule(argument: _jobplane_v1_PauseScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_PauseScheduleResponse__Output>): grpc.ClientUnaryCall;
  PauseSchedule(argument: _jobplane_v1_PauseScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_PauseScheduleResponse__Output>): grpc.ClientUnaryCall;
  PauseSchedule(argument: _jobplane_v1_PauseScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_PauseScheduleResponse__Output>): grpc.ClientUnaryCall;
  PauseSchedule(argument: _jobplane_v1_PauseScheduleRequest, callback: grpc.requestCallback<_jobplane_v1_PauseScheduleResponse__Output>): grpc.ClientUnaryCall;
  pauseSchedule(argument: _jobplane_v1_PauseScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_PauseScheduleResponse__Output>): grpc.ClientUnaryCall;
  pauseSchedule(argument: _jobplane_v1_PauseScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_PauseScheduleResponse__Output>): grpc.ClientUnaryCall;
  pauseSchedule(argument: _jobplane_v1_PauseScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_PauseScheduleResponse__Output>): grpc.ClientUnaryCall;
  pauseSchedule(argument: _jobplane_v1_PauseScheduleRequest, callback: grpc.requestCallback<_jobplane_v1_PauseScheduleResponse__Output>): grpc.ClientUnaryCall;
  
  ResumeSchedule(argument: _jobplane_v1_ResumeScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_ResumeScheduleResponse__Output>): grpc.ClientUnaryCall;
  ResumeSchedule(argument: _jobplane_v1_ResumeScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_ResumeScheduleResponse__Output>): grpc.ClientUnaryCall;
  ResumeSchedule(argument: _jobplane_v1_ResumeScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_ResumeScheduleResponse__Output>): grpc.ClientUnaryCall;
  ResumeSchedule(argument: _jobplane_v1_ResumeScheduleRequest, callback: grpc.requestCallback<_jobplane_v1_ResumeScheduleResponse__Output>): grpc.ClientUnaryCall;
  resumeSchedule(argument: _jobplane_v1_ResumeScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_ResumeScheduleResponse__Output>): grpc.ClientUnaryCall;
  resumeSchedule(argument: _jobplane_v1_ResumeScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_ResumeScheduleResponse__Output>): grpc.ClientUnaryCall;
  resumeSchedule(argument: _jobplane_v1_ResumeScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_ResumeScheduleResponse__Output>): grpc.ClientUnaryCall;
  resumeSchedule(argument: _jobplane_v1_ResumeScheduleRequest, callback: grpc.requestCallback<_jobplane_v1_ResumeScheduleResponse__Output>): grpc.ClientUnaryCall;
  
  TriggerSchedule(argument: _jobplane_v1_TriggerScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_TriggerScheduleResponse__Output>): grpc.ClientUnaryCall;
  TriggerSchedule(argument: _jobplane_v1_TriggerScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_TriggerScheduleResponse__Output>): grpc.ClientUnaryCall;
  TriggerSchedule(argument: _jobplane_v1_TriggerScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_TriggerScheduleResponse__Output>): grpc.ClientUnaryCall;
  TriggerSchedule(argument: _jobplane_v1_TriggerScheduleRequest, callback: grpc.requestCallback<_jobplane_v1_TriggerScheduleResponse__Output>): grpc.ClientUnaryCall;
  triggerSchedule(argument: _jobplane_v1_TriggerScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_TriggerScheduleResponse__Output>): grpc.ClientUnaryCall;
  triggerSchedule(argument: _jobplane_v1_TriggerScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_TriggerScheduleResponse__Output>): grpc.ClientUnaryCall;
  triggerSchedule(argument: _jobplane_v1_TriggerScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_TriggerScheduleResponse__Output>): grpc.ClientUnaryCall;
  triggerSchedule(argument: _jobplane_v1_TriggerScheduleRequest, callback: grpc.requestCallback<_jobplane_v1_TriggerScheduleResponse__Output>): grpc.ClientUnaryCall;
  
  UpdateSchedule(argument: _jobplane_v1_UpdateScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_UpdateScheduleResponse__Output>): grpc.ClientUnaryCall;
  UpdateSchedule(argument: _jobplane_v1_UpdateScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_UpdateScheduleResponse__Output>): grpc.ClientUnaryCall;
  UpdateSchedule(argument: _jobplane_v1_UpdateScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_UpdateScheduleResponse__Output>): grpc.ClientUnaryCall;
  UpdateSchedule(argument: _jobplane_v1_UpdateScheduleRequest, callback: grpc.requestCallback<_jobplane_v1_UpdateScheduleResponse__Output>): grpc.ClientUnaryCall;
  updateSchedule(argument: _jobplane_v1_UpdateScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_UpdateScheduleResponse__Output>): grpc.ClientUnaryCall;
  updateSchedule(argument: _jobplane_v1_UpdateScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_jobplane_v1_UpdateScheduleResponse__Output>): grpc.ClientUnaryCall;
  updateSchedule(argument: _jobplane_v1_UpdateScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_jobplane_v1_UpdateScheduleResponse__Output>): grpc.ClientUnaryCall;
  updateSchedule(argument: _jobplane_v1_UpdateScheduleRequest, callback: grpc.requestCallback<_jobplane_v1_UpdateScheduleResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface ScheduleServiceHandlers extends grpc.UntypedServiceImplementation {
  CreateSchedule: grpc.handleUnaryCall<_jobplane_v1_CreateScheduleRequest__Output, _jobplane_v1_CreateScheduleResponse>;
  
  DeleteSchedule: grpc.handleUnaryCall<_jobplane_v1_DeleteScheduleRequest__Output, _jobplane_v1_DeleteScheduleResponse>;
  
  GetSchedule: grpc.handleUnaryCall<_jobplane_v1_GetScheduleRequest__Output, _jobplane_v1_GetScheduleResponse>;
  
  ListSchedules: grpc.handleUnaryCall<_jobplane_v1_ListSchedulesRequest__Output, _jobplane_v1_ListSchedulesResponse>;
  
  PauseSchedule: grpc.handleUnaryCall<_jobplane_v1_PauseScheduleRequest__Output, _jobplane_v1_PauseScheduleResponse>;
  
  ResumeSchedule: grpc.handleUnaryCall<_jobplane_v1_ResumeScheduleRequest__Output, _jobplane_v1_ResumeScheduleResponse>;
  
  TriggerSchedule: grpc.handleUnaryCall<_jobplane_v1_TriggerScheduleRequest__Output, _jobplane_v1_TriggerScheduleResponse>;
  
  UpdateSchedule: grpc.handleUnaryCall<_jobplane_v1_UpdateScheduleRequest__Output, _jobplane_v1_UpdateScheduleResponse>;
  
}

export interface ScheduleServiceDefinition extends grpc.ServiceDefinition {
  CreateSchedule: MethodDefinition<_jobplane_v1_CreateScheduleRequest, _jobplane_v1_CreateScheduleResponse, _jobplane_v1_CreateScheduleRequest__Output, _jobplane_v1_CreateScheduleResponse__Output>
  DeleteSchedule: MethodDefinition<_jobplane_v1_DeleteScheduleRequest, _jobplane_v1_DeleteScheduleResponse, _jobplane_v1_DeleteScheduleRequest__Output, _jobplane_v1_DeleteScheduleResponse__Output>
  GetSchedule: MethodDefinition<_jobplane_v1_GetScheduleRequest, _jobplane_v1_GetScheduleResponse, _jobplane_v1_GetScheduleRequest__Output, _jobplane_v1_GetScheduleResponse__Output>
  ListSchedules: MethodDefinition<_jobplane_v1_ListSchedulesRequest, _jobplane_v1_ListSchedulesResponse, _jobplane_v1_ListSchedulesRequest__Output, _jobplane_v1_ListSchedulesResponse__Output>
  PauseSchedule: MethodDefinition<_jobplane_v1_PauseScheduleRequest, _jobplane_v1_PauseScheduleResponse, _jobplane_v1_PauseScheduleRequest__Output, _jobplane_v1_PauseScheduleResponse__Output>
  ResumeSchedule: MethodDefinition<_jobplane_v1_ResumeScheduleRequest, _jobplane_v1_ResumeScheduleResponse, _jobplane_v1_ResumeScheduleRequest__Output, _jobplane_v1_ResumeScheduleResponse__Output>
  TriggerSchedule: MethodDefinition<_jobplane_v1_TriggerScheduleRequest, _jobplane_v1_TriggerScheduleResponse, _jobplane_v1_TriggerScheduleRequest__Output, _jobplane_v1_TriggerScheduleResponse__Output>
  UpdateSchedule: MethodDefinition<_jobplane_v1_UpdateScheduleRequest, _jobplane_v1_UpdateScheduleResponse, _jobplane_v1_UpdateScheduleRequest__Output, _jobplane_v1_UpdateScheduleResponse__Output>
}

import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { CustomHttpPattern as _google_api_CustomHttpPattern, CustomHttpPattern__Output as _google_api_CustomHttpPattern__Output } from './google/api/CustomHttpPattern';
import type { Http as _google_api_Http, Http__Output as _google_api_Http__Output } from './google/api/Http';
import type { HttpRule as _google_api_HttpRule, HttpRule__Output as _google_api_HttpRule__Output } from './google/api/HttpRule';
import type { DescriptorProto as _google_protobuf_DescriptorProto, DescriptorProto__Output as _google_protobuf_DescriptorProto__Output } from './google/protobuf/DescriptorProto';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from './google/protobuf/Duration';
import type { EnumDescriptorProto as _google_protobuf_EnumDescriptorProto, EnumDescriptorProto__Output as _google_protobuf_EnumDescriptorProto__Output } from './google/protobuf/EnumDescriptorProto';
import type { EnumOptions as _google_protobuf_EnumOptions, EnumOptions__Output as _google_protobuf_EnumOptions__Output } from './google/protobuf/EnumOptions';
import type { EnumValueDescriptorProto as _google_protobuf_EnumValueDescriptorProto, EnumValueDescriptorProto__Output as _google_protobuf_EnumValueDescriptorProto__Output } from './google/protobuf/EnumValueDescriptorProto';
import type { EnumValueOptions as _google_protobuf_EnumValueOptions, EnumValueOptions__Output as _google_protobuf_EnumValueOptions__Output } from './google/protobuf/EnumValueOptions';
import type { ExtensionRangeOptions as _google_protobuf_ExtensionRangeOptions, ExtensionRangeOptions__Output as _google_protobuf_ExtensionRangeOptions__Output } from './google/protobuf/ExtensionRangeOptions';
import type { FeatureSet as _google_protobuf_FeatureSet, FeatureSet__Output as _google_protobuf_FeatureSet__Output } from './google/protobuf/FeatureSet';
import type { FeatureSetDefaults as _google_protobuf_FeatureSetDefaults, FeatureSetDefaults__Output as _google_protobuf_FeatureSetDefaults__Output } from './google/protobuf/FeatureSetDefaults';
import type { FieldDescriptorProto as _google_protobuf_FieldDescriptorProto, FieldDescriptorProto__Output as _google_protobuf_FieldDescriptorProto__Output } from './google/protobuf/FieldDescriptorProto';
import type { FieldMask as _google_protobuf_FieldMask, FieldMask__Output as _google_protobuf_FieldMask__Output } from './google/protobuf/FieldMask';
import type { FieldOptions as _google_protobuf_FieldOptions, FieldOptions__Output as _google_protobuf_FieldOptions__Output } from './google/protobuf/FieldOptions';
import type { FileDescriptorProto as _google_protobuf_FileDescriptorProto, FileDescriptorProto__Output as _google_protobuf_FileDescriptorProto__Output } from './google/protobuf/FileDescriptorProto';
import type { FileDescriptorSet as _google_protobuf_FileDescriptorSet, FileDescriptorSet__Output as _google_protobuf_FileDescriptorSet__Output } from './google/protobuf/FileDescriptorSet';
import type { FileOptions as _google_protobuf_FileOptions, FileOptions__Output as _google_protobuf_FileOptions__Output } from './google/protobuf/FileOptions';
import type { GeneratedCodeInfo as _google_protobuf_GeneratedCodeInfo, GeneratedCodeInfo__Output as _google_protobuf_GeneratedCodeInfo__Output } from './google/protobuf/GeneratedCodeInfo';
import type { ListValue as _google_protobuf_ListValue, ListValue__Output as _google_protobuf_ListValue__Output } from './google/protobuf/ListValue';
import type { MessageOptions as _google_protobuf_MessageOptions, MessageOptions__Output as _google_protobuf_MessageOptions__Output } from './google/protobuf/MessageOptions';
import type { MethodDescriptorProto as _google_protobuf_MethodDescriptorProto, MethodDescriptorProto__Output as _google_protobuf_MethodDescriptorProto__Output } from './google/protobuf/MethodDescriptorProto';
import type { MethodOptions as _google_protobuf_MethodOptions, MethodOptions__Output as _google_protobuf_MethodOptions__Output } from './google/protobuf/MethodOptions';
import type { OneofDescriptorProto as _google_protobuf_OneofDescriptorProto, OneofDescriptorProto__Output as _google_protobuf_OneofDescriptorProto__Output } from './google/protobuf/OneofDescriptorProto';
import type { OneofOptions as _google_protobuf_OneofOptions, OneofOptions__Output as _google_protobuf_OneofOptions__Output } from './google/protobuf/OneofOptions';
import type { ServiceDescriptorProto as _google_protobuf_ServiceDescriptorProto, ServiceDescriptorProto__Output as _google_protobuf_ServiceDescriptorProto__Output } from './google/protobuf/ServiceDescriptorProto';
import type { ServiceOptions as _google_protobuf_ServiceOptions, ServiceOptions__Output as _google_protobuf_ServiceOptions__Output } from './google/protobuf/ServiceOptions';
import type { SourceCodeInfo as _google_protobuf_SourceCodeInfo, SourceCodeInfo__Output as _google_protobuf_SourceCodeInfo__Output } from './google/protobuf/SourceCodeInfo';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from './google/protobuf/Struct';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { UninterpretedOption as _google_protobuf_UninterpretedOption, UninterpretedOption__Output as _google_protobuf_UninterpretedOption__Output } from './google/protobuf/UninterpretedOption';
import type { Value as _google_protobuf_Value, Value__Output as _google_protobuf_Value__Output } from './google/protobuf/Value';
import type { Attempt as _jobplane_v1_Attempt, Attempt__Output as _jobplane_v1_Attempt__Output } from './jobplane/v1/Attempt';
import type { CancelJobRequest as _jobplane_v1_CancelJobRequest, CancelJobRequest__Output as _jobplane_v1_CancelJobRequest__Output } from './jobplane/v1/CancelJobRequest';
import type { CancelJobResponse as _jobplane_v1_CancelJobResponse, CancelJobResponse__Output as _jobplane_v1_CancelJobResponse__Output } from './jobplane/v1/CancelJobResponse';
import type { CreateScheduleRequest as _jobplane_v1_CreateScheduleRequest, CreateScheduleRequest__Output as _jobplane_v1_CreateScheduleRequest__Output } from './jobplane/v1/CreateScheduleRequest';
import type { CreateScheduleResponse as _jobplane_v1_CreateScheduleResponse, CreateScheduleResponse__Output as _jobplane_v1_CreateScheduleResponse__Output } from './jobplane/v1/CreateScheduleResponse';
import type { DeleteScheduleRequest as _jobplane_v1_DeleteScheduleRequest, DeleteScheduleRequest__Output as _jobplane_v1_DeleteScheduleRequest__Output } from './jobplane/v1/DeleteScheduleRequest';
import type { DeleteScheduleResponse as _jobplane_v1_DeleteScheduleResponse, DeleteScheduleResponse__Output as _jobplane_v1_DeleteScheduleResponse__Output } from './jobplane/v1/DeleteScheduleResponse';
import type { GetJobRequest as _jobplane_v1_GetJobRequest, GetJobRequest__Output as _jobplane_v1_GetJobRequest__Output } from './jobplane/v1/GetJobRequest';
import type { GetJobResponse as _jobplane_v1_GetJobResponse, GetJobResponse__Output as _jobplane_v1_GetJobResponse__Output } from './jobplane/v1/GetJobResponse';
import type { GetScheduleRequest as _jobplane_v1_GetScheduleRequest, GetScheduleRequest__Output as _jobplane_v1_GetScheduleRequest__Output } from './jobplane/v1/GetScheduleRequest';
import type { GetScheduleResponse as _jobplane_v1_GetScheduleResponse, GetScheduleResponse__Output as _jobplane_v1_GetScheduleResponse__Output } from './jobplane/v1/GetScheduleResponse';
import type { Job as _jobplane_v1_Job, Job__Output as _jobplane_v1_Job__Output } from './jobplane/v1/Job';
import type { JobError as _jobplane_v1_JobError, JobError__Output as _jobplane_v1_JobError__Output } from './jobplane/v1/JobError';
import type { JobServiceClient as _jobplane_v1_JobServiceClient, JobServiceDefinition as _jobplane_v1_JobServiceDefinition } from './jobplane/v1/JobService';
import type { ListJobsRequest as _jobplane_v1_ListJobsRequest, ListJobsRequest__Output as _jobplane_v1_ListJobsRequest__Output } from './jobplane/v1/ListJobsRequest';
import type { ListJobsResponse as _jobplane_v1_ListJobsResponse, ListJobsResponse__Output as _jobplane_v1_ListJobsResponse__Output } from './jobplane/v1/ListJobsResponse';
import type { ListSchedulesRequest as _jobplane_v1_ListSchedulesRequest, ListSchedulesRequest__Output as _jobplane_v1_ListSchedulesRequest__Output } from './jobplane/v1/ListSchedulesRequest';
import type { ListSchedulesResponse as _jobplane_v1_ListSchedulesResponse, ListSchedulesResponse__Output as _jobplane_v1_ListSchedulesResponse__Output } from './jobplane/v1/ListSchedulesResponse';
import type { PauseJobRequest as _jobplane_v1_PauseJobRequest, PauseJobRequest__Output as _jobplane_v1_PauseJobRequest__Output } from './jobplane/v1/PauseJobRequest';
import type { PauseJobResponse as _jobplane_v1_PauseJobResponse, PauseJobResponse__Output as _jobplane_v1_PauseJobResponse__Output } from './jobplane/v1/PauseJobResponse';
import type { PauseScheduleRequest as _jobplane_v1_PauseScheduleRequest, PauseScheduleRequest__Output as _jobplane_v1_PauseScheduleRequest__Output } from './jobplane/v1/PauseScheduleRequest';
import type { PauseScheduleResponse as _jobplane_v1_PauseScheduleResponse, PauseScheduleResponse__Output as _jobplane_v1_PauseScheduleResponse__Output } from './jobplane/v1/PauseScheduleResponse';
import type { Progress as _jobplane_v1_Progress, Progress__Output as _jobplane_v1_Progress__Output } from './jobplane/v1/Progress';
import type { ResumeJobRequest as _jobplane_v1_ResumeJobRequest, ResumeJobRequest__Output as _jobplane_v1_ResumeJobRequest__Output } from './jobplane/v1/ResumeJobRequest';
import type { ResumeJobResponse as _jobplane_v1_ResumeJobResponse, ResumeJobResponse__Output as _jobplane_v1_ResumeJobResponse__Output } from './jobplane/v1/ResumeJobResponse';
import type { ResumeScheduleRequest as _jobplane_v1_ResumeScheduleRequest, ResumeScheduleRequest__Output as _jobplane_v1_ResumeScheduleRequest__Output } from './jobplane/v1/ResumeScheduleRequest';
import type { ResumeScheduleResponse as _jobplane_v1_ResumeScheduleResponse, ResumeScheduleResponse__Output as _jobplane_v1_ResumeScheduleResponse__Output } from './jobplane/v1/ResumeScheduleResponse';
import type { RetryJobRequest as _jobplane_v1_RetryJobRequest, RetryJobRequest__Output as _jobplane_v1_RetryJobRequest__Output } from './jobplane/v1/RetryJobRequest';
import type { RetryJobResponse as _jobplane_v1_RetryJobResponse, RetryJobResponse__Output as _jobplane_v1_RetryJobResponse__Output } from './jobplane/v1/RetryJobResponse';
import type { RetryPolicy as _jobplane_v1_RetryPolicy, RetryPolicy__Output as _jobplane_v1_RetryPolicy__Output } from './jobplane/v1/RetryPolicy';
import type { Schedule as _jobplane_v1_Schedule, Schedule__Output as _jobplane_v1_Schedule__Output } from './jobplane/v1/Schedule';
import type { ScheduleServiceClient as _jobplane_v1_ScheduleServiceClient, ScheduleServiceDefinition as _jobplane_v1_ScheduleServiceDefinition } from './jobplane/v1/ScheduleService';
import type { ScheduleSpec as _jobplane_v1_ScheduleSpec, ScheduleSpec__Output as _jobplane_v1_ScheduleSpec__Output } from './jobplane/v1/ScheduleSpec';
import type { SubmitJobRequest as _jobplane_v1_SubmitJobRequest, SubmitJobRequest__Output as _jobplane_v1_SubmitJobRequest__Output } from './jobplane/v1/SubmitJobRequest';
import type { SubmitJobResponse as _jobplane_v1_SubmitJobResponse, SubmitJobResponse__Output as _jobplane_v1_SubmitJobResponse__Output } from './jobplane/v1/SubmitJobResponse';
import type { TriggerScheduleRequest as _jobplane_v1_TriggerScheduleRequest, TriggerScheduleRequest__Output as _jobplane_v1_TriggerScheduleRequest__Output } from './jobplane/v1/TriggerScheduleRequest';
import type { TriggerScheduleResponse as _jobplane_v1_TriggerScheduleResponse, TriggerScheduleResponse__Output as _jobplane_v1_TriggerScheduleResponse__Output } from './jobplane/v1/TriggerScheduleResponse';
import type { UpdateScheduleRequest as _jobplane_v1_UpdateScheduleRequest, UpdateScheduleRequest__Output as _jobplane_v1_UpdateScheduleRequest__Output } from './jobplane/v1/UpdateScheduleRequest';
import type { UpdateScheduleResponse as _jobplane_v1_UpdateScheduleResponse, UpdateScheduleResponse__Output as _jobplane_v1_UpdateScheduleResponse__Output } from './jobplane/v1/UpdateScheduleResponse';
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
    api: {
      CustomHttpPattern: MessageTypeDefinition<_google_api_CustomHttpPattern, _google_api_CustomHttpPattern__Output>
      Http: MessageTypeDefinition<_google_api_Http, _google_api_Http__Output>
      HttpRule: MessageTypeDefinition<_google_api_HttpRule, _google_api_HttpRule__Output>
    }
    protobuf: {
      DescriptorProto: MessageTypeDefinition<_google_protobuf_DescriptorProto, _google_protobuf_DescriptorProto__Output>
      Duration: MessageTypeDefinition<_google_protobuf_Duration, _google_protobuf_Duration__Output>
      Edition: EnumTypeDefinition
      EnumDescriptorProto: MessageTypeDefinition<_google_protobuf_EnumDescriptorProto, _google_protobuf_EnumDescriptorProto__Output>
      EnumOptions: MessageTypeDefinition<_google_protobuf_EnumOptions, _google_protobuf_EnumOptions__Output>
      EnumValueDescriptorProto: MessageTypeDefinition<_google_protobuf_EnumValueDescriptorProto, _google_protobuf_EnumValueDescriptorProto__Output>
      EnumValueOptions: MessageTypeDefinition<_google_protobuf_EnumValueOptions, _google_protobuf_EnumValueOptions__Output>
      ExtensionRangeOptions: MessageTypeDefinition<_google_protobuf_ExtensionRangeOptions, _google_protobuf_ExtensionRangeOptions__Output>
      FeatureSet: MessageTypeDefinition<_google_protobuf_FeatureSet, _google_protobuf_FeatureSet__Output>
      FeatureSetDefaults: MessageTypeDefinition<_google_protobuf_FeatureSetDefaults, _google_protobuf_FeatureSetDefaults__Output>
      FieldDescriptorProto: MessageTypeDefinition<_google_protobuf_FieldDescriptorProto, _google_protobuf_FieldDescriptorProto__Output>
      FieldMask: MessageTypeDefinition<_google_protobuf_FieldMask, _google_protobuf_FieldMask__Output>
      FieldOptions: MessageTypeDefinition<_google_protobuf_FieldOptions, _google_protobuf_FieldOptions__Output>
      FileDescriptorProto: MessageTypeDefinition<_google_protobuf_FileDescriptorProto, _google_protobuf_FileDescriptorProto__Output>
      FileDescriptorSet: MessageTypeDefinition<_google_protobuf_FileDescriptorSet, _google_protobuf_FileDescriptorSet__Output>
      FileOptions: MessageTypeDefinition<_google_protobuf_FileOptions, _google_protobuf_FileOptions__Output>
      GeneratedCodeInfo: MessageTypeDefinition<_google_protobuf_GeneratedCodeInfo, _google_protobuf_GeneratedCodeInfo__Output>
      ListValue: MessageTypeDefinition<_google_protobuf_ListValue, _google_protobuf_ListValue__Output>
      MessageOptions: MessageTypeDefinition<_google_protobuf_MessageOptions, _google_protobuf_MessageOptions__Output>
      MethodDescriptorProto: MessageTypeDefinition<_google_protobuf_MethodDescriptorProto, _google_protobuf_MethodDescriptorProto__Output>
      MethodOptions: MessageTypeDefinition<_google_protobuf_MethodOptions, _google_protobuf_MethodOptions__Output>
      NullValue: EnumTypeDefinition
      OneofDescriptorProto: MessageTypeDefinition<_google_protobuf_OneofDescriptorProto, _google_protobuf_OneofDescriptorProto__Output>
      OneofOptions: MessageTypeDefinition<_google_protobuf_OneofOptions, _google_protobuf_OneofOptions__Output>
      ServiceDescriptorProto: MessageTypeDefinition<_google_protobuf_ServiceDescriptorProto, _google_protobuf_ServiceDescriptorProto__Output>
      ServiceOptions: MessageTypeDefinition<_google_protobuf_ServiceOptions, _google_protobuf_ServiceOptions__Output>
      SourceCodeInfo: MessageTypeDefinition<_google_protobuf_SourceCodeInfo, _google_protobuf_SourceCodeInfo__Output>
      Struct: MessageTypeDefinition<_google_protobuf_Struct, _google_protobuf_Struct__Output>
      SymbolVisibility: EnumTypeDefinition
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
      UninterpretedOption: MessageTypeDefinition<_google_protobuf_UninterpretedOption, _google_protobuf_UninterpretedOption__Output>
      Value: MessageTypeDefinition<_google_protobuf_Value, _google_protobuf_Value__Output>
    }
  }
  jobplane: {
    v1: {
      Attempt: MessageTypeDefinition<_jobplane_v1_Attempt, _jobplane_v1_Attempt__Output>
      CancelJobRequest: MessageTypeDefinition<_jobplane_v1_CancelJobRequest, _jobplane_v1_CancelJobRequest__Output>
      CancelJobResponse: MessageTypeDefinition<_jobplane_v1_CancelJobResponse, _jobplane_v1_CancelJobResponse__Output>
      CreateScheduleRequest: MessageTypeDefinition<_jobplane_v1_CreateScheduleRequest, _jobplane_v1_CreateScheduleRequest__Output>
      CreateScheduleResponse: MessageTypeDefinition<_jobplane_v1_CreateScheduleResponse, _jobplane_v1_CreateScheduleResponse__Output>
      DeleteScheduleRequest: MessageTypeDefinition<_jobplane_v1_DeleteScheduleRequest, _jobplane_v1_DeleteScheduleRequest__Output>
      DeleteScheduleResponse: MessageTypeDefinition<_jobplane_v1_DeleteScheduleResponse, _jobplane_v1_DeleteScheduleResponse__Output>
      GetJobRequest: MessageTypeDefinition<_jobplane_v1_GetJobRequest, _jobplane_v1_GetJobRequest__Output>
      GetJobResponse: MessageTypeDefinition<_jobplane_v1_GetJobResponse, _jobplane_v1_GetJobResponse__Output>
      GetScheduleRequest: MessageTypeDefinition<_jobplane_v1_GetScheduleRequest, _jobplane_v1_GetScheduleRequest__Output>
      GetScheduleResponse: MessageTypeDefinition<_jobplane_v1_GetScheduleResponse, _jobplane_v1_GetScheduleResponse__Output>
      Job: MessageTypeDefinition<_jobplane_v1_Job, _jobplane_v1_Job__Output>
      JobError: MessageTypeDefinition<_jobplane_v1_JobError, _jobplane_v1_JobError__Output>
      JobService: SubtypeConstructor<typeof grpc.Client, _jobplane_v1_JobServiceClient> & { service: _jobplane_v1_JobServiceDefinition }
      JobStatus: EnumTypeDefinition
      ListJobsRequest: MessageTypeDefinition<_jobplane_v1_ListJobsRequest, _jobplane_v1_ListJobsRequest__Output>
      ListJobsResponse: MessageTypeDefinition<_jobplane_v1_ListJobsResponse, _jobplane_v1_ListJobsResponse__Output>
      ListSchedulesRequest: MessageTypeDefinition<_jobplane_v1_ListSchedulesRequest, _jobplane_v1_ListSchedulesRequest__Output>
      ListSchedulesResponse: MessageTypeDefinition<_jobplane_v1_ListSchedulesResponse, _jobplane_v1_ListSchedulesResponse__Output>
      OverlapPolicy: EnumTypeDefinition
      PauseJobRequest: MessageTypeDefinition<_jobplane_v1_PauseJobRequest, _jobplane_v1_PauseJobRequest__Output>
      PauseJobResponse: MessageTypeDefinition<_jobplane_v1_PauseJobResponse, _jobplane_v1_PauseJobResponse__Output>
      PauseScheduleRequest: MessageTypeDefinition<_jobplane_v1_PauseScheduleRequest, _jobplane_v1_PauseScheduleRequest__Output>
      PauseScheduleResponse: MessageTypeDefinition<_jobplane_v1_PauseScheduleResponse, _jobplane_v1_PauseScheduleResponse__Output>
      Progress: MessageTypeDefinition<_jobplane_v1_Progress, _jobplane_v1_Progress__Output>
      ResumeJobRequest: MessageTypeDefinition<_jobplane_v1_ResumeJobRequest, _jobplane_v1_ResumeJobRequest__Output>
      ResumeJobResponse: MessageTypeDefinition<_jobplane_v1_ResumeJobResponse, _jobplane_v1_ResumeJobResponse__Output>
      ResumeScheduleRequest: MessageTypeDefinition<_jobplane_v1_ResumeScheduleRequest, _jobplane_v1_ResumeScheduleRequest__Output>
      ResumeScheduleResponse: MessageTypeDefinition<_jobplane_v1_ResumeScheduleResponse, _jobplane_v1_ResumeScheduleResponse__Output>
      RetryJobRequest: MessageTypeDefinition<_jobplane_v1_RetryJobRequest, _jobplane_v1_RetryJobRequest__Output>
      RetryJobResponse: MessageTypeDefinition<_jobplane_v1_RetryJobResponse, _jobplane_v1_RetryJobResponse__Output>
      RetryPolicy: MessageTypeDefinition<_jobplane_v1_RetryPolicy, _jobplane_v1_RetryPolicy__Output>
      Schedule: MessageTypeDefinition<_jobplane_v1_Schedule, _jobplane_v1_Schedule__Output>
      ScheduleService: SubtypeConstructor<typeof grpc.Client, _jobplane_v1_ScheduleServiceClient> & { service: _jobplane_v1_ScheduleServiceDefinition }
      ScheduleSpec: MessageTypeDefinition<_jobplane_v1_ScheduleSpec, _jobplane_v1_ScheduleSpec__Output>
      SubmitJobRequest: MessageTypeDefinition<_jobplane_v1_SubmitJobRequest, _jobplane_v1_SubmitJobRequest__Output>
      SubmitJobResponse: MessageTypeDefinition<_jobplane_v1_SubmitJobResponse, _jobplane_v1_SubmitJobResponse__Output>
      TriggerScheduleRequest: MessageTypeDefinition<_jobplane_v1_TriggerScheduleRequest, _jobplane_v1_TriggerScheduleRequest__Output>
      TriggerScheduleResponse: MessageTypeDefinition<_jobplane_v1_TriggerScheduleResponse, _jobplane_v1_TriggerScheduleResponse__Output>
      UpdateScheduleRequest: MessageTypeDefinition<_jobplane_v1_UpdateScheduleRequest, _jobplane_v1_UpdateScheduleRequest__Output>
      UpdateScheduleResponse: MessageTypeDefinition<_jobplane_v1_UpdateScheduleResponse, _jobplane_v1_UpdateScheduleResponse__Output>
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


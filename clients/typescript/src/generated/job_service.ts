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
import type { CancelJobsRequest as _jobplane_v1_CancelJobsRequest, CancelJobsRequest__Output as _jobplane_v1_CancelJobsRequest__Output } from './jobplane/v1/CancelJobsRequest';
import type { CancelJobsResponse as _jobplane_v1_CancelJobsResponse, CancelJobsResponse__Output as _jobplane_v1_CancelJobsResponse__Output } from './jobplane/v1/CancelJobsResponse';
import type { DeleteJobRequest as _jobplane_v1_DeleteJobRequest, DeleteJobRequest__Output as _jobplane_v1_DeleteJobRequest__Output } from './jobplane/v1/DeleteJobRequest';
import type { DeleteJobResponse as _jobplane_v1_DeleteJobResponse, DeleteJobResponse__Output as _jobplane_v1_DeleteJobResponse__Output } from './jobplane/v1/DeleteJobResponse';
import type { DeleteJobsRequest as _jobplane_v1_DeleteJobsRequest, DeleteJobsRequest__Output as _jobplane_v1_DeleteJobsRequest__Output } from './jobplane/v1/DeleteJobsRequest';
import type { DeleteJobsResponse as _jobplane_v1_DeleteJobsResponse, DeleteJobsResponse__Output as _jobplane_v1_DeleteJobsResponse__Output } from './jobplane/v1/DeleteJobsResponse';
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
import type { RetryJobsRequest as _jobplane_v1_RetryJobsRequest, RetryJobsRequest__Output as _jobplane_v1_RetryJobsRequest__Output } from './jobplane/v1/RetryJobsRequest';
import type { RetryJobsResponse as _jobplane_v1_RetryJobsResponse, RetryJobsResponse__Output as _jobplane_v1_RetryJobsResponse__Output } from './jobplane/v1/RetryJobsResponse';
import type { RetryPolicy as _jobplane_v1_RetryPolicy, RetryPolicy__Output as _jobplane_v1_RetryPolicy__Output } from './jobplane/v1/RetryPolicy';
import type { SubmitJobRequest as _jobplane_v1_SubmitJobRequest, SubmitJobRequest__Output as _jobplane_v1_SubmitJobRequest__Output } from './jobplane/v1/SubmitJobRequest';
import type { SubmitJobResponse as _jobplane_v1_SubmitJobResponse, SubmitJobResponse__Output as _jobplane_v1_SubmitJobResponse__Output } from './jobplane/v1/SubmitJobResponse';
import type { SubmitJobsRequest as _jobplane_v1_SubmitJobsRequest, SubmitJobsRequest__Output as _jobplane_v1_SubmitJobsRequest__Output } from './jobplane/v1/SubmitJobsRequest';
import type { SubmitJobsResponse as _jobplane_v1_SubmitJobsResponse, SubmitJobsResponse__Output as _jobplane_v1_SubmitJobsResponse__Output } from './jobplane/v1/SubmitJobsResponse';
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
      CancelJobsRequest: MessageTypeDefinition<_jobplane_v1_CancelJobsRequest, _jobplane_v1_CancelJobsRequest__Output>
      CancelJobsResponse: MessageTypeDefinition<_jobplane_v1_CancelJobsResponse, _jobplane_v1_CancelJobsResponse__Output>
      DeleteJobRequest: MessageTypeDefinition<_jobplane_v1_DeleteJobRequest, _jobplane_v1_DeleteJobRequest__Output>
      DeleteJobResponse: MessageTypeDefinition<_jobplane_v1_DeleteJobResponse, _jobplane_v1_DeleteJobResponse__Output>
      DeleteJobsRequest: MessageTypeDefinition<_jobplane_v1_DeleteJobsRequest, _jobplane_v1_DeleteJobsRequest__Output>
      DeleteJobsResponse: MessageTypeDefinition<_jobplane_v1_DeleteJobsResponse, _jobplane_v1_DeleteJobsResponse__Output>
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
      RetryJobsRequest: MessageTypeDefinition<_jobplane_v1_RetryJobsRequest, _jobplane_v1_RetryJobsRequest__Output>
      RetryJobsResponse: MessageTypeDefinition<_jobplane_v1_RetryJobsResponse, _jobplane_v1_RetryJobsResponse__Output>
      RetryPolicy: MessageTypeDefinition<_jobplane_v1_RetryPolicy, _jobplane_v1_RetryPolicy__Output>
      SubmitJobRequest: MessageTypeDefinition<_jobplane_v1_SubmitJobRequest, _jobplane_v1_SubmitJobRequest__Output>
      SubmitJobResponse: MessageTypeDefinition<_jobplane_v1_SubmitJobResponse, _jobplane_v1_SubmitJobResponse__Output>
      SubmitJobsRequest: MessageTypeDefinition<_jobplane_v1_SubmitJobsRequest, _jobplane_v1_SubmitJobsRequest__Output>
      SubmitJobsResponse: MessageTypeDefinition<_jobplane_v1_SubmitJobsResponse, _jobplane_v1_SubmitJobsResponse__Output>
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


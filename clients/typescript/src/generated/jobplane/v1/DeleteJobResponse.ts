// Original file: ../../proto/jobplane/v1/job_service.proto


export interface DeleteJobResponse {
}

export interface DeleteJobResponse__Output {
}

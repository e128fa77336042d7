// Original file: ../../proto/jobplane/v1/schedule_service.proto

export const OverlapPolicy = {
  OVERLAP_POLICY_UNSPECIFIED: 'OVERLAP_POLICY_UNSPECIFIED',
  OVERLAP_POLICY_SKIP: 'OVERLAP_POLICY_SKIP',
  OVERLAP_POLICY_BUFFER_ONE: 'OVERLAP_POLICY_BUFFER_ONE',
  OVERLAP_POLICY_ALLOW_ALL: 'OVERLAP_POLICY_ALLOW_ALL',
  OVERLAP_POLICY_CANCEL_OTHER: 'OVERLAP_POLICY_CANCEL_OTHER',
} as const;

export type OverlapPolicy =
  | 'OVERLAP_POLICY_UNSPECIFIED'
  | 0
  | 'OVERLAP_POLICY_SKIP'
  | 1
  | 'OVERLAP_POLICY_BUFFER_ONE'
  | 2
  | 'OVERLAP_POLICY_ALLOW_ALL'
  | 3
  | 'OVERLAP_POLICY_CANCEL_OTHER'
  | 4

export type OverlapPolicy__Output = typeof OverlapPolicy[keyof typeof OverlapPolicy]

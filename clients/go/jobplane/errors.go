package jobplane

import (
	"fmt"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Failure is an error a handler returns to choose how its attempt fails.
// Any other error fails the attempt with reason HANDLER_ERROR (retried per the
// job's retry policy).
type Failure struct {
	Reason       string
	Message      string
	NonRetryable bool
	Details      map[string]interface{}
}

func (f *Failure) Error() string { return fmt.Sprintf("%s: %s", f.Reason, f.Message) }

// Fail returns a retryable Failure.
func Fail(reason, message string) *Failure { return &Failure{Reason: reason, Message: message} }

// FailPermanently returns a Failure that fails the job at once.
func FailPermanently(reason, message string) *Failure {
	return &Failure{Reason: reason, Message: message, NonRetryable: true}
}

// Reason is the google.rpc.ErrorInfo reason of a gRPC error ("" if none).
func Reason(err error) string {
	st, ok := status.FromError(err)
	if !ok {
		return ""
	}
	for _, d := range st.Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok {
			return info.Reason
		}
	}
	return ""
}

// IsLeaseLost is true for FAILED_PRECONDITION TASK_LEASE_LOST: the attempt is
// no longer this worker's.
func IsLeaseLost(err error) bool {
	return status.Code(err) == codes.FailedPrecondition && Reason(err) == "TASK_LEASE_LOST"
}

// IsInvalidToken is true for INVALID_ARGUMENT INVALID_TASK_TOKEN.
func IsInvalidToken(err error) bool {
	return status.Code(err) == codes.InvalidArgument && Reason(err) == "INVALID_TASK_TOKEN"
}

package jobplane

import (
	"context"
	"errors"
	"fmt"

	pb "github.com/jobplane/jobplane/clients/go/gen/jobplane/v1"
	"google.golang.org/protobuf/types/known/structpb"
)

// completion builds the CompleteTask request for a handler's result.
func completion(task *Task, output map[string]interface{}, err error) (*pb.CompleteTaskRequest, error) {
	req := &pb.CompleteTaskRequest{TaskToken: task.token}
	if err == nil {
		if output == nil {
			output = map[string]interface{}{}
		}
		st, convErr := structpb.NewStruct(output)
		if convErr != nil {
			return nil, fmt.Errorf("handler output is not JSON-like: %w", convErr)
		}
		req.Result = &pb.CompleteTaskRequest_Output{Output: st}
		return req, nil
	}
	failure, detailsErr := taskFailure(task, err)
	if detailsErr != nil {
		return nil, detailsErr
	}
	req.Result = &pb.CompleteTaskRequest_Error{Error: failure}
	return req, nil
}

func taskFailure(task *Task, err error) (*pb.TaskFailure, error) {
	task.mu.Lock()
	released, reason := task.released, task.cancelReason
	task.mu.Unlock()
	f := &pb.TaskFailure{Reason: "HANDLER_ERROR", Message: err.Error()}
	var mine *Failure
	switch {
	case released:
		f.Reason = "JOB_RELEASED"
	case errors.As(err, &mine):
		f.Reason, f.Message, f.NonRetryable = mine.Reason, mine.Message, mine.NonRetryable
		if mine.Details != nil {
			st, convErr := structpb.NewStruct(mine.Details)
			if convErr != nil {
				return nil, fmt.Errorf("failure details are not JSON-like: %w", convErr)
			}
			f.Details = st
		}
	case reason != "" && errors.Is(err, context.Canceled):
		f.Reason, f.Message = "JOB_CANCELED", reason
	}
	return f, nil
}

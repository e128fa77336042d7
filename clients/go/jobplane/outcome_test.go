package jobplane

import (
	"context"
	"errors"
	"fmt"
	"testing"

	pb "github.com/jobplane/jobplane/clients/go/gen/jobplane/v1"
)

func testTask() *Task {
	return newTask(nil, &pb.Task{TaskToken: "tok", Job: &pb.Job{Id: "j", Type: "go.x", Attempt: 1}})
}

func TestCompletionOfOutput(t *testing.T) {
	req, err := completion(testTask(), map[string]interface{}{"n": 1.0}, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := req.GetOutput().AsMap()
	if req.TaskToken != "tok" || out["n"] != 1.0 {
		t.Fatalf("got %v", req)
	}
	if _, err := completion(testTask(), map[string]interface{}{"c": make(chan int)}, nil); err == nil {
		t.Fatal("a channel in the output must be refused")
	}
}

func TestCompletionOfFailures(t *testing.T) {
	cases := []struct {
		name         string
		prepare      func(*Task)
		err          error
		reason       string
		nonRetryable bool
	}{
		{"plain error", nil, errors.New("boom"), "HANDLER_ERROR", false},
		{"chosen failure", nil, fmt.Errorf("wrapped: %w", FailPermanently("BAD_INPUT", "no")), "BAD_INPUT", true},
		{"canceled", func(t *Task) { t.stop("user asked") }, context.Canceled, "JOB_CANCELED", false},
		{"ctx error without a cancel", nil, context.Canceled, "HANDLER_ERROR", false},
		{"drained", func(t *Task) { t.released = true }, context.Canceled, "JOB_RELEASED", false},
	}
	for _, c := range cases {
		task := testTask()
		if c.prepare != nil {
			c.prepare(task)
		}
		req, err := completion(task, nil, c.err)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		f := req.GetError()
		if f.Reason != c.reason || f.NonRetryable != c.nonRetryable {
			t.Fatalf("%s: got %v", c.name, f)
		}
	}
}

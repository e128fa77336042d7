package main

import (
	"context"
	"fmt"
	"time"

	"github.com/jobplane/jobplane/clients/go/jobplane"
)

func echo(_ context.Context, t *jobplane.Task) (map[string]interface{}, error) {
	return t.Payload, nil
}

func number(t *jobplane.Task, key string, fallback float64) float64 {
	if v, ok := t.Payload[key].(float64); ok {
		return v
	}
	return fallback
}

// sleep sleeps payload.seconds in payload.steps steps, reporting progress and
// resuming from its checkpoint; it returns as soon as ctx is cancelled.
func sleep(ctx context.Context, t *jobplane.Task) (map[string]interface{}, error) {
	seconds, steps := number(t, "seconds", 1), int(number(t, "steps", 10))
	if steps < 1 {
		steps = 1
	}
	start := 0
	if v, ok := t.Checkpoint["step"].(float64); ok {
		start = int(v)
	}
	step := time.Duration(seconds * float64(time.Second) / float64(steps))
	for i := start + 1; i <= steps; i++ {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(step):
		}
		if err := t.ReportProgress(float64(i), float64(steps), fmt.Sprintf("step %d/%d", i, steps), nil); err != nil {
			return nil, err
		}
	}
	return map[string]interface{}{"slept_s": seconds, "steps": steps, "language": "go"}, nil
}

func failTimes(_ context.Context, t *jobplane.Task) (map[string]interface{}, error) {
	if times := int(number(t, "times", 1)); t.Attempt <= times {
		return nil, jobplane.Fail("HANDLER_ERROR", fmt.Sprintf("planned failure %d of %d", t.Attempt, times))
	}
	return map[string]interface{}{"attempts": t.Attempt}, nil
}

package jobplane

import (
	"context"
	"fmt"
	"sync"
	"time"

	pb "github.com/jobplane/jobplane/clients/go/gen/jobplane/v1"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// Task is one attempt of a job, leased to this worker. Its methods are safe
// to call from any goroutine.
type Task struct {
	// Job is the full job as the server handed it over.
	Job *pb.Job
	// Payload is the job's payload as plain Go values.
	Payload map[string]interface{}
	// Attempt is 1 for the first attempt.
	Attempt int
	// Checkpoint is the data of the last Checkpoint of an earlier attempt, or nil.
	Checkpoint map[string]interface{}

	token  string
	w      *Worker
	ctx    context.Context
	cancel context.CancelFunc
	kick   chan struct{}

	mu           sync.Mutex
	pending      *pb.Progress
	cancelReason string
	released     bool // drained: a failure is handed back as JOB_RELEASED
	lost         bool // the server refused the token: nothing more is sent
	leaseExpire  time.Time
	lastBeat     time.Time // the handler's own last sign of life
}

func newTask(w *Worker, t *pb.Task) *Task {
	ctx, cancel := context.WithCancel(context.Background())
	task := &Task{
		Job:     t.Job,
		Payload: t.Job.GetPayload().AsMap(),
		Attempt: int(t.Job.GetAttempt()),
		token:   t.TaskToken,
		w:       w,
		ctx:     ctx,
		cancel:  cancel,
		kick:    make(chan struct{}, 1),
	}
	task.lastBeat = time.Now()
	if t.Job.GetCheckpoint() != nil {
		task.Checkpoint = t.Job.GetCheckpoint().AsMap()
	}
	if t.LeaseExpireTime != nil {
		task.leaseExpire = t.LeaseExpireTime.AsTime()
	}
	return task
}

// Token is the task's fencing token.
func (t *Task) Token() string { return t.token }

// CancelReason says why the task's context was cancelled ("" while it runs).
func (t *Task) CancelReason() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.cancelReason
}

// ReportProgress records progress; it never blocks: bursts are coalesced and
// the latest is sent by the task's reporter (which also renews the lease).
func (t *Task) ReportProgress(current, total float64, message string, details map[string]interface{}) error {
	p := &pb.Progress{Current: current, Total: total, Message: message, UpdateTime: timestamppb.Now()}
	if total > 0 {
		p.Percent = 100 * current / total
	}
	if details != nil {
		st, err := structpb.NewStruct(details)
		if err != nil {
			return fmt.Errorf("jobplane: progress details: %w", err)
		}
		p.Details = st
	}
	t.mu.Lock()
	t.pending = p
	t.mu.Unlock()
	t.poke()
	return nil
}

// Heartbeat renews the lease now instead of at the reporter's next tick.
func (t *Task) Heartbeat() { t.poke() }

// SaveCheckpoint makes data durable for the next attempt; it returns once the
// server has it.
func (t *Task) SaveCheckpoint(ctx context.Context, data map[string]interface{}) error {
	st, err := structpb.NewStruct(data)
	if err != nil {
		return fmt.Errorf("jobplane: checkpoint: %w", err)
	}
	t.mu.Lock()
	t.lastBeat = time.Now()
	t.mu.Unlock()
	resp, err := t.w.client.Workers.ReportProgress(ctx, &pb.ReportProgressRequest{TaskToken: t.token, Checkpoint: st})
	if err != nil {
		t.refused(err)
		return err
	}
	t.renewed(resp)
	return nil
}

func (t *Task) poke() {
	t.mu.Lock()
	t.lastBeat = time.Now()
	t.mu.Unlock()
	select {
	case t.kick <- struct{}{}:
	default:
	}
}

// stop cancels the handler's context once, keeping the first reason.
func (t *Task) stop(reason string) {
	t.mu.Lock()
	if t.cancelReason == "" {
		t.cancelReason = reason
	}
	t.mu.Unlock()
	t.cancel()
}

func (t *Task) renewed(resp *pb.ReportProgressResponse) {
	t.mu.Lock()
	if resp.LeaseExpireTime != nil {
		t.leaseExpire = resp.LeaseExpireTime.AsTime()
	}
	t.mu.Unlock()
	if resp.CancelRequested {
		t.stop("cancel requested")
	}
}

// refused marks the task lost when the server no longer honours its token.
func (t *Task) refused(err error) {
	if IsLeaseLost(err) || IsInvalidToken(err) {
		t.mu.Lock()
		t.lost = true
		t.mu.Unlock()
		t.stop("lease lost")
	}
}

// beatEvery is how often the reporter renews the lease: a third of what is
// left of it, within [200 ms, 10 s].
func (t *Task) beatEvery() time.Duration {
	t.mu.Lock()
	left := time.Until(t.leaseExpire)
	t.mu.Unlock()
	d := left / 3
	if d < 200*time.Millisecond {
		d = 200 * time.Millisecond
	}
	if d > 10*time.Second {
		d = 10 * time.Second
	}
	return d
}

// report sends progress (or a bare heartbeat) until done closes, then flushes
// the last pending progress so it lands before the outcome.
func (t *Task) report(done <-chan struct{}) {
	for {
		timer := time.NewTimer(t.beatEvery())
		select {
		case <-done:
			timer.Stop()
			t.sendProgress(true)
			return
		case <-t.kick:
		case <-timer.C:
		}
		timer.Stop()
		t.sendProgress(false)
	}
}

func (t *Task) sendProgress(onlyPending bool) {
	t.mu.Lock()
	p, lost, silent := t.pending, t.lost, t.silentLocked()
	t.pending = nil
	t.mu.Unlock()
	if lost || (p == nil && (onlyPending || silent)) {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp, err := t.w.client.Workers.ReportProgress(ctx, &pb.ReportProgressRequest{TaskToken: t.token, Progress: p})
	if err != nil {
		t.refused(err)
		if !IsLeaseLost(err) {
			t.w.logf("task %s: progress: %v", t.Job.GetId(), err)
		}
		return
	}
	t.renewed(resp)
}

// silentLocked is true when the job has a heartbeat timeout and the handler has
// not shown a sign of life (progress, heartbeat, checkpoint) within it: the lease
// is then no longer renewed, so a hung handler's attempt stalls as it would in
// the server.
func (t *Task) silentLocked() bool {
	hb := t.Job.GetHeartbeatTimeout()
	return hb != nil && hb.AsDuration() > 0 && time.Since(t.lastBeat) > hb.AsDuration()
}

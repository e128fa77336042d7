package jobplane

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"sort"
	"sync"
	"time"

	pb "github.com/jobplane/jobplane/clients/go/gen/jobplane/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// HandlerFunc runs one attempt. ctx is cancelled when the job is canceled, its
// lease is lost, or the worker drains past its grace; return promptly then.
// The returned map is the job's output; a *Failure chooses how it fails.
type HandlerFunc func(ctx context.Context, t *Task) (map[string]interface{}, error)

// WorkerConfig configures a Worker. Zero values take the defaults shown.
type WorkerConfig struct {
	// ID names the worker in the jobs' attempt history; host-pid when empty.
	ID string
	// Slots is how many tasks run at once (1).
	Slots int
	// Labels describe the worker to the server.
	Labels map[string]string
	// Grace is how long a drain waits for running handlers before it cancels
	// them and hands their tasks back (30 s).
	Grace time.Duration
	// Backoff spaces reconnects after the stream breaks.
	Backoff Backoff
	// Logger receives connection and task errors (log.Default()).
	Logger *log.Logger
}

// Worker takes tasks of its registered types from a ListenTasks stream and
// runs them, at most Slots at once.
type Worker struct {
	client   *Client
	cfg      WorkerConfig
	handlers map[string]HandlerFunc

	mu      sync.Mutex
	running map[string]*Task
	freed   chan struct{}
	wg      sync.WaitGroup
}

// NewWorker makes a worker that talks to the server through client.
func NewWorker(client *Client, cfg WorkerConfig) *Worker {
	if cfg.Slots <= 0 {
		cfg.Slots = 1
	}
	if cfg.Grace <= 0 {
		cfg.Grace = 30 * time.Second
	}
	if cfg.ID == "" {
		host, _ := os.Hostname()
		cfg.ID = fmt.Sprintf("go-%s-%d", host, os.Getpid())
	}
	if cfg.Logger == nil {
		cfg.Logger = log.Default()
	}
	return &Worker{
		client: client, cfg: cfg, handlers: map[string]HandlerFunc{},
		running: map[string]*Task{}, freed: make(chan struct{}, 1),
	}
}

// Handle registers the handler of a job type. Call before Run.
func (w *Worker) Handle(jobType string, h HandlerFunc) { w.handlers[jobType] = h }

// Running is how many tasks are running now.
func (w *Worker) Running() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.running)
}

// busy is how many slots are in use. A task whose lease was lost no longer holds
// one: the server already counts it out of flight (and may push its retry here),
// and its context is cancelled, so it only winds down.
func (w *Worker) busy() int {
	w.mu.Lock()
	tasks := make([]*Task, 0, len(w.running))
	for _, t := range w.running {
		tasks = append(tasks, t)
	}
	w.mu.Unlock()
	n := 0
	for _, t := range tasks {
		t.mu.Lock()
		if !t.lost {
			n++
		}
		t.mu.Unlock()
	}
	return n
}

func (w *Worker) logf(format string, args ...interface{}) {
	w.cfg.Logger.Printf("jobplane worker %s: "+format, append([]interface{}{w.cfg.ID}, args...)...)
}

// Run listens for tasks until ctx ends, reconnecting with backoff when the
// stream breaks; then it drains (see WorkerConfig.Grace) and returns nil.
func (w *Worker) Run(ctx context.Context) error {
	types := make([]string, 0, len(w.handlers))
	for t := range w.handlers {
		types = append(types, t)
	}
	if len(types) == 0 {
		return errors.New("jobplane: no handlers registered")
	}
	sort.Strings(types)
	for ctx.Err() == nil {
		free := w.waitFree(ctx)
		if free == 0 {
			break
		}
		opened := time.Now()
		err := w.listen(ctx, types, free)
		if ctx.Err() != nil {
			break
		}
		if time.Since(opened) > 5*time.Second {
			w.cfg.Backoff.Reset()
		}
		delay := w.cfg.Backoff.Next()
		w.logf("stream ended (%v); reconnecting in %v", err, delay.Round(time.Millisecond))
		if sleepCtx(ctx, delay) != nil {
			break
		}
	}
	w.drain()
	return nil
}

// waitFree blocks until at least one slot is free (0 when ctx ended). After a
// reconnect, the tasks still running from the old stream keep their slots.
func (w *Worker) waitFree(ctx context.Context) int {
	for {
		if free := w.cfg.Slots - w.busy(); free > 0 {
			return free
		}
		select {
		case <-ctx.Done():
			return 0
		case <-w.freed:
		}
	}
}

func (w *Worker) listen(ctx context.Context, types []string, slots int) error {
	stream, err := w.client.Workers.ListenTasks(ctx, &pb.ListenTasksRequest{
		WorkerId: w.cfg.ID, Types: types, Slots: int32(slots), Labels: w.cfg.Labels,
	})
	if err != nil {
		return err
	}
	for {
		msg, err := stream.Recv()
		if err != nil {
			return err
		}
		w.cfg.Backoff.Reset()
		switch cmd := msg.Command.(type) {
		case *pb.ListenTasksResponse_Task:
			w.start(cmd.Task)
		case *pb.ListenTasksResponse_Cancel:
			w.cancelTask(cmd.Cancel)
		}
	}
}

func (w *Worker) start(t *pb.Task) {
	task := newTask(w, t)
	busy := w.busy()
	w.mu.Lock()
	full := busy >= w.cfg.Slots
	if !full {
		w.running[task.token] = task
	}
	w.mu.Unlock()
	if full {
		// Only possible just after a reconnect while old tasks still ran:
		// hand it back rather than exceed the slots.
		task.released = true
		go w.complete(task, nil, errors.New("no free slot"))
		return
	}
	w.wg.Add(1)
	go w.run(task)
}

func (w *Worker) cancelTask(c *pb.TaskCancel) {
	w.mu.Lock()
	task := w.running[c.TaskToken]
	w.mu.Unlock()
	if task != nil {
		reason := c.Reason
		if reason == "" {
			reason = "canceled"
		}
		task.stop(reason)
	}
}

func (w *Worker) run(task *Task) {
	defer w.wg.Done()
	defer w.finished(task)
	done := make(chan struct{})
	reported := make(chan struct{})
	go func() { task.report(done); close(reported) }()
	output, err := w.invoke(task)
	close(done)
	<-reported
	w.complete(task, output, err)
}

func (w *Worker) invoke(task *Task) (output map[string]interface{}, err error) {
	h := w.handlers[task.Job.GetType()]
	if h == nil {
		return nil, FailPermanently("UNKNOWN_JOB_TYPE", "no handler for "+task.Job.GetType())
	}
	defer func() {
		if r := recover(); r != nil {
			output, err = nil, fmt.Errorf("handler panicked: %v", r)
		}
	}()
	return h(task.ctx, task)
}

func (w *Worker) finished(task *Task) {
	task.cancel()
	w.mu.Lock()
	delete(w.running, task.token)
	w.mu.Unlock()
	select {
	case w.freed <- struct{}{}:
	default:
	}
}

// complete sends the attempt's outcome, retrying while the server is
// unreachable (a restart must not lose a finished result) for up to a minute.
func (w *Worker) complete(task *Task, output map[string]interface{}, err error) {
	task.mu.Lock()
	lost := task.lost
	task.mu.Unlock()
	if lost {
		return
	}
	req, buildErr := completion(task, output, err)
	if buildErr != nil {
		req, _ = completion(task, nil, FailPermanently("BAD_HANDLER_RESULT", buildErr.Error()))
	}
	deadline := time.Now().Add(time.Minute)
	bo := Backoff{Max: 2 * time.Second}
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_, sendErr := w.client.Workers.CompleteTask(ctx, req)
		cancel()
		if sendErr == nil || status.Code(sendErr) != codes.Unavailable || time.Now().After(deadline) {
			if sendErr != nil && !IsLeaseLost(sendErr) {
				w.logf("task %s: complete: %v", task.Job.GetId(), sendErr)
			}
			return
		}
		time.Sleep(bo.Next())
	}
}

// drain waits up to Grace for running handlers, then cancels the rest and
// hands their tasks back (JOB_RELEASED) once they return, or after 5 s more.
func (w *Worker) drain() {
	if w.waitIdle(w.cfg.Grace) {
		return
	}
	w.mu.Lock()
	for _, task := range w.running {
		task.mu.Lock()
		task.released = true
		task.mu.Unlock()
		task.stop("worker draining")
	}
	w.mu.Unlock()
	if w.waitIdle(5 * time.Second) {
		return
	}
	// Handlers that ignore their context cannot be stopped in Go: hand their
	// tasks back now, and send nothing more for them.
	w.mu.Lock()
	stuck := make([]*Task, 0, len(w.running))
	for _, task := range w.running {
		stuck = append(stuck, task)
	}
	w.mu.Unlock()
	for _, task := range stuck {
		w.complete(task, nil, errors.New("the worker drained"))
		task.mu.Lock()
		task.lost = true
		task.mu.Unlock()
	}
}

func (w *Worker) waitIdle(d time.Duration) bool {
	idle := make(chan struct{})
	go func() { w.wg.Wait(); close(idle) }()
	select {
	case <-idle:
		return true
	case <-time.After(d):
		return false
	}
}

// Package jobplane is a Go client and worker for the jobplane.v1 gRPC contract
// (proto/jobplane/v1): Client submits, reads, cancels and watches jobs; Worker
// runs jobs of the types it registers, taking tasks from WorkerService.
package jobplane

import (
	"context"
	"errors"
	"io"
	"time"

	pb "github.com/jobplane/jobplane/clients/go/gen/jobplane/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/structpb"
)

// Options say how to reach a jobplane server.
type Options struct {
	// Token is sent as `authorization: Bearer <token>` on every call.
	Token string
	// TLS secures the connection; nil means plaintext (loopback, tests).
	TLS credentials.TransportCredentials
}

// Client is a connection to a jobplane server. It is safe for concurrent use.
type Client struct {
	conn    *grpc.ClientConn
	Jobs    pb.JobServiceClient
	Workers pb.WorkerServiceClient
}

// Dial connects lazily to target ("host:port"); the first call opens the connection.
func Dial(target string, opts Options) (*Client, error) {
	dialOpts := []grpc.DialOption{grpc.WithDefaultCallOptions(grpc.ForceCodec(codec{}))}
	if opts.TLS != nil {
		dialOpts = append(dialOpts, grpc.WithTransportCredentials(opts.TLS))
	} else {
		dialOpts = append(dialOpts, grpc.WithInsecure())
	}
	if opts.Token != "" {
		dialOpts = append(dialOpts, grpc.WithPerRPCCredentials(bearer{opts.Token, opts.TLS != nil}))
	}
	conn, err := grpc.Dial(target, dialOpts...)
	if err != nil {
		return nil, err
	}
	return &Client{conn: conn, Jobs: pb.NewJobServiceClient(conn), Workers: pb.NewWorkerServiceClient(conn)}, nil
}

// Close closes the connection.
func (c *Client) Close() error { return c.conn.Close() }

type bearer struct {
	token  string
	secure bool
}

func (b bearer) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + b.token}, nil
}

// RequireTransportSecurity is false for plaintext: the server itself refuses
// plaintext off loopback unless told otherwise.
func (b bearer) RequireTransportSecurity() bool { return b.secure }

// SubmitOption adjusts a SubmitJobRequest.
type SubmitOption func(*pb.SubmitJobRequest)

// WithRequestID makes the submit idempotent (AIP-155).
func WithRequestID(id string) SubmitOption {
	return func(r *pb.SubmitJobRequest) { r.RequestId = id }
}

// WithPriority sets the priority (0..100).
func WithPriority(p int32) SubmitOption {
	return func(r *pb.SubmitJobRequest) { r.Priority = &p }
}

// WithMaxAttempts sets the attempts allowed in all.
func WithMaxAttempts(n int32) SubmitOption {
	return func(r *pb.SubmitJobRequest) { r.MaxAttempts = n }
}

// WithTimeout sets the run timeout of each attempt.
func WithTimeout(d time.Duration) SubmitOption {
	return func(r *pb.SubmitJobRequest) { r.Timeout = durationpb.New(d) }
}

// WithLabels sets the job's labels.
func WithLabels(labels map[string]string) SubmitOption {
	return func(r *pb.SubmitJobRequest) { r.Labels = labels }
}

// Submit creates a job of jobType with payload (JSON-like values).
func (c *Client) Submit(ctx context.Context, jobType string, payload map[string]interface{}, opts ...SubmitOption) (*pb.Job, error) {
	st, err := structpb.NewStruct(payload)
	if err != nil {
		return nil, err
	}
	req := &pb.SubmitJobRequest{Type: jobType, Payload: st}
	for _, o := range opts {
		o(req)
	}
	resp, err := c.Jobs.SubmitJob(ctx, req)
	if err != nil {
		return nil, err
	}
	return resp.Job, nil
}

// Get returns one job.
func (c *Client) Get(ctx context.Context, jobID string) (*pb.Job, error) {
	resp, err := c.Jobs.GetJob(ctx, &pb.GetJobRequest{JobId: jobID})
	if err != nil {
		return nil, err
	}
	return resp.Job, nil
}

// Cancel cancels a job; force stops its handler without the grace period.
func (c *Client) Cancel(ctx context.Context, jobID, reason string, force bool) (*pb.Job, error) {
	resp, err := c.Jobs.CancelJob(ctx, &pb.CancelJobRequest{JobId: jobID, Reason: reason, Force: force})
	if err != nil {
		return nil, err
	}
	return resp.Job, nil
}

// Watch calls fn with every event of a job until its terminal event (then it
// returns nil), fn returns an error, or ctx ends. A stream broken by an
// UNAVAILABLE server is resumed after the last event seen, without gaps.
func (c *Client) Watch(ctx context.Context, jobID string, fn func(*pb.WatchProgressResponse) error) error {
	var after int64
	bo := Backoff{}
	for {
		stream, err := c.Jobs.WatchProgress(ctx, &pb.WatchProgressRequest{JobId: jobID, AfterSequence: after})
		if err == nil {
			for {
				var ev *pb.WatchProgressResponse
				ev, err = stream.Recv()
				if err != nil {
					break
				}
				bo.Reset()
				after = ev.Sequence
				if err = fn(ev); err != nil {
					return err
				}
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if status.Code(err) != codes.Unavailable || ctx.Err() != nil {
			return err
		}
		if err := sleepCtx(ctx, bo.Next()); err != nil {
			return err
		}
	}
}

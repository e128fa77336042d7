// Command jobplane-go is the Go client and an example worker for jobplane.
//
//	jobplane-go [--target HOST:PORT] submit TYPE [JSON]
//	jobplane-go get JOB_ID
//	jobplane-go watch JOB_ID
//	jobplane-go cancel JOB_ID
//	jobplane-go worker [--slots N] [--prefix go.] [--grace 30s]
//
// The worker serves PREFIX+"echo" (returns its payload), PREFIX+"sleep"
// ({seconds, steps}: sleeps with progress, stops when canceled) and
// PREFIX+"fail" ({times}: fails that many attempts). SIGTERM or SIGINT drains
// it: no new tasks, running ones finish within the grace, exit 0.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	pb "github.com/jobplane/jobplane/clients/go/gen/jobplane/v1"
	"github.com/jobplane/jobplane/clients/go/jobplane"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

func main() {
	global := flag.NewFlagSet("jobplane-go", flag.ExitOnError)
	target := global.String("target", envOr("JOBPLANE_TARGET", "127.0.0.1:50051"), "server host:port ($JOBPLANE_TARGET)")
	token := global.String("token", os.Getenv("JOBPLANE_TOKEN"), "bearer token ($JOBPLANE_TOKEN)")
	_ = global.Parse(os.Args[1:])
	args := global.Args()
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: jobplane-go [--target HOST:PORT] submit|get|watch|cancel|worker ...")
		os.Exit(2)
	}
	client, err := jobplane.Dial(*target, jobplane.Options{Token: *token})
	if err != nil {
		fail(err)
	}
	defer client.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := runCommand(ctx, client, args[0], args[1:]); err != nil {
		fail(err)
	}
}

func runCommand(ctx context.Context, client *jobplane.Client, cmd string, args []string) error {
	switch cmd {
	case "submit":
		return submit(ctx, client, args)
	case "get":
		if len(args) != 1 {
			return fmt.Errorf("usage: get JOB_ID")
		}
		job, err := client.Get(ctx, args[0])
		return printed(job, err)
	case "cancel":
		if len(args) != 1 {
			return fmt.Errorf("usage: cancel JOB_ID")
		}
		job, err := client.Cancel(ctx, args[0], "jobplane-go cancel", false)
		return printed(job, err)
	case "watch":
		if len(args) != 1 {
			return fmt.Errorf("usage: watch JOB_ID")
		}
		return client.Watch(ctx, args[0], func(ev *pb.WatchProgressResponse) error { return printed(ev, nil) })
	case "worker":
		return worker(ctx, client, args)
	}
	return fmt.Errorf("unknown command %q", cmd)
}

func submit(ctx context.Context, client *jobplane.Client, args []string) error {
	if len(args) < 1 || len(args) > 2 {
		return fmt.Errorf("usage: submit TYPE [JSON]")
	}
	payload := map[string]interface{}{}
	if len(args) == 2 {
		if err := json.Unmarshal([]byte(args[1]), &payload); err != nil {
			return fmt.Errorf("payload: %w", err)
		}
	}
	job, err := client.Submit(ctx, args[0], payload)
	return printed(job, err)
}

func worker(ctx context.Context, client *jobplane.Client, args []string) error {
	fs := flag.NewFlagSet("worker", flag.ExitOnError)
	slots := fs.Int("slots", 4, "tasks run at once")
	prefix := fs.String("prefix", "go.", "prefix of the job types served")
	grace := fs.Duration("grace", 30*time.Second, "drain grace on SIGTERM")
	id := fs.String("id", "", "worker id (default go-HOST-PID)")
	_ = fs.Parse(args)
	w := jobplane.NewWorker(client, jobplane.WorkerConfig{ID: *id, Slots: *slots, Grace: *grace})
	w.Handle(*prefix+"echo", echo)
	w.Handle(*prefix+"sleep", sleep)
	w.Handle(*prefix+"fail", failTimes)
	fmt.Fprintf(os.Stderr, "jobplane-go worker: serving %secho, %ssleep, %sfail with %d slots\n", *prefix, *prefix, *prefix, *slots)
	return w.Run(ctx)
}

func printed(m proto.Message, err error) error {
	if err != nil {
		return err
	}
	out, err := protojson.Marshal(m)
	if err != nil {
		return err
	}
	fmt.Println(string(out))
	return nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "jobplane-go:", err)
	os.Exit(1)
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

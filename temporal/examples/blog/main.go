// Command blog runs the blog flow on a Temporal server (docs/temporal.md).
//
//	go run ./examples/blog worker   # serve the flow's workflow and activities
//	go run ./examples/blog start    # run the flow once, print its outputs
//
// Both take -address (default $TEMPORAL_ADDRESS, else 127.0.0.1:7233),
// -namespace and -queue. The worker calls the providers with the API keys
// of the environment, or the simulator with INTELLIGEN_SIMULATE=1.
package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"

	"github.com/intelligen/intelligen/temporal/examples/blog/flow"
)

func main() {
	if len(os.Args) < 2 || (os.Args[1] != "worker" && os.Args[1] != "start") {
		fmt.Fprintln(os.Stderr, "usage: blog worker|start [-address HOST:PORT] [-namespace NS] [-queue NAME]")
		os.Exit(2)
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	address := fs.String("address", cmp.Or(os.Getenv("TEMPORAL_ADDRESS"), "127.0.0.1:7233"), "the Temporal server's `host:port`")
	namespace := fs.String("namespace", "default", "the Temporal `namespace`")
	queue := fs.String("queue", "blog", "the task `queue` of the worker")
	fs.Parse(os.Args[2:])

	c, err := client.Dial(client.Options{
		HostPort:  *address,
		Namespace: *namespace,
		Logger:    log.NewStructuredLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))),
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "blog:", err)
		os.Exit(1)
	}
	defer c.Close()
	if os.Args[1] == "worker" {
		err = serve(c, *queue)
	} else {
		err = start(context.Background(), c, *queue)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "blog:", err)
		os.Exit(1)
	}
}

// serve runs a worker of the blog flow until interrupted.
func serve(c client.Client, queue string) error {
	a, err := flow.NewActivities()
	if err != nil {
		return err
	}
	w := worker.New(c, queue, worker.Options{})
	flow.Register(w, a)
	return w.Run(worker.InterruptCh())
}

// start runs the blog flow once and prints its outputs.
func start(ctx context.Context, c client.Client, queue string) error {
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{TaskQueue: queue}, flow.WorkflowName, flow.Input{})
	if err != nil {
		return err
	}
	var out flow.Output
	if err := run.Get(ctx, &out); err != nil {
		return err
	}
	fmt.Printf("workflow %s, run %s\n", run.GetID(), run.GetRunID())
	fmt.Printf("task1: %q\ntask2: %q\ntask3: %q\n", out.Task1, out.Task2, out.Task3)
	fmt.Printf("task4: %s, %d bytes\ntask5: %q\n", out.Task4.MIME, len(out.Task4.Data), out.Task5)
	return nil
}

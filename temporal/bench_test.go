package temporal_test

import (
	"context"
	"log/slog"
	"testing"

	"go.temporal.io/sdk/worker"

	"github.com/intelligen/intelligen/runtime"
	"github.com/intelligen/intelligen/temporal/examples/blog/flow"
	"github.com/intelligen/intelligen/temporal/internal/testflows/large"
)

// The benchmarks of docs/benchmarks.md#temporal: a workflow in Temporal's
// test environment against Run, both with simulated agents (no latency),
// so that the difference is what the workflow adds over its activities.

var simulated = []runtime.Option{runtime.WithSimulation(), runtime.WithLogger(slog.New(slog.DiscardHandler))}

func benchWorkflow(b *testing.B, name string, tasks int, register func(worker.Registry), in any) {
	for b.Loop() {
		e := env(b)
		register(e)
		e.ExecuteWorkflow(name, in)
		if err := e.GetWorkflowError(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(tasks), "ns/task")
}

func BenchmarkWorkflowSeed(b *testing.B) {
	a, err := flow.NewActivities(simulated...)
	if err != nil {
		b.Fatal(err)
	}
	benchWorkflow(b, flow.WorkflowName, 5, func(r worker.Registry) { flow.Register(r, a) }, flow.Input{})
}

func BenchmarkWorkflowLarge(b *testing.B) {
	a, err := large.NewActivities(simulated...)
	if err != nil {
		b.Fatal(err)
	}
	benchWorkflow(b, large.WorkflowName, 100, func(r worker.Registry) { large.Register(r, a) }, large.Input{})
}

func BenchmarkRunSeed(b *testing.B) {
	f, err := flow.New(simulated...)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := f.Run(context.Background(), flow.Input{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/5, "ns/task")
}

func BenchmarkRunLarge(b *testing.B) {
	f, err := large.New(simulated...)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := f.Run(context.Background(), large.Input{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/100, "ns/task")
}

package runtime_test

import (
	"context"
	"testing"

	"github.com/intelligen/intelligen/runtime"
)

// BenchmarkRunFiveTextTasks measures the runtime's per-Run and per-task
// overhead: 5 independent text tasks on the zero-latency simulator.
func BenchmarkRunFiveTextTasks(b *testing.B) {
	ac := &runtime.AgentConfig{Name: "w", Provider: "openai", Kind: runtime.KindText}
	rt := runtime.NewFlow(&runtime.FlowConfig{Name: "fan"}, runtime.WithSimulation(), runtime.WithLookupEnv(noEnv))
	f := &fanFlow{rt: rt, h: rt.Agent(ac, noNetwork)}
	for _, name := range []string{"t0", "t1", "t2", "t3", "t4"} {
		f.tasks = append(f.tasks, &runtime.Task{Name: name, Agent: ac, Timeout: runtime.DefaultTimeout})
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f.Run(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRunContentFlow runs the 5-task content flow (text, image,
// vision) on the simulator; PNG encoding dominates.
func BenchmarkRunContentFlow(b *testing.B) {
	f, err := newContent(runtime.FlowConfig{Name: "content"}, runtime.WithSimulation(), runtime.WithLookupEnv(noEnv))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f.Run(ctx, contentInput{Topic: "blue whales"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSimulateText is the simulator alone, for subtracting.
func BenchmarkSimulateText(b *testing.B) {
	req := &runtime.Request{Task: "writer", Kind: runtime.KindText, Prompt: "Write about the sea"}
	b.ReportAllocs()
	for b.Loop() {
		runtime.Simulate(req)
	}
}

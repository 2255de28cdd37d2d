package runtime_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/intelligen/intelligen/runtime"
)

// fanFlow is the generated code of a flow of n independent text tasks
// t0..t(n-1) on one agent: the shape that stresses limits.
type fanFlow struct {
	rt    *runtime.Flow
	h     *runtime.Handle
	tasks []*runtime.Task
}

func newFan(t *testing.T, n int, fc runtime.FlowConfig, ac *runtime.AgentConfig, a runtime.Agent) *fanFlow {
	t.Helper()
	rt := runtime.NewFlow(&fc, runtime.WithAgent(ac.Name, a), runtime.WithLookupEnv(noEnv))
	f := &fanFlow{rt: rt, h: rt.Agent(ac, noNetwork)}
	if err := rt.Err(); err != nil {
		t.Fatalf("New: %v", err)
	}
	for i := range n {
		f.tasks = append(f.tasks, &runtime.Task{Name: fmt.Sprintf("t%d", i), Agent: ac, Timeout: time.Hour})
	}
	return f
}

func (f *fanFlow) Run(ctx context.Context) ([]string, error) {
	run := f.rt.Start(ctx)
	out := make([]string, len(f.tasks))
	for i, task := range f.tasks {
		run.Go(func() {
			v, ok := run.Text(task, f.h, "go")
			if !ok {
				return
			}
			out[i] = v
		})
	}
	err := run.Wait()
	return out, err
}

// runConcurrently runs f.Run n times at once and returns when all ended.
func runConcurrently(t *testing.T, f *fanFlow, n int) {
	t.Helper()
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			if _, err := f.Run(context.Background()); err != nil {
				t.Errorf("Run: %v", err)
			}
		})
	}
	wg.Wait()
}

func TestConcurrencyLimitSharedAcrossRuns(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := &recorder{hold: time.Second}
		ac := &runtime.AgentConfig{Name: "w", Provider: "openai", Kind: runtime.KindText, Limit: runtime.Limit{Concurrency: 2}}
		f := newFan(t, 3, runtime.FlowConfig{Name: "fan"}, ac, a)
		start := time.Now()
		runConcurrently(t, f, 2) // 6 calls of 1s, 2 at a time
		if got := a.peak.Load(); got != 2 {
			t.Errorf("peak calls in flight = %d, want 2", got)
		}
		if got := time.Since(start); got != 3*time.Second {
			t.Errorf("two Runs took %v, want 3s", got)
		}
	})
}

func TestRequestsPerMinute(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		var at []time.Duration
		start := time.Now()
		a := runtime.AgentFunc(func(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
			mu.Lock()
			at = append(at, time.Since(start))
			mu.Unlock()
			return &runtime.Response{Text: "ok"}, nil
		})
		ac := &runtime.AgentConfig{Name: "w", Provider: "openai", Kind: runtime.KindText, Limit: runtime.Limit{RequestsPerMinute: 30}}
		f := newFan(t, 2, runtime.FlowConfig{Name: "fan"}, ac, a)
		runConcurrently(t, f, 2) // 4 calls at 30/min: one every 2s, shared by both Runs
		want := []time.Duration{0, 2 * time.Second, 4 * time.Second, 6 * time.Second}
		if !slices.Equal(at, want) {
			t.Errorf("calls at %v, want %v", at, want)
		}
	})
}

func TestMaxParallelPerRun(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := &recorder{hold: time.Second}
		ac := &runtime.AgentConfig{Name: "w", Provider: "openai", Kind: runtime.KindText}
		f := newFan(t, 5, runtime.FlowConfig{Name: "fan", MaxParallel: 2}, ac, a)
		start := time.Now()
		if _, err := f.Run(context.Background()); err != nil {
			t.Fatalf("Run: %v", err)
		}
		if got := a.peak.Load(); got != 2 {
			t.Errorf("peak calls in flight = %d, want 2", got)
		}
		if got := time.Since(start); got != 3*time.Second {
			t.Errorf("Run took %v, want 3s (5 calls of 1s, 2 at a time)", got)
		}

		// max_parallel is per Run: two Runs may have 2 calls each in flight.
		a.peak.Store(0)
		runConcurrently(t, f, 2)
		if got := a.peak.Load(); got != 4 {
			t.Errorf("peak calls in flight over two Runs = %d, want 4", got)
		}
	})
}

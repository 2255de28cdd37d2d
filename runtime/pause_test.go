package runtime_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/intelligen/intelligen/runtime"
)

// TestRetryAfterHoldsEveryCall: a 429 with Retry-After holds every call of
// the agent that has not started, across the Runs of a batch, until the
// wait is over; no input fails.
func TestRetryAfterHoldsEveryCall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		var at []time.Duration
		start := time.Now()
		a := runtime.AgentFunc(func(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
			mu.Lock()
			at = append(at, time.Since(start))
			first := len(at) == 1
			mu.Unlock()
			if first {
				time.Sleep(10 * time.Millisecond)
				return nil, &runtime.APIError{Provider: "openai", StatusCode: 429, RetryAfter: time.Second}
			}
			time.Sleep(100 * time.Millisecond)
			return &runtime.Response{Text: "ok"}, nil
		})
		ac := &runtime.AgentConfig{Name: "w", Provider: "openai", Kind: runtime.KindText, Limit: runtime.Limit{Concurrency: 2}}
		f := newFan(t, 1, runtime.FlowConfig{Name: "fan"}, ac, a)
		inputs := slices.Values(make([]int, 6))
		run := func(ctx context.Context, _ int) ([]string, error) { return f.Run(ctx) }
		for res, err := range runtime.RunAll(context.Background(), inputs, run) {
			if err != nil {
				t.Errorf("input %d: %v", res.Index, err)
			}
		}
		// Two calls start at once: the 429 (answered at 10ms) and one
		// that is under way when it comes. Every later one waits for
		// the Retry-After.
		if len(at) != 7 {
			t.Fatalf("%d calls, want 7 (6 inputs and a retry)", len(at))
		}
		if at[0] != 0 || at[1] != 0 {
			t.Errorf("first calls at %v, want 0", at[:2])
		}
		for i, d := range at[2:] {
			if d < time.Second+10*time.Millisecond {
				t.Errorf("call %d started at %v, during the server's Retry-After of 1s", i+2, d)
			}
		}
	})
}

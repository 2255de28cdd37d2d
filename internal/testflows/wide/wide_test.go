package wide

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/intelligen/intelligen/runtime"
)

// max_parallel = 2 caps the agent calls in flight: five 1s tasks take 3s.
func TestMaxParallel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		inFlight, peak := 0, 0
		agent := runtime.AgentFunc(func(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
			mu.Lock()
			inFlight++
			peak = max(peak, inFlight)
			mu.Unlock()
			time.Sleep(time.Second)
			mu.Lock()
			inFlight--
			mu.Unlock()
			return &runtime.Response{Text: req.Task}, nil
		})
		f, err := New(runtime.WithAgent("llm", agent))
		if err != nil {
			t.Fatal(err)
		}
		t0 := time.Now()
		out, err := f.Run(context.Background(), Input{})
		if err != nil {
			t.Fatal(err)
		}
		if took := time.Since(t0); took != 3*time.Second || peak != 2 {
			t.Errorf("Run took %v with %d calls in flight at most; want 3s and 2", took, peak)
		}
		if want := (Output{T0: "t0", T1: "t1", T2: "t2", T3: "t3", T4: "t4"}); out != want {
			t.Errorf("out = %+v", out)
		}
	})
}

package runtime_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/goleak"

	"github.com/intelligen/intelligen/runtime"
)

// fanOut is the generated code of a flow with one for_each text task
// "section" over n elements: it returns the elements' outputs and the
// Run's error.
func fanOut(t *testing.T, fc runtime.FlowConfig, n, concurrency int, a runtime.Agent, opts ...runtime.Option) ([]string, error) {
	t.Helper()
	cfg := &runtime.AgentConfig{Name: "writer", Kind: runtime.KindText, Provider: "openai"}
	task := &runtime.Task{Name: "section", Agent: cfg, Timeout: time.Hour, Log: len(opts) > 0}
	rt := runtime.NewFlow(&fc, append([]runtime.Option{runtime.WithAgent(cfg.Name, a), runtime.WithLookupEnv(noEnv)}, opts...)...)
	h := rt.Agent(cfg, noNetwork)
	if err := rt.Err(); err != nil {
		t.Fatalf("New: %v", err)
	}
	run := rt.Start(context.Background())
	var out []string
	run.Go(func() {
		res := make([]string, n)
		if !run.Each(task, n, concurrency, func(et *runtime.Task, i int) bool {
			v, ok := run.Text(et, h, fmt.Sprint("part ", i))
			res[i] = v
			return ok
		}) {
			return
		}
		out = res
	})
	err := run.Wait()
	return out, err
}

// Elements are simulated and logged as section[i], in element order.
func TestEachNamesElements(t *testing.T) {
	var logs strings.Builder
	var mu sync.Mutex
	logger := slog.New(slog.NewTextHandler(writerFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return logs.Write(p)
	}), nil))
	out, err := fanOut(t, runtime.FlowConfig{Name: "f"}, 3, 0, runtime.AgentFunc(func(_ context.Context, req *runtime.Request) (*runtime.Response, error) {
		return &runtime.Response{Text: req.Task + "|" + req.Prompt}, nil
	}), runtime.WithLogger(logger))
	for i := range 3 {
		if want := fmt.Sprintf("msg=\"task done\" task=section[%d]", i); !strings.Contains(logs.String(), want) {
			t.Errorf("no %q in the logs:\n%s", want, logs.String())
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"section[0]|part 0", "section[1]|part 1", "section[2]|part 2"}
	if fmt.Sprint(out) != fmt.Sprint(want) {
		t.Errorf("out = %q, want %q", out, want)
	}
	none := runtime.AgentFunc(func(context.Context, *runtime.Request) (*runtime.Response, error) {
		t.Error("a call for an empty list")
		return nil, errors.New("no call expected")
	})
	if out, err := fanOut(t, runtime.FlowConfig{Name: "f"}, 0, 0, none); err != nil || out == nil || len(out) != 0 {
		t.Errorf("empty list: out = %#v, err = %v; want a non-nil empty slice and no call", out, err)
	}
}

// Each of many elements is named by its own index, across the widths of
// the index: section[9], section[10], section[100].
func TestEachNamesManyElements(t *testing.T) {
	const n = 1001
	out, err := fanOut(t, runtime.FlowConfig{Name: "f"}, n, 0, runtime.AgentFunc(func(_ context.Context, req *runtime.Request) (*runtime.Response, error) {
		return &runtime.Response{Text: req.Task}, nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	for i, got := range out {
		if want := fmt.Sprintf("section[%d]", i); got != want {
			t.Fatalf("element %d is named %q, want %q", i, got, want)
		}
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// A failing element cancels its siblings at once; the error names it
// in Item, once, under either on_error; no goroutine outlives the Run.
func TestEachFailureCancelsSiblings(t *testing.T) {
	for _, mode := range []runtime.OnError{runtime.Cancel, runtime.Continue} {
		t.Run(string(mode), func(t *testing.T) {
			defer goleak.VerifyNone(t)
			synctest.Test(t, func(t *testing.T) {
				var cancelled atomic.Int32
				a := runtime.AgentFunc(func(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
					if req.Task == "section[3]" {
						time.Sleep(time.Second)
						return nil, errors.New("boom")
					}
					select {
					case <-time.After(time.Hour):
						return &runtime.Response{Text: "late"}, nil
					case <-ctx.Done():
						cancelled.Add(1)
						return nil, ctx.Err()
					}
				})
				start := time.Now()
				out, err := fanOut(t, runtime.FlowConfig{Name: "f", OnError: mode}, 8, 0, a)
				if d := time.Since(start); d != time.Second {
					t.Errorf("Run took %v, want 1s: siblings are cancelled at the failure", d)
				}
				var te *runtime.TaskError
				if !errors.As(err, &te) || te.Task != "section" || te.Item != 3 || te.Err.Error() != "boom" {
					t.Fatalf("err = %v, want section's TaskError with Item 3", err)
				}
				if joined, ok := err.(interface{ Unwrap() []error }); ok && len(joined.Unwrap()) != 1 {
					t.Errorf("err joins %d errors, want the failing element's only", len(joined.Unwrap()))
				}
				if out != nil {
					t.Errorf("out = %q, want none", out)
				}
				if n := cancelled.Load(); n != 7 {
					t.Errorf("%d siblings cancelled, want 7", n)
				}
			})
		})
	}
}

// concurrency, and the flow's max_parallel, cap the calls in flight.
func TestEachConcurrency(t *testing.T) {
	for _, tc := range []struct {
		name              string
		maxParallel, conc int
	}{
		{"concurrency", 0, 3},
		{"max_parallel", 3, 0},
		{"both", 5, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer goleak.VerifyNone(t)
			synctest.Test(t, func(t *testing.T) {
				var inFlight, peak atomic.Int32
				a := runtime.AgentFunc(func(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
					n := inFlight.Add(1)
					for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
					}
					time.Sleep(time.Second)
					inFlight.Add(-1)
					return &runtime.Response{Text: req.Task}, nil
				})
				start := time.Now()
				out, err := fanOut(t, runtime.FlowConfig{Name: "f", MaxParallel: tc.maxParallel}, 10, tc.conc, a)
				if err != nil || len(out) != 10 {
					t.Fatalf("out = %q, err = %v", out, err)
				}
				if p := peak.Load(); p != 3 {
					t.Errorf("peak in flight = %d, want 3", p)
				}
				if d := time.Since(start); d != 4*time.Second {
					t.Errorf("Run took %v, want 4s (10 calls, 3 at a time)", d)
				}
			})
		})
	}
}

package sched

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/intelligen/intelligen/runtime"
)

// A fake agent: each task takes its delay of fake time, honouring the
// context, and fails when told to. It records when each task started.
type fake struct {
	delay map[string]time.Duration
	fail  map[string]bool
	t0    time.Time

	mu      sync.Mutex
	started map[string]time.Duration
}

func (a *fake) Call(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
	a.mu.Lock()
	a.started[req.Task] = time.Since(a.t0)
	a.mu.Unlock()
	select {
	case <-time.After(a.delay[req.Task]):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if a.fail[req.Task] {
		return nil, errors.New("boom")
	}
	return &runtime.Response{Text: req.Task + "<" + req.Prompt + ">"}, nil
}

func newFake(delay map[string]time.Duration, fail ...string) *fake {
	a := &fake{delay: delay, fail: map[string]bool{}, t0: time.Now(), started: map[string]time.Duration{}}
	for _, f := range fail {
		a.fail[f] = true
	}
	return a
}

func run(t *testing.T, a *fake) (Output, error, time.Duration) {
	t.Helper()
	f, err := New(runtime.WithAgent("worker", a), runtime.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	out, err := f.Run(context.Background(), Input{})
	return out, err, time.Since(a.t0)
}

// The DAG is a -> b -> d <- c, and e. With a=1s, b=1s, c=5s, d=1s, e=2s:
// b starts at 1s (when a is done, not when the slow c of a's "wave" is),
// d at 5s (when its last input, c, arrives), and the Run takes 6s.
func TestDependencyDriven(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := newFake(map[string]time.Duration{"a": time.Second, "b": time.Second, "c": 5 * time.Second, "d": time.Second, "e": 2 * time.Second})
		out, err, took := run(t, a)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]time.Duration{"a": 0, "c": 0, "e": 0, "b": time.Second, "d": 5 * time.Second}
		for task, at := range want {
			if a.started[task] != at {
				t.Errorf("task %s started at %v, want %v", task, a.started[task], at)
			}
		}
		if took != 6*time.Second {
			t.Errorf("Run took %v, want 6s", took)
		}
		if out.D != "d<D\n\nb<B\n\na<A>>\n\nc<C>>" {
			t.Errorf("out.D = %q", out.D)
		}
	})
}

// on_error = "cancel": c fails at 2s; a (done at 1s) keeps its output, b
// (running) is cancelled, d never runs, e (3s) is cancelled. The error is
// c's TaskError.
func TestCancelOnError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := newFake(map[string]time.Duration{"a": time.Second, "b": 5 * time.Second, "c": 2 * time.Second, "e": 3 * time.Second}, "c")
		out, err, took := run(t, a)
		var te *runtime.TaskError
		if !errors.As(err, &te) || te.Task != "c" || te.Agent != "worker" || te.Provider != "custom" {
			t.Fatalf("err = %v, want c's TaskError", err)
		}
		if took != 2*time.Second {
			t.Errorf("Run took %v, want 2s (cancelled at c's failure)", took)
		}
		if want := (Output{A: "a<A>"}); out != want {
			t.Errorf("out = %+v, want %+v", out, want)
		}
		if _, ok := a.started["d"]; ok {
			t.Error("d started after its predecessor failed")
		}
	})
}

// Cancelling the caller's context ends the Run promptly, with every
// goroutine done (synctest.Test fails on a leaked goroutine).
func TestContextCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := newFake(map[string]time.Duration{"a": time.Hour, "c": time.Hour, "e": time.Hour})
		f, err := New(runtime.WithAgent("worker", a), runtime.WithLogger(slog.New(slog.DiscardHandler)))
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		_, err = f.Run(ctx, Input{})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want context.DeadlineExceeded", err)
		}
		if took := time.Since(a.t0); took != 3*time.Second {
			t.Errorf("Run took %v, want 3s", took)
		}
	})
}

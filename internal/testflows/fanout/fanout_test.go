package fanout

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/goleak"

	"github.com/intelligen/intelligen/internal/simtest"
	"github.com/intelligen/intelligen/runtime"
)

// In simulation, element i is the task section[i], and article joins the
// sections in element order.
func TestSimulatedFanOut(t *testing.T) {
	f, err := New(runtime.WithSimulation(), runtime.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	topics := []string{"a", "b", "c", "d", "e"}
	out, err := f.Run(context.Background(), Input{Topics: topics})
	if err != nil {
		t.Fatal(err)
	}
	var joined string
	for i, topic := range topics {
		want := simtest.Text(fmt.Sprintf("section[%d]", i), fmt.Sprintf("Section %d: %s", i, topic))
		if out.Section[i] != want {
			t.Errorf("Section[%d] = %q, want %q", i, out.Section[i], want)
		}
		if i > 0 {
			joined += "\n\n"
		}
		joined += want
	}
	if want := simtest.Text("article", joined); out.Article != want {
		t.Errorf("Article = %q, want %q", out.Article, want)
	}
	out, err = f.Run(context.Background(), Input{Topics: []string{}})
	if err != nil || out.Section == nil || len(out.Section) != 0 || out.Article != simtest.Text("article", "") {
		t.Errorf("empty list: %+v, %v; want a non-nil empty Section and an article of nothing", out, err)
	}
}

// One element fails: the calls in flight are cancelled at once, no
// further element starts, article is skipped, aside finishes, the error
// names the element, and Run leaves no goroutine behind.
func TestFailingElementCancelsFanOut(t *testing.T) {
	defer goleak.VerifyNone(t)
	synctest.Test(t, func(t *testing.T) {
		var started, cancelled atomic.Int32
		agent := runtime.AgentFunc(func(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
			if req.Task == "aside" || req.Task == "article" {
				return &runtime.Response{Text: "ok " + req.Task}, nil
			}
			started.Add(1)
			d := time.Hour
			if req.Task == "section[1]" {
				d = time.Second
			}
			select {
			case <-time.After(d):
				if req.Task == "section[1]" {
					return nil, errors.New("boom")
				}
				return &runtime.Response{Text: "ok"}, nil
			case <-ctx.Done():
				cancelled.Add(1)
				return nil, ctx.Err()
			}
		})
		f, err := New(runtime.WithAgent("writer", agent), runtime.WithLogger(slog.New(slog.DiscardHandler)))
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		out, err := f.Run(context.Background(), Input{Topics: []string{"a", "b", "c", "d", "e", "f"}})
		if d := time.Since(start); d != time.Second {
			t.Errorf("Run took %v, want 1s", d)
		}
		var te *runtime.TaskError
		if !errors.As(err, &te) || te.Task != "section" || te.Item != 1 {
			t.Fatalf("err = %v, want section's TaskError with Item 1", err)
		}
		if s, c := started.Load(), cancelled.Load(); s != 3 || c != 2 {
			t.Errorf("%d elements started, %d cancelled; want 3 (concurrency) and 2", s, c)
		}
		if out.Section != nil || out.Article != "" || out.Aside != "ok aside" {
			t.Errorf("out = %+v, want only Aside", out)
		}
	})
}

// The caller cancels mid fan-out: Run returns at once without leaks.
func TestCallerCancelsFanOut(t *testing.T) {
	defer goleak.VerifyNone(t)
	synctest.Test(t, func(t *testing.T) {
		agent := runtime.AgentFunc(func(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
			<-ctx.Done()
			return nil, ctx.Err()
		})
		f, err := New(runtime.WithAgent("writer", agent), runtime.WithLogger(slog.New(slog.DiscardHandler)))
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		start := time.Now()
		_, err = f.Run(ctx, Input{Topics: []string{"a", "b", "c", "d", "e", "f", "g"}})
		if d := time.Since(start); d != time.Minute {
			t.Errorf("Run took %v, want 1m", d)
		}
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want the deadline", err)
		}
	})
}

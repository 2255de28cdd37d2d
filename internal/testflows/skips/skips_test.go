package skips

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/intelligen/intelligen/runtime"
)

// recorder is an agent that answers "ok TASK", fails the tasks in fail,
// and records which tasks it was called for and with what prompt.
type recorder struct {
	fail    map[string]bool
	mu      sync.Mutex
	prompts map[string]string
}

func (a *recorder) Call(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
	a.mu.Lock()
	a.prompts[req.Task] = req.Prompt
	a.mu.Unlock()
	if a.fail[req.Task] {
		return nil, errors.New("boom " + req.Task)
	}
	return &runtime.Response{Text: "ok " + req.Task}, nil
}

func run(t *testing.T, fail ...string) (*recorder, Output, error, string) {
	t.Helper()
	a := &recorder{fail: map[string]bool{}, prompts: map[string]string{}}
	for _, f := range fail {
		a.fail[f] = true
	}
	var logs bytes.Buffer
	f, err := New(runtime.WithAgent("worker", runtime.AgentFunc(a.Call)),
		runtime.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{
			ReplaceAttr: func(_ []string, at slog.Attr) slog.Attr {
				if at.Key == slog.TimeKey || at.Key == "duration" {
					return slog.Attr{}
				}
				return at
			},
		}))))
	if err != nil {
		t.Fatal(err)
	}
	out, err := f.Run(context.Background(), Input{})
	return a, out, err, logs.String()
}

func called(a *recorder) []string {
	var ts []string
	for k := range a.prompts {
		ts = append(ts, k)
	}
	slices.Sort(ts)
	return ts
}

// A false when skips gate; e needs gate's output and is skipped too; d
// has gate in after only and runs without its part. Skips are not errors.
func TestSkipsAreNotErrors(t *testing.T) {
	a, out, err, logs := run(t)
	if err != nil {
		t.Fatalf("Run: %v, want nil: skips are not failures", err)
	}
	if got, want := called(a), []string{"a", "b", "c", "d", "f"}; !slices.Equal(got, want) {
		t.Errorf("called %v, want %v", got, want)
	}
	if a.prompts["d"] != "D" {
		t.Errorf("d's prompt = %q, want \"D\": a skipped after entry contributes no part", a.prompts["d"])
	}
	if a.prompts["c"] != "C ok a" {
		t.Errorf("c's prompt = %q, want \"C ok a\"", a.prompts["c"])
	}
	if out.Gate != nil || out.E != nil {
		t.Errorf("Gate, E = %v, %v; want nil, nil (skipped)", out.Gate, out.E)
	}
	if out.F == nil || *out.F != "ok f" || out.D != "ok d" {
		t.Errorf("out = %+v, want D and F set", out)
	}
	for _, task := range []string{"gate", "e"} {
		if !strings.Contains(logs, `level=INFO msg="task skipped" task=`+task+` agent=worker`) {
			t.Errorf("no task skipped line for %s in\n%s", task, logs)
		}
	}
	if n := strings.Count(logs, "task skipped"); n != 2 {
		t.Errorf("%d task skipped lines, want 2:\n%s", n, logs)
	}
}

// A failure under on_error = "continue" skips every descendant, whatever
// the edge: b (after) and c (coalesce with a literal) make no call.
func TestFailureSkipsEveryDescendant(t *testing.T) {
	a, out, err, _ := run(t, "a")
	var te *runtime.TaskError
	if !errors.As(err, &te) || te.Task != "a" || te.Item != -1 {
		t.Fatalf("err = %v, want a's TaskError with Item -1", err)
	}
	if got, want := called(a), []string{"a", "d", "f"}; !slices.Equal(got, want) {
		t.Errorf("called %v, want %v", got, want)
	}
	if out.B != "" || out.C != "" {
		t.Errorf("B, C = %q, %q; want empty", out.B, out.C)
	}
}

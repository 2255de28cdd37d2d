package schedcontinue

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

// on_error = "continue": a and c fail; their descendants b and d are
// skipped, the independent e finishes, and the error joins both
// TaskErrors in the order they failed.
func TestContinueOnError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var (
			mu      sync.Mutex
			started []string
		)
		agent := runtime.AgentFunc(func(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
			mu.Lock()
			started = append(started, req.Task)
			mu.Unlock()
			d := map[string]time.Duration{"a": 1 * time.Second, "c": 2 * time.Second, "e": 3 * time.Second}[req.Task]
			time.Sleep(d)
			if req.Task == "a" || req.Task == "c" {
				return nil, errors.New("boom " + req.Task)
			}
			return &runtime.Response{Text: "ok " + req.Task}, nil
		})
		f, err := New(runtime.WithAgent("worker", agent), runtime.WithLogger(slog.New(slog.DiscardHandler)))
		if err != nil {
			t.Fatal(err)
		}
		t0 := time.Now()
		out, err := f.Run(context.Background(), Input{})
		if took := time.Since(t0); took != 3*time.Second {
			t.Errorf("Run took %v, want 3s", took)
		}
		if want := (Output{E: "ok e"}); out != want {
			t.Errorf("out = %+v, want %+v", out, want)
		}
		if err == nil || err.Error() != "task \"a\" (agent \"worker\", custom): boom a\ntask \"c\" (agent \"worker\", custom): boom c" {
			t.Fatalf("err = %q", err)
		}
		var te *runtime.TaskError
		if !errors.As(err, &te) || te.Task != "a" {
			t.Errorf("errors.As = %v, want a's TaskError first", te)
		}
		if len(started) != 3 {
			t.Errorf("started %v, want only a, c, e", started)
		}
	})
}

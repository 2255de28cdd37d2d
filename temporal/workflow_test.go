package temporal_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/log"
	sdktemporal "go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/worker"

	"github.com/intelligen/intelligen/runtime"
	"github.com/intelligen/intelligen/temporal"
	"github.com/intelligen/intelligen/temporal/internal/testflows/halt"
	"github.com/intelligen/intelligen/temporal/internal/testflows/keepgoing"
)

// A fakeAgent answers "<task>:ok" unless fail says otherwise for a task
// and its 1-based call number; it counts the calls per task.
type fakeAgent struct {
	fail func(ctx context.Context, task string, n int) error

	mu    sync.Mutex
	calls map[string]int
}

func (f *fakeAgent) Call(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
	f.mu.Lock()
	if f.calls == nil {
		f.calls = make(map[string]int)
	}
	f.calls[req.Task]++
	n := f.calls[req.Task]
	f.mu.Unlock()
	if f.fail != nil {
		if err := f.fail(ctx, req.Task, n); err != nil {
			return nil, err
		}
	}
	return &runtime.Response{Text: req.Task + ":ok(" + req.Prompt + ")"}, nil
}

func (f *fakeAgent) count(task string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[task]
}

// testWorkerOptions raise Temporal's deadlock detector from 1s to a
// minute: on a loaded 2-core CI machine with -race, a workflow coroutine
// can go more than a second without being scheduled, and the detector
// would report a deadlock that is not there.
var testWorkerOptions = worker.Options{DeadlockDetectionTimeout: time.Minute}

func env(t testing.TB) *testsuite.TestWorkflowEnvironment {
	var s testsuite.WorkflowTestSuite
	s.SetLogger(log.NewStructuredLogger(slog.New(slog.DiscardHandler)))
	e := s.NewTestWorkflowEnvironment()
	e.SetWorkerOptions(testWorkerOptions)
	t.Cleanup(func() { e.AssertExpectations(t) })
	return e
}

func runHalt(t *testing.T, agent *fakeAgent) (halt.Output, error) {
	t.Helper()
	e := env(t)
	a, err := halt.NewActivities(runtime.WithAgent("llm", agent))
	if err != nil {
		t.Fatal(err)
	}
	halt.Register(e, a)
	e.ExecuteWorkflow(halt.WorkflowName, halt.Input{})
	if !e.IsWorkflowCompleted() {
		t.Fatal("workflow did not complete")
	}
	var out halt.Output
	if err := e.GetWorkflowError(); err != nil {
		return out, err
	}
	if err := e.GetWorkflowResult(&out); err != nil {
		t.Fatal(err)
	}
	return out, nil
}

func TestTemporaryErrorsAreRetried(t *testing.T) {
	agent := &fakeAgent{fail: func(_ context.Context, task string, n int) error {
		if task == "a" && n < 3 {
			return &runtime.APIError{Provider: "openai", StatusCode: 503, Message: "overloaded"}
		}
		return nil
	}}
	out, err := runHalt(t, agent)
	if err != nil {
		t.Fatal(err)
	}
	if got := agent.count("a"); got != 3 {
		t.Errorf("task a called %d times, want 3 (two 503s, then success)", got)
	}
	if want := "b:ok(b a:ok(a))"; out.B != want {
		t.Errorf("B = %q, want %q", out.B, want)
	}
}

func TestRetriesStopAtAttempts(t *testing.T) {
	agent := &fakeAgent{fail: func(_ context.Context, task string, n int) error {
		if task == "a" {
			return &runtime.APIError{Provider: "openai", StatusCode: 500}
		}
		return nil
	}}
	_, err := runHalt(t, agent)
	if err == nil {
		t.Fatal("no error")
	}
	if got := agent.count("a"); got != 3 {
		t.Errorf("task a called %d times, want the agent's 3 attempts", got)
	}
}

func TestNonRetryableErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
	}{
		{"400", &runtime.APIError{Provider: "openai", StatusCode: 400, Message: "bad request"}},
		{"401", &runtime.APIError{Provider: "openai", StatusCode: 401}},
		{"refusal", errors.New("the model refused")},
	} {
		t.Run(c.name, func(t *testing.T) {
			agent := &fakeAgent{fail: func(_ context.Context, task string, n int) error {
				if task == "a" {
					return c.err
				}
				return nil
			}}
			out, err := runHalt(t, agent)
			if got := agent.count("a"); got != 1 {
				t.Errorf("task a called %d times, want 1", got)
			}
			if agent.count("b") != 0 || out.B != "" {
				t.Errorf("task b ran after its input failed")
			}
			te, ok := temporal.TaskErrorOf(err)
			if !ok {
				t.Fatalf("TaskErrorOf(%v) found no task", err)
			}
			if te.Task != "a" || te.Agent != "llm" || te.Provider != "custom" || te.Err.Error() != c.err.Error() {
				t.Errorf("TaskErrorOf = %+v, want task a, agent llm, provider custom, %q", te, c.err)
			}
			if msg := err.Error(); !strings.Contains(msg, `task "a" (agent "llm", custom)`) {
				t.Errorf("workflow error %q does not name task, agent and provider", msg)
			}
		})
	}
}

func TestOnErrorContinue(t *testing.T) {
	agent := &fakeAgent{fail: func(_ context.Context, task string, n int) error {
		if task == "a" {
			return &runtime.APIError{Provider: "openai", StatusCode: 400}
		}
		return nil
	}}
	e := env(t)
	a, err := keepgoing.NewActivities(runtime.WithAgent("llm", agent))
	if err != nil {
		t.Fatal(err)
	}
	keepgoing.Register(e, a)
	e.ExecuteWorkflow(keepgoing.WorkflowName, keepgoing.Input{})
	err = e.GetWorkflowError()
	te, ok := temporal.TaskErrorOf(err)
	if !ok || te.Task != "a" {
		t.Fatalf("error %v, want task a's", err)
	}
	// The failed task's descendant is skipped; the other chain finishes.
	if agent.count("b") != 0 {
		t.Error("task b ran after its input failed")
	}
	if agent.count("c") != 1 || agent.count("d") != 1 {
		t.Errorf("c and d called %d and %d times, want once each", agent.count("c"), agent.count("d"))
	}
}

func TestOnErrorCancelStopsTheRest(t *testing.T) {
	// a fails at once; c -> d is independent, and c answers only when
	// cancelled: d must not start after the failure cancelled the run.
	agent := &fakeAgent{fail: func(ctx context.Context, task string, n int) error {
		switch task {
		case "a":
			return &runtime.APIError{Provider: "openai", StatusCode: 400}
		case "c":
			<-ctx.Done()
			return ctx.Err()
		}
		return nil
	}}
	_, err := runHalt(t, agent)
	if te, ok := temporal.TaskErrorOf(err); !ok || te.Task != "a" {
		t.Fatalf("error %v, want task a's alone", err)
	}
	if strings.Contains(err.Error(), `task "c"`) || strings.Contains(err.Error(), `task "d"`) {
		t.Errorf("error %q names a task cancelled by the failure", err)
	}
	if agent.count("d") != 0 {
		t.Error("task d started after the run was cancelled")
	}
}

func TestCancellation(t *testing.T) {
	e := env(t)
	agent := &fakeAgent{fail: func(_ context.Context, task string, n int) error {
		if task == "a" {
			e.CancelWorkflow()
		}
		return nil
	}}
	a, err := halt.NewActivities(runtime.WithAgent("llm", agent))
	if err != nil {
		t.Fatal(err)
	}
	halt.Register(e, a)
	e.ExecuteWorkflow(halt.WorkflowName, halt.Input{})
	err = e.GetWorkflowError()
	var canceled *sdktemporal.CanceledError
	if !errors.As(err, &canceled) {
		t.Fatalf("error %v, want the workflow's cancellation", err)
	}
	if agent.count("b") != 0 {
		t.Error("task b started after the workflow was cancelled")
	}
}

// An image over Temporal's payload limit fails its task, saying so, and is
// not tried again.
func TestImageOverPayloadLimit(t *testing.T) {
	calls := 0
	big := runtime.AgentFunc(func(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
		calls++
		return &runtime.Response{Image: runtime.Image{MIME: "image/png", Data: make([]byte, temporal.PayloadLimit+1)}}, nil
	})
	cfg := &runtime.AgentConfig{Name: "painter", Provider: "openai", Kind: runtime.KindImage}
	task := &runtime.Task{Name: "logo", Agent: cfg}
	f := runtime.NewFlow(&runtime.FlowConfig{Name: "f"}, runtime.WithAgent("painter", big))
	h := f.Agent(cfg, nil)
	if err := f.Err(); err != nil {
		t.Fatal(err)
	}
	var s testsuite.WorkflowTestSuite
	s.SetLogger(log.NewStructuredLogger(slog.New(slog.DiscardHandler)))
	e := s.NewTestActivityEnvironment()
	logo := func(ctx context.Context, in temporal.Request) (runtime.Image, error) {
		return temporal.Image(ctx, task, h, in)
	}
	e.RegisterActivity(logo)
	_, err := e.ExecuteActivity(logo, temporal.Request{Prompt: "a logo"})
	if err == nil || !strings.Contains(err.Error(), "payload limit") {
		t.Fatalf("error %v, want one naming the payload limit", err)
	}
	var appErr *sdktemporal.ApplicationError
	if !errors.As(err, &appErr) || !appErr.NonRetryable() {
		t.Errorf("error %v is retryable", err)
	}
	if te, ok := temporal.TaskErrorOf(err); !ok || te.Task != "logo" || te.Agent != "painter" {
		t.Errorf("TaskErrorOf = %+v, %v; want task logo of agent painter", te, ok)
	}
	if calls != 1 {
		t.Errorf("agent called %d times, want 1", calls)
	}
}

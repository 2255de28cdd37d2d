package runtime_test

import (
	"context"
	"testing"
	"time"

	"github.com/intelligen/intelligen/runtime"
)

func TestAttemptMakesOneTry(t *testing.T) {
	calls := 0
	var got *runtime.Request
	agent := runtime.AgentFunc(func(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
		calls++
		got = req
		return nil, &runtime.APIError{Provider: "openai", StatusCode: 503}
	})
	cfg := &runtime.AgentConfig{Name: "llm", Provider: "openai", Kind: runtime.KindText, Mission: "be brief", Retry: runtime.Retry{Attempts: 5}}
	task := &runtime.Task{Name: "t", Agent: cfg}
	f := runtime.NewFlow(&runtime.FlowConfig{Name: "f"}, runtime.WithAgent("llm", agent))
	h := f.Agent(cfg, nil)
	if err := f.Err(); err != nil {
		t.Fatal(err)
	}
	_, err := h.Attempt(context.Background(), task, runtime.Request{Prompt: "hi"}, 2)
	if !runtime.Temporary(err) {
		t.Errorf("Attempt error %v, want the temporary 503 as it is", err)
	}
	if calls != 1 {
		t.Errorf("Attempt called the agent %d times, want 1 (no retries)", calls)
	}
	if got.Task != "t" || got.Agent != "llm" || got.Mission != "be brief" || got.Prompt != "hi" || got.Params == nil || got.Provider != "custom" {
		t.Errorf("request %+v: task, agent, mission, prompt, params and provider not filled", got)
	}
	if h.Provider() != "custom" {
		t.Errorf("Provider() = %q, want custom for WithAgent", h.Provider())
	}
}

func TestRetryWithDefaults(t *testing.T) {
	r := runtime.Retry{Backoff: time.Second}.WithDefaults()
	want := runtime.Retry{Attempts: runtime.DefaultAttempts, Backoff: time.Second, MaxBackoff: runtime.DefaultMaxBackoff}
	if r != want {
		t.Errorf("WithDefaults = %+v, want %+v", r, want)
	}
	if d := (&runtime.Task{}).CallTimeout(); d != runtime.DefaultTimeout {
		t.Errorf("CallTimeout of a task without timeout = %v, want %v", d, runtime.DefaultTimeout)
	}
}

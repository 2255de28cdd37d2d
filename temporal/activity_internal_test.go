package temporal

import (
	"errors"
	"strings"
	"testing"
	"time"

	"go.temporal.io/sdk/temporal"

	"github.com/intelligen/intelligen/runtime"
)

func TestPayloadLimit(t *testing.T) {
	if err := checkPayload("image", PayloadLimit); err != nil {
		t.Errorf("an image of exactly 2 MB failed: %v", err)
	}
	err := checkPayload("image", PayloadLimit+1)
	if err == nil || !strings.Contains(err.Error(), "payload limit") || !strings.Contains(err.Error(), "2 MB") {
		t.Fatalf("an image over 2 MB gave %v, want an error naming the payload limit", err)
	}
	task := &runtime.Task{Name: "logo", Agent: &runtime.AgentConfig{Name: "painter", Provider: "openai"}}
	var appErr *temporal.ApplicationError
	if !errors.As(callError(task, nil, "openai", err), &appErr) || !appErr.NonRetryable() {
		t.Errorf("a payload over the limit is retryable: %v", appErr)
	}
}

func TestCallErrorRetries(t *testing.T) {
	task := &runtime.Task{Name: "t", Agent: &runtime.AgentConfig{Name: "llm", Provider: "openai"}}
	for _, c := range []struct {
		name      string
		err       error
		retryable bool
		delay     time.Duration
	}{
		{"429", &runtime.APIError{StatusCode: 429}, true, 0},
		{"408", &runtime.APIError{StatusCode: 408}, true, 0},
		{"409", &runtime.APIError{StatusCode: 409}, true, 0},
		{"503 with Retry-After", &runtime.APIError{StatusCode: 503, RetryAfter: 7 * time.Second}, true, 7 * time.Second},
		{"Retry-After too long", &runtime.APIError{StatusCode: 503, RetryAfter: time.Hour}, false, 0},
		{"invalid output", &runtime.OutputError{Reason: "not JSON"}, true, 0},
		{"404", &runtime.APIError{StatusCode: 404}, false, 0},
		{"blocked", errors.New("content blocked"), false, 0},
	} {
		var appErr *temporal.ApplicationError
		if !errors.As(callError(task, nil, "openai", c.err), &appErr) {
			t.Fatalf("%s: not an application error", c.name)
		}
		if appErr.NonRetryable() == c.retryable {
			t.Errorf("%s: non-retryable = %v, want %v", c.name, appErr.NonRetryable(), !c.retryable)
		}
		if appErr.NextRetryDelay() != c.delay {
			t.Errorf("%s: next retry delay %v, want %v", c.name, appErr.NextRetryDelay(), c.delay)
		}
	}
}

func TestActivityOptions(t *testing.T) {
	task := &runtime.Task{Name: "t", Timeout: 45 * time.Second, Agent: &runtime.AgentConfig{
		Name: "llm", Retry: runtime.Retry{Attempts: 5, Backoff: 250 * time.Millisecond, MaxBackoff: time.Minute}}}
	o := ActivityOptions(task)
	p := o.RetryPolicy
	if o.StartToCloseTimeout != 45*time.Second || p.InitialInterval != 250*time.Millisecond || p.BackoffCoefficient != 2 ||
		p.MaximumInterval != time.Minute || p.MaximumAttempts != 5 {
		t.Errorf("ActivityOptions = %+v, retry %+v", o, p)
	}
	o = ActivityOptions(&runtime.Task{Name: "t", Agent: &runtime.AgentConfig{Name: "llm"}})
	if o.StartToCloseTimeout != runtime.DefaultTimeout || o.RetryPolicy.MaximumAttempts != runtime.DefaultAttempts {
		t.Errorf("defaults: %+v, retry %+v", o, o.RetryPolicy)
	}
}

package runtime

import (
	"fmt"
	"strings"
	"time"
)

// A TaskError is the error of one failed task. Run returns errors that
// unwrap to it with [errors.As].
type TaskError struct {
	Task     string // task label
	Agent    string // agent label
	Provider string // provider name, or "custom" for an agent given with WithAgent
	// Item is the index of the failing element of a for_each task
	// (docs/language.md#fan-out), -1 for a task without for_each.
	Item int
	Err  error
}

func (e *TaskError) Error() string {
	return fmt.Sprintf("task %q (agent %q, %s): %v", e.Task, e.Agent, e.Provider, e.Err)
}

func (e *TaskError) Unwrap() error { return e.Err }

// An APIError is an error answer from a provider's API: the HTTP status and
// what the provider's error body said. Provider clients return it; the
// runtime uses it to decide retries.
type APIError struct {
	Provider   string
	StatusCode int
	Code       string // provider error code or type, e.g. "rate_limit_exceeded", "overloaded_error"
	Message    string
	RequestID  string

	// RetryAfter is the wait the server asked for (Retry-After,
	// retry-after-ms); 0 when it did not say.
	RetryAfter time.Duration
	// ShouldRetry is the server's x-should-retry verdict, when given; it
	// overrides the status-based rule.
	ShouldRetry *bool
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: HTTP %d", e.Provider, e.StatusCode)
	if e.Code != "" {
		fmt.Fprintf(&b, " %s", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request %s)", e.RequestID)
	}
	return b.String()
}

// Temporary reports whether retrying the request may succeed: the server
// said so with x-should-retry, or the status is 408, 409, 429 or ≥500
// (which includes Anthropic's 529).
func (e *APIError) Temporary() bool {
	if e.ShouldRetry != nil {
		return *e.ShouldRetry
	}
	switch s := e.StatusCode; {
	case s == 408, s == 409, s == 429, s >= 500:
		return true
	}
	return false
}

// An InputError reports a required Input field left empty.
type InputError struct {
	Variable string // the variable's label
}

func (e *InputError) Error() string {
	return fmt.Sprintf("input %q is required and empty", e.Variable)
}

// MissingInput returns the error of a Run whose required string variable
// name was left empty.
func MissingInput(name string) error { return &InputError{Variable: name} }

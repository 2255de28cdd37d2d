package runtime

import (
	"context"
	"time"
)

// Attempt makes one try of task t's request on agent h, under the
// agent's limit and the task's timeout, and does not retry: it is for
// callers that retry on their own terms, as a Temporal activity does
// (docs/temporal.md). req carries the task's prompt and media; Attempt
// fills in the rest as Run does. try is the 1-based number of this try,
// as the caller counts them. A typed task's invalid answer is an
// *OutputError; [Temporary] tells which other errors are worth another
// try. The error never holds the agent's API key.
func (h *Handle) Attempt(ctx context.Context, t *Task, req Request, try int) (*Response, error) {
	c := &call{req: req}
	h.fill(t, &c.req)
	if c.req.Schema == nil {
		c.req.Schema = t.Output
	}
	resp, err := h.once(ctx, t, c, max(try, 1))
	return resp, scrub(err, h.key.Reveal())
}

// Provider returns the provider name the handle reports in logs and
// errors: the agent's, or "custom" for an agent given with [WithAgent].
func (h *Handle) Provider() string { return h.provider }

// fill sets the fields of req that come from t and h rather than from
// the task's prompt and media.
func (h *Handle) fill(t *Task, req *Request) {
	a := t.Agent
	req.Task, req.Agent, req.Kind, req.Model, req.Mission = t.Name, a.Name, a.Kind, h.model, a.Mission
	req.Params, req.Provider = &t.Params, h.provider
}

// WithDefaults returns r with each zero or negative field replaced by the
// runtime's default, as the runtime applies them.
func (r Retry) WithDefaults() Retry {
	if r.Attempts <= 0 {
		r.Attempts = DefaultAttempts
	}
	if r.Backoff <= 0 {
		r.Backoff = DefaultBackoff
	}
	if r.MaxBackoff <= 0 {
		r.MaxBackoff = DefaultMaxBackoff
	}
	return r
}

// CallTimeout returns the timeout of each of t's calls: its Timeout, else
// [DefaultTimeout].
func (t *Task) CallTimeout() time.Duration {
	if t.Timeout <= 0 {
		return DefaultTimeout
	}
	return t.Timeout
}

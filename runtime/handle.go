package runtime

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"github.com/intelligen/intelligen/internal/catalog"
)

// Defaults of an agent's retry and per-call timeout, applied where an
// [AgentConfig] or [Task] leaves a field zero. Generated code writes only
// what differs from them. Their one home is package catalog, which the
// checker reads too.
const (
	DefaultAttempts   = catalog.Attempts
	DefaultBackoff    = catalog.Backoff
	DefaultMaxBackoff = catalog.MaxBackoff
	DefaultTimeout    = catalog.Timeout

	// MaxServerWait bounds the Retry-After a server may impose. The
	// server's wait wins over max_backoff (docs/language.md#agent), but a longer one
	// (a quota reset hours away, a bogus header) fails the call at once
	// rather than parking the task.
	MaxServerWait = 10 * time.Minute
)

// A Handle is one agent of a Flow with its policies: per-call timeout,
// retries, and the agent's limit, shared by every task and Run of the Flow.
type Handle struct {
	flow     *Flow
	cfg      *AgentConfig
	agent    Agent
	provider string        // provider name reported in logs and errors
	model    string        // the agent's model: literal, from ModelEnv or WithModel; "" = provider default
	key      Secret        // the API key, only to scrub it from errors
	conc     chan struct{} // limit.concurrency; nil = unlimited
	rpm      *rate.Limiter // limit.requests_per_minute; nil = unlimited
	pause    atomic.Int64  // UnixNano until which calls are held (see pauseFor); 0 = none

	attempts            int
	backoff, maxBackoff time.Duration
}

func newHandle(f *Flow, cfg *AgentConfig) *Handle {
	r := cfg.Retry.WithDefaults()
	h := &Handle{
		flow:       f,
		cfg:        cfg,
		provider:   cfg.Provider,
		model:      cfg.Model,
		attempts:   r.Attempts,
		backoff:    r.Backoff,
		maxBackoff: r.MaxBackoff,
	}
	if n := cfg.Limit.Concurrency; n > 0 {
		h.conc = make(chan struct{}, n)
	}
	if n := cfg.Limit.RequestsPerMinute; n > 0 {
		// One request every minute/n, no burst: a provider's per-minute
		// quota is usually enforced over shorter windows too.
		h.rpm = rate.NewLimiter(rate.Every(time.Minute/time.Duration(n)), 1)
	}
	return h
}

// Agent returns the agent the handle calls.
func (h *Handle) Agent() Agent { return h.agent }

// call runs one task's request through the agent's limit, retries and
// timeout, and logs it when the task has log on.
//
// The common case (log off, no limit, no observer) runs on a short path of
// small frames: each task calls this on a fresh goroutine stack, and a
// chain of large frames makes the runtime grow (copy) that stack on every
// Run, which costs more than the rest of the call. Everything else lives
// in the functions this one calls only when needed.
func (h *Handle) call(ctx context.Context, t *Task, c *call) (*Response, error) {
	if t.Log {
		return h.callLogged(ctx, t, c)
	}
	resp, err := h.once(ctx, t, c, 1)
	if err != nil {
		resp, _, err = h.retry(ctx, t, c, err)
	}
	return resp, err
}

func (h *Handle) callLogged(ctx context.Context, t *Task, c *call) (*Response, error) {
	start := time.Now()
	h.logStart(ctx, t)
	tries := 1
	resp, err := h.once(ctx, t, c, 1)
	if err != nil {
		resp, tries, err = h.retry(ctx, t, c, err)
	}
	h.logDone(ctx, t, c.req.Kind, resp, tries, err, time.Since(start))
	return resp, err
}

// logStart and logDone are apart from callLogged so that the slog
// attributes they build stay out of the frames of a call.

func (h *Handle) logStart(ctx context.Context, t *Task) {
	h.flow.opts.logger.LogAttrs(ctx, slog.LevelInfo, "task start",
		slog.String("task", t.label()), slog.String("agent", h.cfg.Name),
		slog.String("provider", h.provider), slog.String("model", h.logModel()))
}

func (h *Handle) logDone(ctx context.Context, t *Task, kind Kind, resp *Response, tries int, err error, d time.Duration) {
	log := h.flow.opts.logger
	model := h.logModel()
	if resp != nil && resp.Model != "" {
		model = resp.Model
	}
	attrs := make([]slog.Attr, 0, 10)
	attrs = append(attrs,
		slog.String("task", t.label()), slog.String("agent", h.cfg.Name),
		slog.String("provider", h.provider), slog.String("model", model),
		slog.Duration("duration", d), slog.Int("attempts", tries))
	switch {
	case errors.Is(err, context.Canceled):
		// Not this task's failure: the Run was cancelled.
		log.LogAttrs(ctx, slog.LevelWarn, "task cancelled", append(attrs, slog.String("error", err.Error()))...)
	case err != nil:
		log.LogAttrs(ctx, slog.LevelError, "task failed", append(attrs, slog.String("error", err.Error()))...)
	default:
		attrs = append(attrs, slog.Int("output_size", outputSize(kind, resp)))
		if u := resp.Usage; u.InputTokens > 0 || u.OutputTokens > 0 {
			attrs = append(attrs, slog.Int("input_tokens", u.InputTokens), slog.Int("output_tokens", u.OutputTokens))
		}
		log.LogAttrs(ctx, slog.LevelInfo, "task done", attrs...)
	}
}

// retry follows a failed first try with up to h.attempts-1 more. Between
// tries it waits the server's Retry-After when given (it wins over
// max_backoff, docs/language.md#agent, up to [MaxServerWait]), else the exponential
// backoff of [Handle.backoffFor]. It is apart from call, which runs the
// first try, to keep the path of a call that succeeds at once short.
func (h *Handle) retry(ctx context.Context, t *Task, c *call, err error) (*Response, int, error) {
	resp, tries, err := h.retryLoop(ctx, t, c, err)
	return resp, tries, scrub(err, h.key.Reveal())
}

func (h *Handle) retryLoop(ctx context.Context, t *Task, c *call, err error) (*Response, int, error) {
	prompt := c.req.Prompt // as the task rendered it; a re-ask adds to it
	for try := 1; ; try++ {
		if ctx.Err() != nil {
			// The Run was cancelled: report that, not what the
			// cancellation did to the call.
			return nil, try, context.Cause(ctx)
		}
		var outErr *OutputError
		invalid := errors.As(err, &outErr)
		if !invalid && !Temporary(err) {
			return nil, try, err
		}
		if try >= h.attempts {
			if h.attempts > 1 {
				err = fmt.Errorf("giving up after %d attempts: %w", try, err)
			}
			return nil, try, err
		}
		if invalid {
			// The model answered, wrongly: ask again at once, saying
			// what was wrong. Waiting would not help it.
			c.req.Prompt = Reask(prompt, outErr)
			if t.Log {
				h.logRetry(ctx, t, try, 0, err)
			}
		} else if err := h.wait(ctx, t, try, err); err != nil {
			return nil, try, err
		}
		var resp *Response
		if resp, err = h.once(ctx, t, c, try+1); err == nil {
			return resp, try + 1, nil
		}
	}
}

// wait waits before the try after try, which failed with the temporary
// error err.
func (h *Handle) wait(ctx context.Context, t *Task, try int, err error) error {
	wait := h.backoffFor(try)
	var apiErr *APIError
	if errors.As(err, &apiErr) && apiErr.RetryAfter > 0 {
		if apiErr.RetryAfter > MaxServerWait {
			return fmt.Errorf("server asked to retry after %v, more than %v: %w", apiErr.RetryAfter, MaxServerWait, err)
		}
		wait = apiErr.RetryAfter
	}
	if t.Log {
		h.logRetry(ctx, t, try, wait, err)
	}
	return sleep(ctx, wait)
}

func (h *Handle) logRetry(ctx context.Context, t *Task, try int, wait time.Duration, err error) {
	h.flow.opts.logger.LogAttrs(ctx, slog.LevelWarn, "task retry",
		slog.String("task", t.label()), slog.String("agent", h.cfg.Name),
		slog.String("provider", h.provider), slog.Int("attempt", try),
		slog.Duration("wait", wait), slog.String("error", redact(err.Error(), h.key.Reveal())))
}

// backoffFor returns the wait after failed try n (1-based):
// backoff·2^(n-1), capped at max_backoff, scaled by a random factor in
// (0.75, 1] so that concurrent clients spread out.
func (h *Handle) backoffFor(n int) time.Duration {
	d := h.backoff
	for i := 1; i < n && d < h.maxBackoff; i++ {
		d *= 2
	}
	return jitter(min(d, h.maxBackoff))
}

// once makes one try: it waits out a server's Retry-After (see pauseFor)
// and the agent's limit, then calls the agent under the task's timeout.
func (h *Handle) once(ctx context.Context, t *Task, c *call, try int) (*Response, error) {
	if h.conc != nil || h.rpm != nil || h.pause.Load() != 0 {
		return h.onceLimited(ctx, t, c, try)
	}
	resp, err := h.attempt(ctx, t, c, try)
	if err != nil {
		h.holdOn(err)
	}
	return resp, err
}

func (h *Handle) onceLimited(ctx context.Context, t *Task, c *call, try int) (*Response, error) {
	if h.conc != nil {
		select {
		case h.conc <- struct{}{}:
			defer func() { <-h.conc }()
		case <-ctx.Done():
			return nil, context.Cause(ctx)
		}
	}
	// After taking a slot, so that no call that was queued for one
	// slips through a pause; before the rate limiter, so that calls
	// are spaced again after it.
	if err := h.waitPause(ctx); err != nil {
		return nil, err
	}
	if h.rpm != nil {
		if err := h.rpm.Wait(ctx); err != nil {
			if ctx.Err() != nil {
				return nil, context.Cause(ctx)
			}
			return nil, fmt.Errorf("requests_per_minute limit: %w", err)
		}
	}
	resp, err := h.attempt(ctx, t, c, try)
	if err != nil {
		h.holdOn(err) // before giving the slot back
	}
	return resp, err
}

// attempt calls the agent once under the task's timeout.
func (h *Handle) attempt(ctx context.Context, t *Task, c *call, try int) (*Response, error) {
	if h.flow.opts.observer != nil {
		return h.attemptObserved(ctx, t, c, try)
	}
	cc := c.context(ctx, t.CallTimeout(), try)
	resp, err := h.agent.Call(cc, &c.req)
	if err != nil || resp == nil {
		err = callError(ctx, cc, t, err)
		cc.release()
		return nil, err
	}
	cc.release()
	if c.req.Schema != nil {
		return decodeOutput(resp, c.req.Schema)
	}
	return resp, nil
}

// decodeOutput replaces a typed call's answer by its JSON value, or fails
// with the *OutputError that makes the runtime ask again.
func decodeOutput(resp *Response, s *Schema) (*Response, error) {
	body, err := s.Decode(resp.Text)
	if err != nil {
		return nil, err
	}
	resp.Text = body
	return resp, nil
}

func (h *Handle) attemptObserved(ctx context.Context, t *Task, c *call, try int) (*Response, error) {
	cc := c.context(ctx, t.CallTimeout(), try)
	defer cc.release()
	callCtx, end := h.flow.opts.observer.StartCall(cc, &c.req, try)
	resp, err := h.agent.Call(callCtx, &c.req)
	if err != nil || resp == nil {
		resp, err = nil, callError(ctx, cc, t, err)
	} else if c.req.Schema != nil {
		resp, err = decodeOutput(resp, c.req.Schema)
	}
	end(resp, scrub(err, h.key.Reveal()))
	return resp, err
}

// callError returns the error of a call that failed with err, or that
// returned neither a response nor an error (err nil). Call it before
// releasing cc.
func callError(ctx context.Context, cc *callContext, t *Task, err error) error {
	if err == nil {
		return errors.New("agent returned neither a response nor an error")
	}
	if ctx.Err() == nil && cc.Err() != nil {
		// Only the per-call timeout expired. Say so: the agent's
		// error is usually a bare "context deadline exceeded".
		return &timeoutError{t.CallTimeout(), err}
	}
	return err
}

// A timeoutError is a per-call timeout. It is temporary (retried) and
// matches context.DeadlineExceeded with errors.Is.
type timeoutError struct {
	d   time.Duration
	err error // what the agent returned
}

func (e *timeoutError) Error() string {
	if errors.Is(e.err, context.DeadlineExceeded) {
		return fmt.Sprintf("call timed out after %v", e.d)
	}
	return fmt.Sprintf("call timed out after %v: %v", e.d, e.err)
}

func (e *timeoutError) Unwrap() error { return e.err }

func (e *timeoutError) Is(target error) bool { return target == context.DeadlineExceeded }

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-t.C:
		return nil
	}
}

func outputSize(k Kind, r *Response) int {
	switch k {
	case KindImage:
		return len(r.Image.Data)
	case KindSpeech:
		return len(r.Audio.Data)
	case KindEmbed:
		return len(r.Embedding)
	}
	return len(r.Text)
}

// logModel is the model named in logs and to observers: the agent's own,
// else its provider's default for its kind (a custom agent has none).
func (h *Handle) logModel() string {
	if h.model != "" || h.provider == "custom" {
		return h.model
	}
	return DefaultModel(h.provider, h.cfg.Kind)
}

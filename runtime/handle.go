package runtime

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"time"

	"golang.org/x/time/rate"
)

// A Handle is one agent of a Flow with its policies: per-call timeout,
// retries, and the agent's limit, shared by every task and Run of the Flow.
type Handle struct {
	flow     *Flow
	cfg      *AgentConfig
	agent    Agent
	provider string        // provider name reported in logs and errors
	conc     chan struct{} // limit.concurrency; nil = unlimited
	rpm      *rate.Limiter // limit.requests_per_minute; nil = unlimited
}

func newHandle(f *Flow, cfg *AgentConfig) *Handle {
	h := &Handle{flow: f, cfg: cfg, provider: cfg.Provider}
	if n := cfg.Limit.Concurrency; n > 0 {
		h.conc = make(chan struct{}, n)
	}
	if n := cfg.Limit.RequestsPerMinute; n > 0 {
		h.rpm = rate.NewLimiter(rate.Every(time.Minute/time.Duration(n)), 1)
	}
	return h
}

// Agent returns the agent the handle calls.
func (h *Handle) Agent() Agent { return h.agent }

// call runs one task's request through the limit, retries and timeout.
func (h *Handle) call(ctx context.Context, t *Task, req *Request) (*Response, error) {
	var start time.Time
	if t.Log {
		start = time.Now()
		h.flow.opts.logger.LogAttrs(ctx, slog.LevelInfo, "task start",
			slog.String("task", t.Name), slog.String("agent", h.cfg.Name),
			slog.String("provider", h.provider), slog.String("model", h.cfg.Model))
	}
	resp, err := h.retry(ctx, t, req)
	if t.Log {
		attrs := []slog.Attr{
			slog.String("task", t.Name), slog.String("agent", h.cfg.Name),
			slog.String("provider", h.provider), slog.String("model", h.cfg.Model),
			slog.Duration("duration", time.Since(start)),
		}
		if err != nil {
			h.flow.opts.logger.LogAttrs(ctx, slog.LevelError, "task failed", append(attrs, slog.Any("error", err))...)
		} else {
			h.flow.opts.logger.LogAttrs(ctx, slog.LevelInfo, "task done", append(attrs, slog.Int("output_size", outputSize(req.Kind, resp)))...)
		}
	}
	return resp, err
}

func (h *Handle) retry(ctx context.Context, t *Task, req *Request) (*Response, error) {
	attempts := max(h.cfg.Retry.Attempts, 1)
	backoff := h.cfg.Retry.Backoff
	for try := 1; ; try++ {
		resp, err := h.once(ctx, t, req)
		if err == nil {
			if resp == nil {
				return nil, errors.New("agent returned no response and no error")
			}
			return resp, nil
		}
		if try >= attempts || ctx.Err() != nil || !Temporary(err) {
			return nil, err
		}
		wait := jitter(backoff)
		var apiErr *APIError
		if errors.As(err, &apiErr) && apiErr.RetryAfter > 0 {
			wait = apiErr.RetryAfter
		}
		if m := h.cfg.Retry.MaxBackoff; m > 0 && wait > m {
			wait = m
		}
		if err := sleep(ctx, wait); err != nil {
			return nil, err
		}
		backoff *= 2
	}
}

// once makes one try: it waits for the agent's limit, then calls the agent
// under the task's timeout.
func (h *Handle) once(ctx context.Context, t *Task, req *Request) (*Response, error) {
	if h.conc != nil {
		select {
		case h.conc <- struct{}{}:
			defer func() { <-h.conc }()
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if h.rpm != nil {
		if err := h.rpm.Wait(ctx); err != nil {
			return nil, err
		}
	}
	if t.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, t.Timeout)
		defer cancel()
	}
	return h.agent.Call(ctx, req)
}

// Temporary reports whether err is worth retrying: an [APIError] that says
// so, a network error, or a response cut short. Context errors are not.
func Temporary(err error) bool {
	if errors.Is(err, context.Canceled) {
		return false
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.Temporary()
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	var netErr net.Error
	return errors.As(err, &netErr)
}

// jitter returns d scaled by a random factor in [0.75, 1.25).
func jitter(d time.Duration) time.Duration {
	return time.Duration(float64(d) * (0.75 + rand.Float64()/2))
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
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

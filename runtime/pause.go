package runtime

import (
	"context"
	"errors"
	"time"
)

// A server's Retry-After speaks for the account, not for the one request
// it answers: while it lasts, every request of the same agent would get a
// 429 too. So a Handle holds all of its calls that have not started yet
// until the wait is over, and the Runs of a batch slow down together
// instead of each collecting 429s until it runs out of attempts.

// holdOn holds the agent's calls for the Retry-After of err, if it is a
// temporary APIError that gives one. A wait over MaxServerWait fails the
// call instead (see Handle.retryLoop) and holds nothing.
func (h *Handle) holdOn(err error) {
	var apiErr *APIError
	if errors.As(err, &apiErr) && apiErr.RetryAfter > 0 && apiErr.RetryAfter <= MaxServerWait && apiErr.Temporary() {
		h.pauseFor(apiErr.RetryAfter)
	}
}

// pauseFor holds the agent's calls that have not started yet for d from
// now, unless they are already held longer.
func (h *Handle) pauseFor(d time.Duration) {
	until := time.Now().Add(d).UnixNano()
	for {
		p := h.pause.Load()
		if p >= until || h.pause.CompareAndSwap(p, until) {
			return
		}
	}
}

// waitPause waits until the agent's calls are no longer held.
func (h *Handle) waitPause(ctx context.Context) error {
	for {
		p := h.pause.Load()
		if p == 0 {
			return nil
		}
		d := time.Until(time.Unix(0, p))
		if d <= 0 {
			h.pause.CompareAndSwap(p, 0) // over: back to the short path
			return nil
		}
		if err := sleep(ctx, d); err != nil {
			return err
		}
	}
}

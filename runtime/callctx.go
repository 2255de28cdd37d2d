package runtime

import (
	"context"
	"sync"
	"time"
)

// A callContext is the context of one agent call: its parent's, with the
// task's per-call timeout. It behaves like context.WithTimeout's, but it
// reads the clock when the agent first consults it (Deadline, Done or
// Err), and arms a timer and registers with its parent only when someone
// waits on Done. An agent that answers without looking at its context
// (the simulator, an in-process custom agent) then costs one allocation
// instead of a clock read, a timer, a cancel context and an entry in the
// Run context's children map. Every provider client consults it as it
// starts its request, so for them the timeout runs from the call's start;
// an in-process agent's runs from its first look. Err checks the deadline
// itself, so an expired call is reported whether or not the timer was
// armed.
type callContext struct {
	context.Context // the parent
	timeout         time.Duration

	mu       sync.Mutex
	deadline time.Time     // set on first use
	err      error         // set once: the parent's error, DeadlineExceeded, or Canceled by release
	done     chan struct{} // set by the first Done; closed once err is set
	timer    *time.Timer   // armed by the first Done while err is nil
	stop     func() bool   // stops watching the parent
}

// closedchan is the Done of a call already over when Done is first called.
var closedchan = make(chan struct{})

func init() { close(closedchan) }

func newCallContext(parent context.Context, timeout time.Duration) *callContext {
	return &callContext{Context: parent, timeout: timeout}
}

// A call is one task's request to its agent, with the context of its
// first try: allocated together, as one task's call costs one allocation.
type call struct {
	req Request
	cc  callContext
}

// context returns the context of try (1-based) under parent: the one
// allocated with the call for the first try, a new one for a retry.
func (c *call) context(parent context.Context, timeout time.Duration, try int) *callContext {
	if try == 1 {
		c.cc = callContext{Context: parent, timeout: timeout}
		return &c.cc
	}
	return newCallContext(parent, timeout)
}

// Deadline returns the earlier of the parent's deadline and the call's.
func (c *callContext) Deadline() (time.Time, bool) {
	c.mu.Lock()
	deadline := c.startLocked()
	c.mu.Unlock()
	if d, ok := c.Context.Deadline(); ok && d.Before(deadline) {
		return d, true
	}
	return deadline, true
}

// startLocked returns the call's deadline, set from the clock on first
// use. c.mu is held.
func (c *callContext) startLocked() time.Time {
	if c.deadline.IsZero() {
		c.deadline = time.Now().Add(c.timeout)
	}
	return c.deadline
}

// Done returns a channel closed when the parent is done, the deadline
// passes, or the call is released.
func (c *callContext) Done() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done != nil {
		return c.done
	}
	if c.err == nil {
		c.err = c.expired()
	}
	if c.err != nil {
		c.done = closedchan
		return c.done
	}
	c.done = make(chan struct{})
	c.timer = time.AfterFunc(time.Until(c.startLocked()), func() { c.cancel(context.DeadlineExceeded) })
	c.stop = context.AfterFunc(c.Context, func() { c.cancel(c.Context.Err()) })
	return c.done
}

// Err returns nil while the call may go on, else why it may not.
func (c *callContext) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err == nil {
		if err := c.expired(); err != nil {
			c.endLocked(err)
		}
	}
	return c.err
}

// expired returns the parent's error, or DeadlineExceeded once the
// deadline has passed, or nil. c.mu is held.
func (c *callContext) expired() error {
	if err := c.Context.Err(); err != nil {
		return err
	}
	if !time.Now().Before(c.startLocked()) {
		return context.DeadlineExceeded
	}
	return nil
}

// cancel ends the call with err unless it has already ended.
func (c *callContext) cancel(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err == nil {
		c.endLocked(err)
	}
}

// endLocked ends the call with err: it closes done (if made) and disarms
// the timer and the parent watch. c.mu is held and c.err is nil, so done,
// if made, is open: Done makes it open only while c.err is nil.
func (c *callContext) endLocked(err error) {
	c.err = err
	if c.done != nil {
		close(c.done)
	}
	if c.timer != nil {
		c.timer.Stop()
	}
	if c.stop != nil {
		c.stop()
	}
}

// release ends the call, as a WithDeadline's cancel does: the context is
// Canceled from now on (unless it was already done) and its timer freed.
func (c *callContext) release() { c.cancel(context.Canceled) }

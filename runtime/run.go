package runtime

import (
	"context"
	"errors"
	"strings"
	"sync"
)

// A Run is one execution of a generated flow's Run: it tracks the task
// goroutines, caps agent calls in flight (max_parallel) and collects
// failures per the flow's on_error.
type Run struct {
	flow   *Flow
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	sem    chan struct{} // nil = unlimited

	mu   sync.Mutex
	errs []error
}

// Start begins a Run under ctx.
func (f *Flow) Start(ctx context.Context) *Run {
	ctx, cancel := context.WithCancel(ctx)
	r := &Run{flow: f, ctx: ctx, cancel: cancel}
	if n := f.cfg.MaxParallel; n > 0 {
		r.sem = make(chan struct{}, n)
	}
	return r
}

// Go runs fn in a new goroutine that Wait waits for.
func (r *Run) Go(fn func()) {
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		fn()
	}()
}

// Wait waits for every goroutine started with Go and returns the Run's
// error: nil, the first *TaskError (on_error "cancel"), or every
// *TaskError joined (on_error "continue").
func (r *Run) Wait() error {
	r.wg.Wait()
	r.cancel()
	switch {
	case len(r.errs) == 0:
		return nil
	case r.flow.cfg.OnError == Continue:
		return errors.Join(r.errs...)
	}
	return r.errs[0]
}

// fail records err; under on_error "cancel" the first failure cancels
// the Run, and later ones (usually caused by that cancellation) are dropped.
func (r *Run) fail(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.flow.cfg.OnError != Continue {
		if len(r.errs) > 0 {
			return
		}
		r.cancel()
	}
	r.errs = append(r.errs, err)
}

// Text calls t's agent h for a text task. ok is false when the task failed
// or the Run was cancelled; the task must then end without sending.
func (r *Run) Text(t *Task, h *Handle, prompt string) (string, bool) {
	resp, ok := r.call(t, h, &Request{Prompt: prompt})
	if !ok {
		return "", false
	}
	return resp.Text, true
}

// Vision calls a vision task's agent with its prompt and image.
func (r *Run) Vision(t *Task, h *Handle, prompt string, img Image) (string, bool) {
	resp, ok := r.call(t, h, &Request{Prompt: prompt, Image: &img})
	if !ok {
		return "", false
	}
	return resp.Text, true
}

// Recognize calls a recognition task's agent with its audio and prompt
// (a hint, possibly empty).
func (r *Run) Recognize(t *Task, h *Handle, prompt string, audio Audio) (string, bool) {
	resp, ok := r.call(t, h, &Request{Prompt: prompt, Audio: &audio})
	if !ok {
		return "", false
	}
	return resp.Text, true
}

// Image calls an image task's agent.
func (r *Run) Image(t *Task, h *Handle, prompt string) (Image, bool) {
	resp, ok := r.call(t, h, &Request{Prompt: prompt})
	if !ok {
		return Image{}, false
	}
	return resp.Image, true
}

// Speech calls a speech task's agent.
func (r *Run) Speech(t *Task, h *Handle, prompt string) (Audio, bool) {
	resp, ok := r.call(t, h, &Request{Prompt: prompt})
	if !ok {
		return Audio{}, false
	}
	return resp.Audio, true
}

// Embed calls an embed task's agent.
func (r *Run) Embed(t *Task, h *Handle, prompt string) (Embedding, bool) {
	resp, ok := r.call(t, h, &Request{Prompt: prompt})
	if !ok {
		return nil, false
	}
	return resp.Embedding, true
}

func (r *Run) call(t *Task, h *Handle, req *Request) (*Response, bool) {
	a := t.Agent
	req.Task, req.Agent, req.Kind, req.Model, req.Mission = t.Name, a.Name, a.Kind, a.Model, a.Mission
	req.Params, req.Provider = &t.Params, h.provider
	if r.sem != nil {
		select {
		case r.sem <- struct{}{}:
			defer func() { <-r.sem }()
		case <-r.ctx.Done():
			r.fail(&TaskError{Task: t.Name, Agent: a.Name, Provider: h.provider, Err: r.ctx.Err()})
			return nil, false
		}
	}
	resp, err := h.call(r.ctx, t, req)
	if err != nil {
		r.fail(&TaskError{Task: t.Name, Agent: a.Name, Provider: h.provider, Err: err})
		return nil, false
	}
	return resp, true
}

// Prompt joins a task's rendered input and its after outputs with "\n\n",
// leaving out the input when it rendered empty (SPEC §3.4).
func Prompt(input string, after ...string) string {
	n := len(after)
	if input != "" {
		n++
	}
	parts := make([]string, 0, n)
	if input != "" {
		parts = append(parts, input)
	}
	parts = append(parts, after...)
	return strings.Join(parts, "\n\n")
}

package runtime

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
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
	end    func(error)   // the observer's, or nil

	mu   sync.Mutex
	errs []error
}

// Start begins a Run under ctx.
func (f *Flow) Start(ctx context.Context) *Run {
	r := &Run{flow: f}
	if obs := f.opts.observer; obs != nil {
		ctx, r.end = obs.StartRun(ctx, f.cfg)
	}
	r.ctx, r.cancel = context.WithCancel(ctx)
	if n := f.cfg.MaxParallel; n > 0 {
		r.sem = make(chan struct{}, n)
	}
	return r
}

// Go runs fn in a new goroutine that Wait waits for.
func (r *Run) Go(fn func()) { r.wg.Go(fn) }

// A Gate starts one task's goroutine when all of its inputs have arrived:
// when its function is set (Go) and each of its predecessors has ended
// (Arrive), in any order. Generated code makes every task's gate before
// it starts any task, and each task arrives at its successors' gates as
// it ends, after closing its channels. So a task starts the moment its
// last input arrives, finds every input ready, and never waits on a
// channel; and only the tasks that can run have a goroutine, so a Run of
// thousands of tasks keeps a few goroutine stacks warm, not thousands.
type Gate struct {
	pending atomic.Int32 // inputs still to arrive, plus 1 until Go
	fn      func()
}

// Gate returns the gate of a task with inputs predecessors. Wait waits
// for its goroutine, which always starts: a predecessor that fails or is
// skipped arrives too, having closed its channels without a value. The
// task's function must call Done as it ends.
func (r *Run) Gate(inputs int) *Gate {
	r.wg.Add(1)
	g := &Gate{}
	g.pending.Store(int32(inputs) + 1)
	return g
}

// Go sets the task's function, which runs in a new goroutine once every
// input has arrived (at once for a task without predecessors).
func (g *Gate) Go(fn func()) {
	g.fn = fn
	g.Arrive()
}

// Arrive records that one predecessor of the task has ended; the last one
// (or Go, if later) starts the task.
func (g *Gate) Arrive() {
	if g.pending.Add(-1) == 0 {
		go g.fn()
	}
}

// Done marks the end of a task goroutine started by a Gate.
func (r *Run) Done() { r.wg.Done() }

// Wait waits for every goroutine started with Go and returns the Run's
// error: nil, the first *TaskError (on_error "cancel"), or every
// *TaskError joined (on_error "continue").
func (r *Run) Wait() error {
	r.wg.Wait()
	r.cancel()
	var err error
	switch {
	case len(r.errs) == 0:
	case r.flow.cfg.OnError == Continue:
		err = errors.Join(r.errs...)
	default:
		err = r.errs[0]
	}
	if r.end != nil {
		r.end(err)
	}
	return err
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
	resp, ok := r.call(t, h, &call{req: Request{Prompt: prompt}})
	if !ok {
		return "", false
	}
	return resp.Text, true
}

// Vision calls a vision task's agent with its prompt and images, in
// order.
func (r *Run) Vision(t *Task, h *Handle, prompt string, images ...Image) (string, bool) {
	resp, ok := r.call(t, h, &call{req: Request{Prompt: prompt, Images: images}})
	if !ok {
		return "", false
	}
	return resp.Text, true
}

// Recognize calls a recognition task's agent with its audio and prompt
// (a hint, possibly empty).
func (r *Run) Recognize(t *Task, h *Handle, prompt string, audio Audio) (string, bool) {
	resp, ok := r.call(t, h, &call{req: Request{Prompt: prompt, Audio: &audio}})
	if !ok {
		return "", false
	}
	return resp.Text, true
}

// Image calls an image task's agent.
func (r *Run) Image(t *Task, h *Handle, prompt string) (Image, bool) {
	resp, ok := r.call(t, h, &call{req: Request{Prompt: prompt}})
	if !ok {
		return Image{}, false
	}
	return resp.Image, true
}

// Speech calls a speech task's agent.
func (r *Run) Speech(t *Task, h *Handle, prompt string) (Audio, bool) {
	resp, ok := r.call(t, h, &call{req: Request{Prompt: prompt}})
	if !ok {
		return Audio{}, false
	}
	return resp.Audio, true
}

// Embed calls an embed task's agent.
func (r *Run) Embed(t *Task, h *Handle, prompt string) (Embedding, bool) {
	resp, ok := r.call(t, h, &call{req: Request{Prompt: prompt}})
	if !ok {
		return nil, false
	}
	return resp.Embedding, true
}

// call makes t's request under the Run's max_parallel. A task of a Run
// already cancelled makes no call; under on_error "cancel" its error is
// then dropped, as the Run already has one (or the caller cancelled).
func (r *Run) call(t *Task, h *Handle, c *call) (*Response, bool) {
	h.fill(t, &c.req)
	if t.elem != nil {
		return r.callElem(t, h, c)
	}
	if r.sem != nil || r.flow.opts.observer != nil {
		return r.callSlow(t, h, c)
	}
	if r.ctx.Err() != nil {
		r.failTask(t, h, context.Cause(r.ctx))
		return nil, false
	}
	resp, err := h.call(r.ctx, t, c)
	if err != nil {
		r.failTask(t, h, err)
		return nil, false
	}
	return resp, true
}

// callSlow is call with max_parallel or an observer: apart from call to
// keep the frames of the common case small (see Handle.call).
func (r *Run) callSlow(t *Task, h *Handle, c *call) (*Response, bool) {
	return r.callIn(r.ctx, t, h, c)
}

// callIn makes t's request under ctx (the Run's, or a for_each task's
// group's), within max_parallel and with the observer.
func (r *Run) callIn(ctx context.Context, t *Task, h *Handle, c *call) (*Response, bool) {
	if ctx.Err() != nil {
		r.failTask(t, h, context.Cause(ctx))
		return nil, false
	}
	if r.sem != nil {
		select {
		case r.sem <- struct{}{}:
			defer func() { <-r.sem }()
		case <-ctx.Done():
			r.failTask(t, h, context.Cause(ctx))
			return nil, false
		}
	}
	var end func(error)
	if obs := r.flow.opts.observer; obs != nil {
		ctx, end = obs.StartTask(ctx, t, h.provider)
	}
	resp, err := h.call(ctx, t, c)
	if end != nil {
		end(err)
	}
	if err != nil {
		r.failTask(t, h, err)
		return nil, false
	}
	return resp, true
}

// failTask records task t's failure; it is apart from call to keep call's
// frame small.
func (r *Run) failTask(t *Task, h *Handle, err error) {
	item := -1
	if e := t.elem; e != nil {
		if !e.group.first.CompareAndSwap(false, true) {
			return // a sibling failed first: this call was cancelled by it
		}
		item = e.index
	}
	r.fail(&TaskError{Task: t.Name, Agent: t.Agent.Name, Provider: h.provider, Item: item, Err: err})
}

// Prompt joins a task's rendered input and its after outputs with "\n\n",
// leaving out the input when it rendered empty (docs/language.md#the-prompt).
func Prompt(input string, after ...string) string {
	switch {
	case len(after) == 0:
		return input
	case input == "" && len(after) == 1:
		return after[0]
	}
	n := len(input) + 2*len(after)
	for _, s := range after {
		n += len(s)
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteString(input)
	for i, s := range after {
		if i > 0 || input != "" {
			b.WriteString("\n\n")
		}
		b.WriteString(s)
	}
	return b.String()
}

package runtime

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"
)

// An element is what the copy of a for_each task for one element carries:
// its index, and the group of its siblings.
type element struct {
	index int
	group *group
}

// A group is one for_each task's calls in one Run.
type group struct {
	ctx   context.Context // cancelled when an element fails
	first atomic.Bool     // an element's failure has been recorded
}

// Each runs a for_each task t (docs/language.md#fan-out): it calls call
// once per element index in [0, n), each in its own goroutine, with at
// most concurrency of them running at once (0: no cap of the task's own;
// the flow's max_parallel and the agent's limit still hold). call makes
// the element's agent call with et, a copy of t that names the element:
// the simulator sees the task as "t[i]", and a failure is a *TaskError
// whose Item is i. The first element that fails cancels its siblings,
// whose errors are then dropped. Each returns whether every call
// succeeded; with n == 0 it makes no call and returns true.
func (r *Run) Each(t *Task, n, concurrency int, call func(et *Task, i int) bool) bool {
	if n == 0 {
		return true
	}
	ctx, cancel := context.WithCancel(r.ctx)
	defer cancel()
	g := &group{ctx: ctx}
	// One allocation each for every element's task and element, not one
	// per element: the per-element cost is what fan-out adds to a call.
	tasks, elems := make([]Task, n), make([]element, n)
	var sem chan struct{}
	if concurrency > 0 && concurrency < n {
		sem = make(chan struct{}, concurrency)
	}
	var (
		wg      sync.WaitGroup
		failed  atomic.Bool
		stopped bool
	)
	for i := range n {
		if sem != nil {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
			}
		}
		if i > 0 && done(ctx) {
			// A sibling failed, or the Run was cancelled: the elements in
			// flight fail with it. (The first element always starts, so
			// that a Run cancelled early still records this task's
			// failure, as a task without for_each does.)
			stopped = true
			break
		}
		et := &tasks[i]
		*et = *t
		elems[i] = element{index: i, group: g}
		et.elem = &elems[i]
		wg.Go(func() {
			if sem != nil {
				defer func() { <-sem }()
			}
			if !call(et, i) {
				failed.Store(true)
				cancel()
			}
		})
	}
	wg.Wait()
	return !failed.Load() && !stopped
}

// done reports whether ctx is done without taking its lock, which the
// calls in flight contend for as they derive their own contexts.
func done(ctx context.Context) bool {
	select {
	case <-ctx.Done():
		return true
	default:
		return false
	}
}

// callElem is call for one element of a for_each task: under the
// element's context, named "t[i]" in the request.
func (r *Run) callElem(t *Task, h *Handle, c *call) (*Response, bool) {
	c.req.Task = t.label()
	return r.callIn(t.elem.group.ctx, t, h, c)
}

// label is the task's name in requests and logs: its label, and for an
// element of a for_each task the label and the element's index, t[i].
func (t *Task) label() string {
	if t.elem == nil {
		return t.Name
	}
	var buf [64]byte
	name := append(append(buf[:0], t.Name...), '[')
	name = append(strconv.AppendInt(name, int64(t.elem.index), 10), ']')
	return string(name)
}

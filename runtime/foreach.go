package runtime

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// An element is one call of a for_each task: a copy of the task that
// carries the element's index, its name t[i] and its siblings' group.
// [Run.Each] allocates every element of a task at once.
type element struct {
	Task
	index int
	name  string // t[i], a slice of one string shared by the siblings
	group *group
}

// A group is one for_each task's calls in one Run.
type group struct {
	ctx    context.Context // cancelled when an element fails
	cancel context.CancelFunc
	first  atomic.Bool // an element's failure has been recorded
	failed atomic.Bool // an element's call failed
	sem    chan struct{}
	wg     sync.WaitGroup
	call   func(et *Task, i int) bool
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
	g := &group{call: call}
	g.ctx, g.cancel = context.WithCancel(r.ctx)
	defer g.cancel()
	if concurrency > 0 && concurrency < n {
		g.sem = make(chan struct{}, concurrency)
	}
	// One allocation for every element and one for all their names, not
	// one per element: the per-element cost is what fan-out adds to a call.
	elems := make([]element, n)
	names(t.Name, elems)
	stopped := false
	for i := range elems {
		if g.sem != nil {
			select {
			case g.sem <- struct{}{}:
			case <-g.ctx.Done():
			}
		}
		if i > 0 && done(g.ctx) {
			// A sibling failed, or the Run was cancelled: the elements in
			// flight fail with it. (The first element always starts, so
			// that a Run cancelled early still records this task's
			// failure, as a task without for_each does.)
			stopped = true
			break
		}
		e := &elems[i]
		e.Task = *t
		e.Task.elem = e
		e.index, e.group = i, g
		g.wg.Add(1)
		go g.run(e)
	}
	g.wg.Wait()
	return !g.failed.Load() && !stopped
}

// run is the goroutine of element e.
func (g *group) run(e *element) {
	defer g.wg.Done()
	if g.sem != nil {
		defer func() { <-g.sem }()
	}
	if !g.call(&e.Task, e.index) {
		g.failed.Store(true)
		g.cancel()
	}
}

// names sets each element's name, t[i], as a slice of one string.
func names(task string, elems []element) {
	n := len(elems)
	size := n * (len(task) + 2)
	for p := 10; p <= n-1; p *= 10 {
		size += n - p // the indexes with more than this many digits
	}
	size += n // every index's first digit
	var b strings.Builder
	b.Grow(size)
	var num [20]byte
	ends := 0
	for i := range elems {
		b.WriteString(task)
		b.WriteByte('[')
		b.Write(strconv.AppendInt(num[:0], int64(i), 10))
		b.WriteByte(']')
		elems[i].index = ends // the name's start, until the name is set
		ends = b.Len()
	}
	s := b.String()
	for i := range elems {
		end := len(s)
		if i+1 < n {
			end = elems[i+1].index
		}
		elems[i].name = s[elems[i].index:end]
	}
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
	c.req.Task = t.elem.name
	return r.callIn(t.elem.group.ctx, t, h, c)
}

// label is the task's name in requests and logs: its label, and for an
// element of a for_each task the label and the element's index, t[i].
func (t *Task) label() string {
	if t.elem == nil {
		return t.Name
	}
	return t.elem.name
}

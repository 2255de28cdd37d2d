package runtime

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// An element is a worker's copy of a for_each task: it carries the index
// of the element the worker is calling, and the group of its siblings.
type element struct {
	Task
	index int
	group *group
}

// A group is one for_each task's calls in one Run.
type group struct {
	ctx     context.Context // cancelled when an element fails
	cancel  context.CancelFunc
	task    *Task
	n       int
	call    func(et *Task, i int) bool
	names   string       // every element's name, t[0]t[1]..., in order
	next    atomic.Int64 // the index of the next element to call
	first   atomic.Bool  // an element's failure has been recorded
	failed  atomic.Bool  // an element's call failed
	stopped atomic.Bool  // an element was not called: the group was cancelled
	wg      sync.WaitGroup
}

// Each runs a for_each task t (docs/language.md#fan-out): it calls call
// once per element index in [0, n), concurrently, with at most
// concurrency of them running at once (0: no cap of the task's own;
// the flow's max_parallel and the agent's limit still hold). call makes
// the element's agent call with et, a copy of t that names the element:
// the simulator sees the task as "t[i]", and a failure is a *TaskError
// whose Item is i. The first element that fails cancels its siblings,
// whose errors are then dropped. Each returns whether every call
// succeeded; with n == 0 it makes no call and returns true.
//
// The elements go to workers, up to concurrency of them (n without a
// cap), each calling the next element not yet taken until none is left;
// Each starts a worker only while an element is left. A call that waits
// on its agent keeps its worker, so that every element is in flight at
// once when the agents are slow; when they are fast, a worker calls
// several elements in turn, on one task copy and one goroutine stack.
func (r *Run) Each(t *Task, n, concurrency int, call func(et *Task, i int) bool) bool {
	if n == 0 {
		return true
	}
	g := &group{task: t, n: n, call: call, names: names(t.Name, n)}
	g.ctx, g.cancel = context.WithCancel(r.ctx)
	defer g.cancel()
	workers := n
	if concurrency > 0 && concurrency < n {
		workers = concurrency
	}
	for range workers {
		if g.next.Load() >= int64(n) {
			break
		}
		g.wg.Add(1)
		go g.work()
	}
	g.wg.Wait()
	return !g.failed.Load() && !g.stopped.Load()
}

// work is one worker's goroutine: it calls elements until none is left,
// or until a sibling has failed.
func (g *group) work() {
	defer g.wg.Done()
	var e *element
	for {
		i := int(g.next.Add(1) - 1)
		if i >= g.n {
			return
		}
		if i > 0 && done(g.ctx) {
			// A sibling failed, or the Run was cancelled: the elements in
			// flight fail with it. (The first element always runs, so
			// that a Run cancelled early still records this task's
			// failure, as a task without for_each does.)
			g.stopped.Store(true)
			return
		}
		if e == nil {
			e = &element{Task: *g.task, group: g}
			e.Task.elem = e
		}
		e.index = i
		if !g.call(&e.Task, i) {
			g.failed.Store(true)
			g.cancel()
		}
	}
}

// names is every element's name, t[i], for i in [0, n), in one string.
func names(task string, n int) string {
	var b strings.Builder
	b.Grow(nameStart(len(task), n))
	var num [20]byte
	for i := range n {
		b.WriteString(task)
		b.WriteByte('[')
		b.Write(strconv.AppendInt(num[:0], int64(i), 10))
		b.WriteByte(']')
	}
	return b.String()
}

// nameStart is where element i's name starts in names for a task whose
// label has size bytes: after i names of size+2 bytes and the digits of
// the indexes before i.
func nameStart(size, i int) int {
	start := i * (size + 2)
	start += i // every index's first digit
	for p := 10; p < i; p *= 10 {
		start += i - p // the indexes with more digits than p-1 has
	}
	return start
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
//
// Label is what an Observer names the task by: for an element, call it
// before the element's call ends, since an element's Task is reused.
func (t *Task) Label() string { return t.label() }

func (t *Task) label() string {
	if t.elem == nil {
		return t.Name
	}
	e := t.elem
	size := len(e.group.task.Name)
	return e.group.names[nameStart(size, e.index):nameStart(size, e.index+1)]
}

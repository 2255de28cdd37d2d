package temporal

import (
	"go.temporal.io/sdk/workflow"

	"github.com/intelligen/intelligen/runtime"
)

// An element is one element of a for_each task's calls, carried by the
// element's workflow context: its index, and the group of its siblings.
type element struct {
	index int
	group *group
}

// A group is one for_each task's calls in one Run. Workflow coroutines
// run one at a time, so its fields need no lock.
type group struct {
	failed bool // an element's failure has been recorded
}

type elementKey struct{}

// elementOf returns the element ctx carries, or nil outside Each.
func elementOf(ctx workflow.Context) *element {
	e, _ := ctx.Value(elementKey{}).(*element)
	return e
}

// Each runs a for_each task t (docs/language.md#fan-out) as
// runtime.Run.Each does: it calls call once per element index in [0, n),
// each in its own workflow coroutine, with at most concurrency of them
// running at once (0: no cap of the task's own; the flow's max_parallel
// still holds). call executes the element's activity with Call in ectx,
// which names the element: the activity's request names the task "t[i]",
// and a failure is a *runtime.TaskError whose Item is i. The first
// element that fails cancels its siblings, whose errors are then
// dropped. Each returns whether every call succeeded; with n == 0 it
// makes no call and returns true.
func (r *Run) Each(ctx workflow.Context, t *runtime.Task, n, concurrency int, call func(ectx workflow.Context, i int) bool) bool {
	if n == 0 {
		return true
	}
	gctx, cancel := workflow.WithCancel(ctx)
	defer cancel()
	g := &group{}
	var sem workflow.Semaphore
	if concurrency > 0 && concurrency < n {
		sem = workflow.NewSemaphore(gctx, int64(concurrency))
	}
	wg := workflow.NewWaitGroup(ctx)
	failed, stopped := false, false
	for i := range n {
		if sem != nil {
			_ = sem.Acquire(gctx, 1) // fails only when gctx is cancelled: checked next
		}
		if i > 0 && gctx.Err() != nil {
			// A sibling failed, or the Run was cancelled: the elements in
			// flight fail with it. (The first element always starts, so
			// that a Run cancelled early still records this task's
			// failure, as a task without for_each does.)
			stopped = true
			break
		}
		ectx := workflow.WithValue(gctx, elementKey{}, &element{index: i, group: g})
		wg.Add(1)
		workflow.Go(ectx, func(ectx workflow.Context) {
			defer wg.Done()
			if sem != nil {
				defer sem.Release(1)
			}
			if !call(ectx, i) {
				failed = true
				cancel()
			}
		})
	}
	wg.Wait(ctx)
	return !failed && !stopped
}

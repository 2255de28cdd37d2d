package temporal

import (
	"errors"
	"strings"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/intelligen/intelligen/runtime"
)

// A Run is one execution of a generated Workflow, on the workflow side:
// it tracks the task coroutines, caps activities in flight (max_parallel)
// and collects failures per the flow's on_error, as runtime.Run does for
// Run.
type Run struct {
	cfg    *runtime.FlowConfig
	root   workflow.Context // the workflow's own
	ctx    workflow.Context // cancelled at the first failure under on_error "cancel"
	cancel workflow.CancelFunc
	wg     workflow.WaitGroup
	sem    workflow.Semaphore // nil = unlimited
	errs   []*runtime.TaskError
}

// Start begins a Run of the flow cfg in the workflow ctx.
func Start(ctx workflow.Context, cfg *runtime.FlowConfig) *Run {
	r := &Run{cfg: cfg, root: ctx, wg: workflow.NewWaitGroup(ctx)}
	r.ctx, r.cancel = workflow.WithCancel(ctx)
	if n := cfg.MaxParallel; n > 0 {
		r.sem = workflow.NewSemaphore(ctx, int64(n))
	}
	return r
}

// Go runs one task's fn in a new workflow coroutine that Wait waits for.
func (r *Run) Go(fn func(ctx workflow.Context)) {
	r.wg.Add(1)
	workflow.Go(r.ctx, func(ctx workflow.Context) {
		defer r.wg.Done()
		fn(ctx)
	})
}

// ActivityName returns the name of task t's activity in flow cfg:
// "<flow>.<task>".
func ActivityName(cfg *runtime.FlowConfig, t *runtime.Task) string {
	return cfg.Name + "." + t.Name
}

// Call executes task t's activity with in, under the Run's max_parallel,
// and returns its result. ok is false when the task failed or the Run was
// cancelled; the task must then end without sending.
func Call[T any](ctx workflow.Context, r *Run, t *runtime.Task, in Request) (v T, ok bool) {
	item := -1
	e := elementOf(ctx)
	if e != nil {
		item = e.index
		in.Item = &e.index
	}
	failed := func(err error) (T, bool) {
		if e != nil {
			if e.group.failed {
				return v, false // a sibling failed first: this call was cancelled by it
			}
			e.group.failed = true
		}
		r.fail(t, item, err)
		return v, false
	}
	if ctx.Err() != nil {
		return failed(ctx.Err())
	}
	if r.sem != nil {
		if err := r.sem.Acquire(ctx, 1); err != nil {
			return failed(err)
		}
		defer r.sem.Release(1)
	}
	actx := workflow.WithActivityOptions(ctx, ActivityOptions(t))
	if err := workflow.ExecuteActivity(actx, ActivityName(r.cfg, t), in).Get(actx, &v); err != nil {
		return failed(err)
	}
	return v, true
}

// fail records task t's failure (of its element item, or -1); under on_error "cancel" the first one
// cancels the Run, and later ones (usually caused by that cancellation)
// are dropped.
func (r *Run) fail(t *runtime.Task, item int, err error) {
	if r.cfg.OnError != runtime.Continue {
		if len(r.errs) > 0 {
			return
		}
		r.cancel()
	}
	r.errs = append(r.errs, taskError(t, item, err))
}

// taskError returns the *runtime.TaskError of t's failed activity: the
// task, agent and provider its activity reported, else its
// configuration's (a timeout or a cancellation has no report).
func taskError(t *runtime.Task, item int, err error) *runtime.TaskError {
	te := &runtime.TaskError{Task: t.Name, Agent: t.Agent.Name, Provider: t.Agent.Provider, Item: item, Err: err}
	var appErr *temporal.ApplicationError
	if errors.As(err, &appErr) && appErr.Type() == callErrorType {
		var info taskInfo
		if appErr.Details(&info) == nil {
			te.Provider = info.Provider
		}
		te.Err = errors.New(appErr.Message())
	}
	return te
}

// taskErrorType is the type of the application error a Workflow fails
// with; its one detail is a []taskInfo, one per failed task.
const taskErrorType = "intelligen.TaskError"

// Wait waits for every task coroutine and returns the workflow's error:
// nil; the workflow's cancellation; or an application error that names
// the first failed task (on_error "cancel") or every failed task
// (on_error "continue"), which [TaskErrorOf] reads back.
func (r *Run) Wait() error {
	r.wg.Wait(r.root)
	r.cancel()
	if len(r.errs) == 0 {
		return nil
	}
	if err := r.root.Err(); err != nil {
		return err
	}
	infos := make([]taskInfo, len(r.errs))
	msgs := make([]string, len(r.errs))
	for i, e := range r.errs {
		infos[i] = taskInfo{Task: e.Task, Agent: e.Agent, Provider: e.Provider, Item: e.Item, Message: e.Err.Error()}
		msgs[i] = e.Error()
	}
	return temporal.NewApplicationErrorWithOptions(strings.Join(msgs, "\n"), taskErrorType,
		temporal.ApplicationErrorOptions{NonRetryable: true, Details: []any{infos}})
}

// TaskErrorOf returns the failed task that err reports: the first one,
// when err is a workflow's error that names several (on_error
// "continue"). err is what a Temporal client returns for a workflow run,
// or the error of one of the flow's activities.
func TaskErrorOf(err error) (*runtime.TaskError, bool) {
	for ; err != nil; err = errors.Unwrap(err) {
		appErr, ok := err.(*temporal.ApplicationError)
		if !ok {
			continue
		}
		switch appErr.Type() {
		case taskErrorType:
			var infos []taskInfo
			if appErr.Details(&infos) != nil || len(infos) == 0 {
				return nil, false
			}
			i := infos[0]
			return &runtime.TaskError{Task: i.Task, Agent: i.Agent, Provider: i.Provider, Item: i.Item, Err: errors.New(i.Message)}, true
		case callErrorType:
			var i taskInfo
			if appErr.Details(&i) != nil {
				return nil, false
			}
			return &runtime.TaskError{Task: i.Task, Agent: i.Agent, Provider: i.Provider, Item: i.Item, Err: errors.New(appErr.Message())}, true
		}
	}
	return nil, false
}

// Skip records that task t was skipped (docs/language.md#conditions), as
// runtime.Run.Skip does: no activity, and one "task skipped" line at Info
// in the workflow's log when t logs. A skip is not a failure.
func (r *Run) Skip(t *runtime.Task) {
	if t.Log {
		workflow.GetLogger(r.root).Info("task skipped", "task", t.Name, "agent", t.Agent.Name)
	}
}

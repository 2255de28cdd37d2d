package runtime

import "context"

// An Observer watches the Runs of a Flow, its tasks and their agent calls,
// for tracing or metrics. Install one with [WithObserver]; package
// runtime/oteltrace provides one that records OpenTelemetry spans, so that
// this package itself depends on no tracing library.
//
// Each Start method returns the context for the work it observes (for
// example with a span in it) and a function that the runtime calls exactly
// once when that work ends. Methods are called concurrently from task
// goroutines and must be safe for concurrent use. They run on the hot
// path: keep them cheap and never block.
type Observer interface {
	// StartRun is called when a Run starts; end is called by Wait with the
	// Run's error.
	StartRun(ctx context.Context, flow *FlowConfig) (context.Context, func(err error))
	// StartTask is called when a task calls its agent; end is called when
	// the call ends, after every try, with the task's error.
	StartTask(ctx context.Context, t *Task, provider string) (context.Context, func(err error))
	// StartCall is called before each try (attempt counts from 1) of a
	// request; end is called when the agent has answered.
	StartCall(ctx context.Context, req *Request, attempt int) (context.Context, func(resp *Response, err error))
}

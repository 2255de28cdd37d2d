package temporal

import "go.temporal.io/sdk/workflow"

// An Edge carries one task's output to another inside a workflow: a
// workflow channel of one value, which its sender closes as it ends.
// Closed without a value, it says that the sender failed or was skipped.
type Edge[T any] struct {
	ch workflow.Channel
}

// NewEdge returns an edge that holds at most one value without blocking
// its sender.
func NewEdge[T any](ctx workflow.Context) Edge[T] {
	return Edge[T]{ch: workflow.NewBufferedChannel(ctx, 1)}
}

// Send puts the sender's output on the edge.
func (e Edge[T]) Send(ctx workflow.Context, v T) { e.ch.Send(ctx, v) }

// Close ends the edge; a receiver that finds no value gets ok false.
func (e Edge[T]) Close() { e.ch.Close() }

// Receive waits for the sender's output; ok is false when the sender
// ended without one.
func (e Edge[T]) Receive(ctx workflow.Context) (v T, ok bool) {
	ok = e.ch.Receive(ctx, &v)
	return v, ok
}

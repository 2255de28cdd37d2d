package runtime

import (
	"context"
	"iter"
	"sync"
	"time"
)

// DefaultMaxInFlight is the number of inputs [RunAll] runs at once unless
// [WithMaxInFlight] says otherwise.
const DefaultMaxInFlight = 64

// Result is the outcome of one input of [RunAll]: the input's position in
// the sequence (from 0), the input, and its Run's output.
type Result[In, Out any] struct {
	Index  int
	Input  In
	Output Out
}

// Progress is what [WithProgress]'s function is told after each input
// ends: how many inputs have ended, how many of those failed, and the time
// since the batch started.
type Progress struct {
	Done, Failed int
	Elapsed      time.Duration
}

// A BatchOption configures [RunAll].
type BatchOption func(*batchOptions)

type batchOptions struct {
	maxInFlight int
	inOrder     bool
	progress    func(Progress)
}

// WithMaxInFlight sets how many inputs run at once (default
// [DefaultMaxInFlight]); n < 1 is taken as 1.
func WithMaxInFlight(n int) BatchOption {
	return func(o *batchOptions) { o.maxInFlight = max(n, 1) }
}

// InOrder yields the results in input order rather than as their Runs end.
// No more than the WithMaxInFlight number of inputs are then started and
// not yet yielded, so one slow input holds the batch back.
func InOrder() BatchOption { return func(o *batchOptions) { o.inOrder = true } }

// WithProgress calls fn after each input ends, before its result is
// yielded. Calls are never concurrent: fn runs on the goroutine that
// ranges over RunAll, so a slow fn slows the batch.
func WithProgress(fn func(Progress)) BatchOption {
	return func(o *batchOptions) { o.progress = fn }
}

// An outcome is one ended Run, sent from its goroutine to RunAll's loop.
type outcome[In, Out any] struct {
	res Result[In, Out]
	err error
}

// RunAll runs run once per input of inputs, at most the WithMaxInFlight
// number at once, and yields each input's result with its Run's error,
// exactly once, as the Runs end (or in input order with [InOrder]). A
// generated Flow's RunAll calls it with the Flow's Run (see
// docs/api.md#runall).
//
// The next input is pulled from inputs only when a Run ends, so memory
// stays bounded however long the sequence is, and it may be endless.
// Breaking out of the loop cancels the Runs in flight; RunAll returns once
// they have ended and pulls no more inputs. When ctx is done RunAll pulls
// no more inputs; the Runs in flight end (with ctx's error, if run honours
// ctx) and are yielded. RunAll returns only after every goroutine it
// started has ended.
func RunAll[In, Out any](ctx context.Context, inputs iter.Seq[In], run func(context.Context, In) (Out, error), opts ...BatchOption) iter.Seq2[Result[In, Out], error] {
	o := batchOptions{maxInFlight: DefaultMaxInFlight}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	return func(yield func(Result[In, Out], error) bool) {
		b := &batch[In, Out]{o: &o, yield: yield, start: time.Now()}
		b.run(ctx, inputs, run)
	}
}

// A batch is one iteration of RunAll's sequence.
type batch[In, Out any] struct {
	o     *batchOptions
	yield func(Result[In, Out], error) bool
	start time.Time

	running      int // Runs started and not yet received
	done, failed int // Runs received
	next         int // Index of the next result to yield, with InOrder
	// With InOrder: the results received and not yet yielded, by Index
	// modulo maxInFlight.
	held []held[In, Out]
}

type held[In, Out any] struct {
	outcome[In, Out]
	ok bool
}

func (b *batch[In, Out]) run(ctx context.Context, inputs iter.Seq[In], run func(context.Context, In) (Out, error)) {
	n := b.o.maxInFlight
	if b.o.inOrder {
		b.held = make([]held[In, Out], n)
	}
	ctx, cancel := context.WithCancel(ctx)
	// Inputs go to up to n workers, each running one Run at a time; the
	// loop starts a worker only when none is idle. A worker keeps its
	// goroutine stack, grown by the first Run, for the next: a goroutine
	// per input would grow (copy) a fresh stack every time. And each
	// worker has its own context under ctx: a Run's context registers
	// with its parent and unregisters as it ends, which under one shared
	// parent would take that parent's lock twice per input, from every
	// core.
	jobs := make(chan job[In], n)
	// Buffered for every Run that can be in flight, so that a worker
	// never blocks on sending, even after the loop has stopped receiving.
	ended := make(chan outcome[In, Out], n)
	var wg sync.WaitGroup
	workers := 0
	pull, stop := iter.Pull(inputs)
	defer func() {
		cancel()
		close(jobs)
		wg.Wait()
		stop()
	}()

	started, exhausted := 0, false
	for {
		// Start Runs while there is room: fewer than n in flight, or
		// with InOrder, started and not yet yielded.
		for !exhausted && ctx.Err() == nil && b.running < n && (!b.o.inOrder || started-b.next < n) {
			in, ok := pull()
			if !ok {
				exhausted = true
				break
			}
			if workers == b.running { // none idle
				workers++
				wg.Go(func() { work(ctx, jobs, ended, run) })
			}
			jobs <- job[In]{started, in}
			started++
			b.running++
		}
		if b.running == 0 {
			return
		}
		oc := <-ended
		b.running--
		b.done++
		if oc.err != nil {
			b.failed++
		}
		if b.o.progress != nil {
			b.o.progress(Progress{Done: b.done, Failed: b.failed, Elapsed: time.Since(b.start)})
		}
		if !b.emit(&oc) {
			return
		}
	}
}

// A job is one input for a worker.
type job[In any] struct {
	index int
	in    In
}

// work runs the Run of each job until jobs is closed, under a context of
// its own.
func work[In, Out any](ctx context.Context, jobs <-chan job[In], ended chan<- outcome[In, Out], run func(context.Context, In) (Out, error)) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for j := range jobs {
		out, err := run(ctx, j.in)
		ended <- outcome[In, Out]{Result[In, Out]{Index: j.index, Input: j.in, Output: out}, err}
	}
}

// emit yields oc, or with InOrder holds it and yields every held result
// that is next in input order. It reports whether to go on.
func (b *batch[In, Out]) emit(oc *outcome[In, Out]) bool {
	if !b.o.inOrder {
		return b.yield(oc.res, oc.err)
	}
	// Index - next < n for every Run started and not yielded, so each
	// has its own slot.
	n := len(b.held)
	b.held[oc.res.Index%n] = held[In, Out]{*oc, true}
	for {
		h := &b.held[b.next%n]
		if !h.ok {
			return true
		}
		oc := h.outcome
		*h = held[In, Out]{}
		b.next++
		if !b.yield(oc.res, oc.err) {
			return false
		}
	}
}

package runtime_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/intelligen/intelligen/runtime"
)

// source is a sequence of inputs 0, 1, ... (n of them, or endless when n
// is negative) that counts what RunAll pulls and checks, at each pull,
// that fewer than max Runs have started and not yet returned.
type source struct {
	t       *testing.T
	n, max  int
	pulled  atomic.Int64
	running atomic.Int64 // Runs started and not yet returned
}

func (s *source) seq(yield func(int) bool) {
	for i := 0; s.n < 0 || i < s.n; i++ {
		if r := s.running.Load(); r >= int64(s.max) {
			s.t.Errorf("input %d pulled with %d Runs running, max in flight %d", i, r, s.max)
		}
		s.pulled.Add(1)
		if !yield(i) {
			return
		}
	}
}

// wrap counts run's calls in s.running.
func (s *source) wrap(run func(context.Context, int) (int, error)) func(context.Context, int) (int, error) {
	return func(ctx context.Context, in int) (int, error) {
		s.running.Add(1)
		defer s.running.Add(-1)
		return run(ctx, in)
	}
}

func double(ctx context.Context, in int) (int, error) {
	if in%7 == 0 {
		time.Sleep(time.Duration(rand.IntN(200)) * time.Microsecond)
	}
	return 2 * in, nil
}

func TestRunAllYieldsEachInputOnce(t *testing.T) {
	defer goleak.VerifyNone(t)
	for _, inOrder := range []bool{false, true} {
		t.Run(fmt.Sprintf("InOrder=%v", inOrder), func(t *testing.T) {
			const n, max = 1000, 8
			src := &source{t: t, n: n, max: max}
			opts := []runtime.BatchOption{runtime.WithMaxInFlight(max)}
			if inOrder {
				opts = append(opts, runtime.InOrder())
			}
			seen := make([]bool, n)
			count := 0
			for res, err := range runtime.RunAll(context.Background(), src.seq, src.wrap(double), opts...) {
				if err != nil {
					t.Fatalf("input %d: %v", res.Index, err)
				}
				if res.Input != res.Index || res.Output != 2*res.Index {
					t.Fatalf("result %+v: want input %d, output %d", res, res.Index, 2*res.Index)
				}
				if seen[res.Index] {
					t.Fatalf("input %d yielded twice", res.Index)
				}
				if inOrder && res.Index != count {
					t.Fatalf("InOrder: result %d yielded at position %d", res.Index, count)
				}
				seen[res.Index] = true
				count++
			}
			if count != n {
				t.Fatalf("%d results, want %d", count, n)
			}
		})
	}
}

func TestRunAllDefaultMaxInFlight(t *testing.T) {
	src := &source{t: t, n: 500, max: runtime.DefaultMaxInFlight}
	var peak atomic.Int64
	run := src.wrap(func(ctx context.Context, in int) (int, error) {
		for {
			p, r := peak.Load(), src.running.Load()
			if r <= p || peak.CompareAndSwap(p, r) {
				break
			}
		}
		time.Sleep(time.Millisecond)
		return in, nil
	})
	for _, err := range runtime.RunAll(context.Background(), src.seq, run) {
		if err != nil {
			t.Fatal(err)
		}
	}
	// 500 Runs of 1ms with room for 64: the batch fills up.
	if p := peak.Load(); p > runtime.DefaultMaxInFlight || p < 2 {
		t.Errorf("peak of %d Runs at once, want 2..%d", p, runtime.DefaultMaxInFlight)
	}
}

// blockUntilCancelled is a Run that ends only when its context is done,
// except for the inputs below quick.
func blockUntilCancelled(quick int) func(context.Context, int) (int, error) {
	return func(ctx context.Context, in int) (int, error) {
		if in < quick {
			return in, nil
		}
		<-ctx.Done()
		return 0, context.Cause(ctx)
	}
}

func TestRunAllBreakCancelsRunsInFlight(t *testing.T) {
	defer goleak.VerifyNone(t)
	const max = 4
	src := &source{t: t, n: -1, max: max}
	got := 0
	for res, err := range runtime.RunAll(context.Background(), src.seq, src.wrap(blockUntilCancelled(10)), runtime.WithMaxInFlight(max)) {
		if err != nil {
			t.Fatalf("input %d: %v", res.Index, err)
		}
		got++
		if got == 10 {
			break
		}
	}
	if r := src.running.Load(); r != 0 {
		t.Errorf("RunAll returned with %d Runs still running", r)
	}
	// Inputs 0..9 ended and 10.. block: after the 10th result, at most
	// max-1 more inputs were pulled in its place.
	if p := src.pulled.Load(); p < 10 || p > 10+max {
		t.Errorf("%d inputs pulled, want 10..%d", p, 10+max)
	}
}

func TestRunAllBreakInOrder(t *testing.T) {
	defer goleak.VerifyNone(t)
	src := &source{t: t, n: 100, max: 4}
	for res := range runtime.RunAll(context.Background(), src.seq, src.wrap(double), runtime.WithMaxInFlight(4), runtime.InOrder()) {
		if res.Index == 50 {
			break
		}
	}
	if r := src.running.Load(); r != 0 {
		t.Errorf("RunAll returned with %d Runs still running", r)
	}
	if p := src.pulled.Load(); p > 55 {
		t.Errorf("%d inputs pulled after breaking at input 50 with 4 in flight", p)
	}
}

func TestRunAllContextCancelled(t *testing.T) {
	defer goleak.VerifyNone(t)
	const max = 4
	src := &source{t: t, n: -1, max: max}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	run := src.wrap(func(ctx context.Context, in int) (int, error) {
		if in == max-1 {
			cancel() // the last of the first max inputs
		}
		return blockUntilCancelled(0)(ctx, in)
	})
	var indexes []int
	for res, err := range runtime.RunAll(ctx, src.seq, run, runtime.WithMaxInFlight(max)) {
		if !errors.Is(err, context.Canceled) {
			t.Errorf("input %d: error %v, want context.Canceled", res.Index, err)
		}
		indexes = append(indexes, res.Index)
	}
	if len(indexes) != max {
		t.Errorf("yielded inputs %v, want the %d in flight", indexes, max)
	}
	if p := src.pulled.Load(); p != max {
		t.Errorf("%d inputs pulled, want %d: none after ctx is done", p, max)
	}
}

func TestRunAllContextDoneBeforeStart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	src := &source{t: t, n: 10, max: 4}
	for res := range runtime.RunAll(ctx, src.seq, src.wrap(double)) {
		t.Errorf("input %d yielded from a cancelled batch", res.Index)
	}
	if p := src.pulled.Load(); p != 0 {
		t.Errorf("%d inputs pulled from a cancelled batch", p)
	}
}

func TestRunAllEveryInputFailing(t *testing.T) {
	defer goleak.VerifyNone(t)
	const n = 200
	errBoom := errors.New("boom")
	src := &source{t: t, n: n, max: 8}
	run := src.wrap(func(ctx context.Context, in int) (int, error) { return -1, fmt.Errorf("input %d: %w", in, errBoom) })
	var last runtime.Progress
	calls, failed := 0, 0
	progress := func(p runtime.Progress) {
		calls++
		if p.Done != calls || p.Failed != calls || p.Elapsed < last.Elapsed {
			t.Errorf("progress %+v after %+v at call %d", p, last, calls)
		}
		last = p
	}
	for res, err := range runtime.RunAll(context.Background(), src.seq, run, runtime.WithMaxInFlight(8), runtime.WithProgress(progress)) {
		if !errors.Is(err, errBoom) || res.Output != -1 {
			t.Errorf("input %d: %v, %v; want the Run's output and error", res.Index, res.Output, err)
		}
		failed++
	}
	if failed != n || last.Done != n || last.Failed != n {
		t.Errorf("%d failures yielded, last progress %+v; want %d", failed, last, n)
	}
}

func TestRunAllProgressNeverConcurrent(t *testing.T) {
	var inside atomic.Bool
	src := &source{t: t, n: 500, max: 16}
	done := 0
	progress := func(p runtime.Progress) {
		if !inside.CompareAndSwap(false, true) {
			t.Error("progress called concurrently")
		}
		time.Sleep(10 * time.Microsecond)
		done = p.Done // racy if concurrent: -race reports it
		inside.Store(false)
	}
	for range runtime.RunAll(context.Background(), src.seq, src.wrap(double), runtime.WithMaxInFlight(16), runtime.WithProgress(progress)) {
	}
	if done != 500 {
		t.Errorf("last progress Done = %d, want 500", done)
	}
}

func TestRunAllEndlessSequence(t *testing.T) {
	defer goleak.VerifyNone(t)
	const max = 8
	src := &source{t: t, n: -1, max: max}
	got := 0
	for range runtime.RunAll(context.Background(), src.seq, src.wrap(double), runtime.WithMaxInFlight(max)) {
		if got++; got == 5000 {
			break
		}
	}
	if p := src.pulled.Load(); p > 5000+max {
		t.Errorf("%d inputs pulled for 5000 results with %d in flight", p, max)
	}
}

// TestRunAllInOrderBound holds input 0 back: with InOrder the batch may
// start only max inputs while it waits to yield 0, although the others
// have ended.
func TestRunAllInOrderBound(t *testing.T) {
	defer goleak.VerifyNone(t)
	const max = 4
	src := &source{t: t, n: 20, max: max}
	release := make(chan struct{})
	var ended atomic.Int64
	run := src.wrap(func(ctx context.Context, in int) (int, error) {
		if in == 0 {
			<-release
		}
		ended.Add(1)
		return in, nil
	})
	next := 0
	go func() {
		// Inputs 1..max-1 end; wait until they have, then check that
		// no more were pulled before releasing input 0.
		for ended.Load() < max-1 {
			time.Sleep(time.Millisecond)
		}
		time.Sleep(20 * time.Millisecond)
		if p := src.pulled.Load(); p != max {
			t.Errorf("%d inputs pulled while input 0 is held, want %d", p, max)
		}
		close(release)
	}()
	for res := range runtime.RunAll(context.Background(), src.seq, run, runtime.WithMaxInFlight(max), runtime.InOrder()) {
		if res.Index != next {
			t.Fatalf("yielded input %d, want %d", res.Index, next)
		}
		if started := src.pulled.Load(); started-int64(next) > max {
			t.Fatalf("%d inputs started and %d yielded: more than %d held", started, next, max)
		}
		next++
	}
	if next != 20 {
		t.Errorf("%d results, want 20", next)
	}
}

// TestRunAllPullsLazily checks that RunAll pulls nothing until ranged
// over, and that a sequence that is ranged over twice is run twice.
func TestRunAllPullsLazily(t *testing.T) {
	src := &source{t: t, n: 3, max: 64}
	seq := runtime.RunAll(context.Background(), src.seq, src.wrap(double))
	if p := src.pulled.Load(); p != 0 {
		t.Fatalf("%d inputs pulled before ranging", p)
	}
	for range 2 {
		n := 0
		for range seq {
			n++
		}
		if n != 3 {
			t.Errorf("%d results, want 3", n)
		}
	}
}

// TestRunAllFlowLimitAcrossBatch runs a runtime Flow under RunAll: the
// agent's concurrency limit holds across every Run of the batch.
func TestRunAllFlowLimitAcrossBatch(t *testing.T) {
	defer goleak.VerifyNone(t)
	var calls, peak atomic.Int64
	var mu sync.Mutex
	inFlight := 0
	agent := runtime.AgentFunc(func(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
		calls.Add(1)
		mu.Lock()
		inFlight++
		if int64(inFlight) > peak.Load() {
			peak.Store(int64(inFlight))
		}
		mu.Unlock()
		time.Sleep(200 * time.Microsecond)
		mu.Lock()
		inFlight--
		mu.Unlock()
		return &runtime.Response{Text: req.Task}, nil
	})
	ac := &runtime.AgentConfig{Name: "w", Provider: "openai", Kind: runtime.KindText, Limit: runtime.Limit{Concurrency: 3}}
	f := newFan(t, 4, runtime.FlowConfig{Name: "fan"}, ac, agent)
	inputs := func(yield func(int) bool) {
		for i := range 100 {
			if !yield(i) {
				return
			}
		}
	}
	run := func(ctx context.Context, _ int) ([]string, error) { return f.Run(ctx) }
	n := 0
	for _, err := range runtime.RunAll(context.Background(), iter.Seq[int](inputs), run, runtime.WithMaxInFlight(32)) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 100 || calls.Load() != 400 {
		t.Errorf("%d results and %d calls, want 100 and 400", n, calls.Load())
	}
	if p := peak.Load(); p > 3 {
		t.Errorf("%d calls at once across the batch, limit 3", p)
	}
}

//go:build benchflows

package flowbench_test

import (
	"context"
	"iter"
	goruntime "runtime"
	"runtime/metrics"
	"strconv"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/intelligen/intelligen/bench"
	"github.com/intelligen/intelligen/bench/flows/seed"
	"github.com/intelligen/intelligen/runtime"
)

// The generated RunAll is one line over runtime.RunAll with the flow's
// Run (docs/api.md#runall); these benchmarks call runtime.RunAll with
// seed's Run the same way.

// seeds is a sequence of n seed inputs.
func seeds(n int) iter.Seq[seed.Input] {
	return func(yield func(seed.Input) bool) {
		for range n {
			if !yield(seed.Input{}) {
				return
			}
		}
	}
}

func newSeed(b *testing.B, a runtime.Agent) *seed.Flow {
	f, err := seed.New(withAgents(bench.Seed(), a)...)
	if err != nil {
		b.Fatal(err)
	}
	return f
}

// BenchmarkRunAllOverhead compares the seed flow with no-op agents run
// b.N times in a loop (bare) with b.N inputs through RunAll, one in flight
// (what RunAll adds to a Run) and 64 (the default). Besides wall time per
// input it reports the process's CPU time per input (cpu-ns/op), which a
// machine shared with other work disturbs less.
func BenchmarkRunAllOverhead(b *testing.B) {
	ctx := context.Background()
	b.Run("bare", func(b *testing.B) {
		f := newSeed(b, bench.NoOp)
		b.ReportAllocs()
		start := cpuTime()
		for b.Loop() {
			if _, err := f.Run(ctx, seed.Input{}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
	})
	for _, n := range []int{1, 64} {
		b.Run("RunAll/inflight="+strconv.Itoa(n), func(b *testing.B) {
			f := newSeed(b, bench.NoOp)
			b.ReportAllocs()
			b.ResetTimer()
			start := cpuTime()
			for _, err := range runtime.RunAll(ctx, seeds(b.N), f.Run, runtime.WithMaxInFlight(n)) {
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		})
	}
}

// cpuTime returns the CPU time (user and system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// A chainFlow is a flow of k text tasks in a chain on one agent, written
// against package runtime as generated code is: k calls per input.
type chainFlow struct {
	rt    *runtime.Flow
	h     *runtime.Handle
	tasks []*runtime.Task
}

func newChain(b *testing.B, k int, limit runtime.Limit, a runtime.Agent) *chainFlow {
	ac := &runtime.AgentConfig{Name: "worker", Provider: "openai", Kind: runtime.KindText, Limit: limit}
	rt := runtime.NewFlow(&runtime.FlowConfig{Name: "chain"}, runtime.WithAgent("worker", a))
	f := &chainFlow{rt: rt, h: rt.Agent(ac, nil)}
	if err := rt.Err(); err != nil {
		b.Fatal(err)
	}
	for i := range k {
		f.tasks = append(f.tasks, &runtime.Task{Name: "t" + strconv.Itoa(i), Agent: ac, Timeout: time.Minute})
	}
	return f
}

func (f *chainFlow) Run(ctx context.Context, in string) (string, error) {
	r := f.rt.Start(ctx)
	var out string
	r.Go(func() {
		v := in
		for _, t := range f.tasks {
			var ok bool
			if v, ok = r.Text(t, f.h, v); !ok {
				return
			}
		}
		out = v
	})
	err := r.Wait()
	return out, err
}

// Throughput's physical limit: an agent allowing C calls at once and R a
// minute, each call taking L, serves at most min(R/60, C/L) calls a second;
// a flow of k calls per input then runs at most that over k inputs a
// second.
const (
	tpInputs  = 2000
	tpK       = 2
	tpC       = 8
	tpR       = 6000
	tpLatency = 20 * time.Millisecond
)

func tpBound() float64 {
	return min(tpR/60.0, tpC/tpLatency.Seconds()) / tpK
}

// sleepy answers after tpLatency, honouring ctx.
var sleepy = runtime.AgentFunc(func(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
	t := time.NewTimer(tpLatency)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-t.C:
	}
	return &runtime.Response{Text: req.Prompt}, nil
})

func inputs(n int) iter.Seq[string] {
	return func(yield func(string) bool) {
		for range n {
			if !yield("x") {
				return
			}
		}
	}
}

// BenchmarkRunAllThroughput runs 2,000 inputs of a 2-call chain on an
// in-process agent of 20ms latency limited to 8 calls at once and 6,000 a
// minute, through RunAll and through a naive errgroup over Run with the
// same number in flight, and reports inputs/s and their share of the
// bound min(R/60, C/L)/k = 50 inputs/s. Run it with -benchtime 1x: each
// takes about 40s.
func BenchmarkRunAllThroughput(b *testing.B) {
	limit := runtime.Limit{Concurrency: tpC, RequestsPerMinute: tpR}
	ctx := context.Background()
	report := func(b *testing.B, d time.Duration) {
		rate := float64(tpInputs) / d.Seconds()
		b.ReportMetric(rate, "inputs/s")
		b.ReportMetric(100*rate/tpBound(), "%bound")
	}
	b.Run("RunAll", func(b *testing.B) {
		for b.Loop() {
			f := newChain(b, tpK, limit, sleepy)
			start := time.Now()
			for _, err := range runtime.RunAll(ctx, inputs(tpInputs), f.Run) {
				if err != nil {
					b.Fatal(err)
				}
			}
			report(b, time.Since(start))
		}
	})
	b.Run("errgroup", func(b *testing.B) {
		for b.Loop() {
			f := newChain(b, tpK, limit, sleepy)
			start := time.Now()
			var g errgroup.Group
			g.SetLimit(runtime.DefaultMaxInFlight)
			for in := range inputs(tpInputs) {
				g.Go(func() error { _, err := f.Run(ctx, in); return err })
			}
			if err := g.Wait(); err != nil {
				b.Fatal(err)
			}
			report(b, time.Since(start))
		}
	})
}

// BenchmarkRunAllHeap runs 10,000 and 100,000 inputs of the seed flow with
// no-op agents through RunAll, 64 in flight, and reports the peak live
// heap: at 50 points spread evenly over the batch (the same number for
// both sizes, so that the larger batch's peak is not higher merely for
// being sampled more) it collects garbage and reads the heap objects still
// live, which is what the batch holds. It must stay flat as the batch
// grows. (Garbage on top of it is the GC's business: GOGC lets the heap
// grow to twice the live heap, 4 MiB at least, before collecting.)
func BenchmarkRunAllHeap(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run("inputs="+strconv.Itoa(n), func(b *testing.B) {
			f := newSeed(b, bench.NoOp)
			ctx := context.Background()
			for b.Loop() {
				heap := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
				var peakLive uint64
				progress := func(p runtime.Progress) {
					if p.Done%(n/50) != 0 {
						return
					}
					goruntime.GC()
					metrics.Read(heap)
					peakLive = max(peakLive, heap[0].Value.Uint64())
				}
				for _, err := range runtime.RunAll(ctx, seeds(n), f.Run, runtime.WithProgress(progress)) {
					if err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(peakLive)/(1<<20), "peak-live-MiB")
			}
		})
	}
}

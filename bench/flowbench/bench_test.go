//go:build benchflows

package flowbench_test

import (
	"context"
	"testing"
	"time"

	"github.com/intelligen/intelligen/bench"
	"github.com/intelligen/intelligen/runtime"
)

// withAgents replaces every agent of d by a.
func withAgents(d *bench.DAG, a runtime.Agent) []runtime.Option {
	var opts []runtime.Option
	for _, name := range d.Agents() {
		opts = append(opts, runtime.WithAgent(name, a))
	}
	return opts
}

// An impl is one implementation under benchmark. setup builds it, outside
// the timed loop, and returns one run of it.
type impl struct {
	name  string
	setup func() (run func(context.Context) error, err error)
}

// ready is the setup of an implementation that needs none.
func ready(run func(context.Context) error) func() (func(context.Context) error, error) {
	return func() (func(context.Context) error, error) { return run, nil }
}

// einoSetup compiles d's Eino graph calling a.
func einoSetup(d *bench.DAG, a runtime.Agent) func() (func(context.Context) error, error) {
	return func() (func(context.Context) error, error) {
		e, err := bench.NewEino(context.Background(), d, a)
		if err != nil {
			return nil, err
		}
		return func(ctx context.Context) error { _, err := e.Run(ctx); return err }, nil
	}
}

// seedImpls are the four implementations of the seed flow calling a.
func seedImpls(a runtime.Agent) []impl {
	return []impl{
		{"intelligen", func() (func(context.Context) error, error) {
			return intelligenSeedRunner(withAgents(bench.Seed(), a)...)
		}},
		{"hand", ready(func(ctx context.Context) error { _, err := bench.HandSeed(ctx, a); return err })},
		{"eino", einoSetup(bench.Seed(), a)},
		{"sequential", ready(func(ctx context.Context) error { _, err := bench.SequentialSeed(ctx, a); return err })},
	}
}

// dagImpls are the four implementations of d calling a, sequential last.
func dagImpls(d *bench.DAG, a runtime.Agent) []impl {
	return []impl{
		{"intelligen", func() (func(context.Context) error, error) {
			return intelligenRunner(d.Name, withAgents(d, a)...)
		}},
		{"hand", ready(func(ctx context.Context) error { _, err := bench.Hand(ctx, d, a); return err })},
		{"eino", einoSetup(d, a)},
		{"sequential", ready(func(ctx context.Context) error { _, err := bench.Sequential(ctx, d, a); return err })},
	}
}

// benchImpl times im as the sub-benchmark im.name, reporting allocations
// if allocs, then calls report (if not nil) with the timed sub-benchmark.
func benchImpl(b *testing.B, im impl, allocs bool, report func(*testing.B)) {
	b.Run(im.name, func(b *testing.B) {
		run, err := im.setup()
		if err != nil {
			b.Fatal(err)
		}
		if allocs {
			b.ReportAllocs()
		}
		ctx := context.Background()
		for b.Loop() {
			if err := run(ctx); err != nil {
				b.Fatal(err)
			}
		}
		if report != nil {
			report(b)
		}
	})
}

// BenchmarkSeedFlow times one run of the seed flow with no-op agents.
func BenchmarkSeedFlow(b *testing.B) { benchSeed(b, bench.NoOp) }

// BenchmarkSeedFlowSim times it with the simulator (docs/simulator.md, zero latency),
// whose PNG encoding of task4 dominates.
func BenchmarkSeedFlowSim(b *testing.B) { benchSeed(b, bench.Sim) }

func benchSeed(b *testing.B, a runtime.Agent) {
	for _, im := range seedImpls(a) {
		benchImpl(b, im, true, nil)
	}
}

// BenchmarkScale times chains and fan-out/fan-in DAGs of every size with
// no-op agents and reports the cost per node.
func BenchmarkScale(b *testing.B) {
	for _, shape := range []func(int) *bench.DAG{bench.Chain, bench.Fan} {
		for _, n := range bench.Sizes {
			d := shape(n)
			perNode := func(b *testing.B) {
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/node")
			}
			b.Run(d.Name, func(b *testing.B) {
				for _, im := range dagImpls(d, bench.NoOp) {
					benchImpl(b, im, true, perNode)
				}
			})
		}
	}
}

// BenchmarkMakespan runs each random 40-task DAG with per-task latencies
// (10–100 ms) and reports its makespan divided by its critical path. Run
// it with -benchtime=1x: one run per DAG and implementation. Sequential
// calls are left out: their makespan is the sum of the latencies.
func BenchmarkMakespan(b *testing.B) {
	for _, d := range bench.RandomDAGs() {
		cp := d.CriticalPath()
		report := func(b *testing.B) {
			b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(cp), "makespan/cp")
			b.ReportMetric(float64(cp)/float64(time.Millisecond), "cp-ms")
		}
		b.Run(d.Name, func(b *testing.B) {
			for _, im := range dagImpls(d, d.Sleeper())[:3] {
				benchImpl(b, im, false, report)
			}
		})
	}
}

func TestCriticalPath(t *testing.T) {
	for _, d := range bench.RandomDAGs() {
		var sum time.Duration
		for _, nd := range d.Nodes {
			sum += nd.Latency
		}
		cp := d.CriticalPath()
		t.Log(d.Name, "critical path", cp, "sum", sum)
		if cp <= 0 || cp >= sum {
			t.Errorf("%s: critical path %v, sum of latencies %v: want a DAG with parallelism", d.Name, cp, sum)
		}
	}
}

package bench_test

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

// BenchmarkSeedFlow times one run of the seed flow with no-op agents.
func BenchmarkSeedFlow(b *testing.B) { benchSeed(b, bench.NoOp) }

// BenchmarkSeedFlowSim times it with the SPEC §5 simulator (zero latency),
// whose PNG encoding of task4 dominates.
func BenchmarkSeedFlowSim(b *testing.B) { benchSeed(b, bench.Sim) }

func benchSeed(b *testing.B, a runtime.Agent) {
	ctx := context.Background()
	b.Run("intelligen", func(b *testing.B) {
		run, err := intelligenSeedRunner(withAgents(bench.Seed(), a)...)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if err := run(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("hand", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := bench.HandSeed(ctx, a); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("eino", func(b *testing.B) {
		e, err := bench.NewEino(ctx, bench.Seed(), a)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := e.Run(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("sequential", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := bench.SequentialSeed(ctx, a); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkScale times chains and fan-out/fan-in DAGs of every size with
// no-op agents and reports the cost per node.
func BenchmarkScale(b *testing.B) {
	ctx := context.Background()
	for _, shape := range []func(int) *bench.DAG{bench.Chain, bench.Fan} {
		for _, n := range bench.Sizes {
			d := shape(n)
			b.Run(d.Name, func(b *testing.B) {
				perNode := func(b *testing.B) {
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/node")
				}
				b.Run("intelligen", func(b *testing.B) {
					run, err := intelligenRunner(d.Name, withAgents(d, bench.NoOp)...)
					if err != nil {
						b.Fatal(err)
					}
					b.ReportAllocs()
					for b.Loop() {
						if err := run(ctx); err != nil {
							b.Fatal(err)
						}
					}
					perNode(b)
				})
				b.Run("hand", func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						if _, err := bench.Hand(ctx, d, bench.NoOp); err != nil {
							b.Fatal(err)
						}
					}
					perNode(b)
				})
				b.Run("eino", func(b *testing.B) {
					e, err := bench.NewEino(ctx, d, bench.NoOp)
					if err != nil {
						b.Fatal(err)
					}
					b.ReportAllocs()
					for b.Loop() {
						if _, err := e.Run(ctx); err != nil {
							b.Fatal(err)
						}
					}
					perNode(b)
				})
				b.Run("sequential", func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						if _, err := bench.Sequential(ctx, d, bench.NoOp); err != nil {
							b.Fatal(err)
						}
					}
					perNode(b)
				})
			})
		}
	}
}

// BenchmarkMakespan runs each random 40-task DAG with per-task latencies
// (10–100 ms) and reports its makespan divided by its critical path. Run
// it with -benchtime=1x: one run per DAG and implementation.
func BenchmarkMakespan(b *testing.B) {
	ctx := context.Background()
	for _, d := range bench.RandomDAGs() {
		cp := d.CriticalPath()
		a := d.Sleeper()
		report := func(b *testing.B) {
			b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(cp), "makespan/cp")
			b.ReportMetric(float64(cp)/float64(time.Millisecond), "cp-ms")
		}
		b.Run(d.Name, func(b *testing.B) {
			b.Run("intelligen", func(b *testing.B) {
				run, err := intelligenRunner(d.Name, withAgents(d, a)...)
				if err != nil {
					b.Fatal(err)
				}
				for b.Loop() {
					if err := run(ctx); err != nil {
						b.Fatal(err)
					}
				}
				report(b)
			})
			b.Run("hand", func(b *testing.B) {
				for b.Loop() {
					if _, err := bench.Hand(ctx, d, a); err != nil {
						b.Fatal(err)
					}
				}
				report(b)
			})
			b.Run("eino", func(b *testing.B) {
				e, err := bench.NewEino(ctx, d, a)
				if err != nil {
					b.Fatal(err)
				}
				for b.Loop() {
					if _, err := e.Run(ctx); err != nil {
						b.Fatal(err)
					}
				}
				report(b)
			})
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

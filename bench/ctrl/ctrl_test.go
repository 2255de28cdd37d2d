//go:build benchflows

package ctrl

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/intelligen/intelligen/bench/ctrl/flows/each"
	"github.com/intelligen/intelligen/bench/ctrl/flows/routed0"
	"github.com/intelligen/intelligen/bench/ctrl/flows/routed1"
	"github.com/intelligen/intelligen/bench/ctrl/flows/routed2"
	"github.com/intelligen/intelligen/bench/ctrl/flows/routed3"
	"github.com/intelligen/intelligen/bench/ctrl/flows/routed4"
	"github.com/intelligen/intelligen/runtime"
)

// runners run each generated routed flow once with agent a.
var runners = []func(a runtime.Agent) error{
	func(a runtime.Agent) error { return run(routed0.New, a, routed0.Input{}) },
	func(a runtime.Agent) error { return run(routed1.New, a, routed1.Input{}) },
	func(a runtime.Agent) error { return run(routed2.New, a, routed2.Input{}) },
	func(a runtime.Agent) error { return run(routed3.New, a, routed3.Input{}) },
	func(a runtime.Agent) error { return run(routed4.New, a, routed4.Input{}) },
}

func run[F interface {
	Run(context.Context, In) (Out, error)
}, In, Out any](newFlow func(...runtime.Option) (F, error), a runtime.Agent, in In) error {
	f, err := newFlow(runtime.WithAgent("a", a))
	if err != nil {
		return err
	}
	_, err = f.Run(context.Background(), in)
	return err
}

// TestMakespan runs every routed flow with its 10–100 ms agents and
// compares the makespan with the critical path computed from the skip
// rules: a skipped task must cost no latency. The target is a ratio of at
// most 1.02; each flow runs three times and the best run counts, as timer
// slack on a loaded machine only ever adds.
func TestMakespan(t *testing.T) {
	if testing.Short() {
		t.Skip("sleeps")
	}
	for i, f := range Flows() {
		cp, skipped := f.CriticalPath()
		best := time.Duration(1 << 62)
		for range 3 {
			start := time.Now()
			if err := runners[i](f.Agent()); err != nil {
				t.Fatal(err)
			}
			best = min(best, time.Since(start))
		}
		ratio := float64(best) / float64(cp)
		t.Logf("%s: %d tasks, %d skipped, critical path %v, makespan %v, ratio %.4f", f.Name, len(f.Tasks), skipped, cp.Round(time.Microsecond), best.Round(time.Microsecond), ratio)
		if out := os.Getenv("CTRL_OUT"); out != "" {
			line := fmt.Sprintf("| %s | %d | %d | %.1f | %.1f | %.4f |\n", f.Name, len(f.Tasks), skipped, ms(cp), ms(best), ratio)
			appendFile(t, out, line)
		}
		if ratio < 1 || ratio > 1.02 {
			t.Errorf("%s: makespan / critical path = %.4f, want within [1, 1.02]", f.Name, ratio)
		}
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func appendFile(t *testing.T, name, s string) {
	f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(s); err != nil {
		t.Fatal(err)
	}
}

var noOp runtime.Agent = runtime.AgentFunc(func(context.Context, *runtime.Request) (*runtime.Response, error) {
	return &emptyResponse, nil
})

var emptyResponse runtime.Response

func items(n int) []string {
	s := make([]string, n)
	for i := range s {
		s[i] = fmt.Sprint("e", i)
	}
	return s
}

// BenchmarkForEach is the generated for_each task over n elements with
// no-op agents: per element, the goroutine, the element's task and the
// call through the runtime.
func BenchmarkForEach(b *testing.B) {
	for _, n := range []int{10, 1000} {
		b.Run(fmt.Sprint("generated/n=", n), func(b *testing.B) {
			f, err := each.New(runtime.WithAgent("a", noOp))
			if err != nil {
				b.Fatal(err)
			}
			in := each.Input{Items: items(n)}
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := f.Run(ctx, in); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/element")
		})
		b.Run(fmt.Sprint("hand/n=", n), func(b *testing.B) {
			cfg := &runtime.AgentConfig{Name: "a", Kind: runtime.KindText, Provider: "openai"}
			task := &runtime.Task{Name: "element", Agent: cfg}
			rt := runtime.NewFlow(&runtime.FlowConfig{Name: "each"}, runtime.WithAgent("a", noOp))
			h := rt.Agent(cfg, nil)
			if err := rt.Err(); err != nil {
				b.Fatal(err)
			}
			list := items(n)
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := handEach(ctx, rt, task, h, list); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/element")
		})
	}
}

// handEach is the same task written by hand: one Run, one goroutine per
// element calling the agent through the runtime, results in order.
func handEach(ctx context.Context, rt *runtime.Flow, task *runtime.Task, h *runtime.Handle, list []string) ([]string, error) {
	r := rt.Start(ctx)
	out := make([]string, len(list))
	r.Go(func() {
		var wg sync.WaitGroup
		for i, v := range list {
			wg.Go(func() {
				out[i], _ = r.Text(task, h, v)
			})
		}
		wg.Wait()
	})
	return out, r.Wait()
}

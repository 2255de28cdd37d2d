package bench

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/intelligen/intelligen/runtime"
)

// SeedOutput is every output of the seed flow.
type SeedOutput struct {
	Task1, Task2, Task3 string
	Task4               runtime.Image
	Task5               string
}

// A gate starts a task's goroutine when its last input has arrived (and
// its function is set), as runtime.Gate does for the generated code.
type gate struct {
	pending atomic.Int32
	fn      func()
}

func newGate(wg *sync.WaitGroup, inputs int) *gate {
	wg.Add(1)
	g := &gate{}
	g.pending.Store(int32(inputs) + 1)
	return g
}

func (g *gate) Go(fn func()) { g.fn = fn; g.arrive() }

func (g *gate) arrive() {
	if g.pending.Add(-1) == 0 {
		go g.fn()
	}
}

// HandSeed is the seed flow written by hand the way the generated code
// works: a goroutine per task, started by its gate when its last
// predecessor has ended, a buffered typed channel per edge, the first
// failure cancels the rest. It is the lower bound for the generated code.
func HandSeed(ctx context.Context, a runtime.Agent) (SeedOutput, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		out      SeedOutput
		wg       sync.WaitGroup
		errOnce  sync.Once
		firstErr error
	)
	fail := func(err error) {
		errOnce.Do(func() { firstErr = err; cancel() })
	}
	text := func(task, agent, prompt string) (string, bool) {
		resp, err := a.Call(ctx, &runtime.Request{Task: task, Agent: agent, Kind: runtime.KindText, Prompt: prompt})
		if err != nil {
			fail(err)
			return "", false
		}
		return resp.Text, true
	}
	t1to2, t1to5 := make(chan string, 1), make(chan string, 1)
	t2to3, t2to5 := make(chan string, 1), make(chan string, 1)
	t3to4 := make(chan string, 1)
	g1, g2, g3, g4, g5 := newGate(&wg, 0), newGate(&wg, 1), newGate(&wg, 1), newGate(&wg, 1), newGate(&wg, 2)
	g1.Go(func() {
		defer wg.Done()
		defer g2.arrive()
		defer g5.arrive()
		defer close(t1to2)
		defer close(t1to5)
		v, ok := text("task1", "text_generator", "Identify requirements for building a blogging website about the environment")
		if !ok {
			return
		}
		out.Task1 = v
		t1to2 <- v
		t1to5 <- v
	})
	g2.Go(func() {
		defer wg.Done()
		defer g3.arrive()
		defer g5.arrive()
		defer close(t2to3)
		defer close(t2to5)
		in, ok := <-t1to2
		if !ok {
			return
		}
		v, ok := text("task2", "ux_designer", "Generate the website description and theme details from the requirements\n\n"+in)
		if !ok {
			return
		}
		out.Task2 = v
		t2to3 <- v
		t2to5 <- v
	})
	g3.Go(func() {
		defer wg.Done()
		defer g4.arrive()
		defer close(t3to4)
		in, ok := <-t2to3
		if !ok {
			return
		}
		v, ok := text("task3", "image_desc_creator", "Generate short image description for image model\n\n"+in)
		if !ok {
			return
		}
		out.Task3 = v
		t3to4 <- v
	})
	g4.Go(func() {
		defer wg.Done()
		in, ok := <-t3to4
		if !ok {
			return
		}
		resp, err := a.Call(ctx, &runtime.Request{Task: "task4", Agent: "image_processor", Kind: runtime.KindImage, Prompt: "Design a logo with colorful style from the description\n\n" + in})
		if err != nil {
			fail(err)
			return
		}
		out.Task4 = resp.Image
	})
	g5.Go(func() {
		defer wg.Done()
		in1, ok1 := <-t1to5
		in2, ok2 := <-t2to5
		if !ok1 || !ok2 {
			return
		}
		v, ok := text("task5", "text_generator", "Generate code based on combined tasks\n\n"+in1+"\n\n"+in2)
		if !ok {
			return
		}
		out.Task5 = v
	})
	wg.Wait()
	return out, firstErr
}

// Hand runs a text-only DAG the same way, generically: a goroutine per
// node started by its gate, a buffered chan string per edge.
func Hand(ctx context.Context, d *DAG, a runtime.Agent) ([]string, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		errOnce  sync.Once
		firstErr error
	)
	n := len(d.Nodes)
	outs := make([]string, n)
	in := make([][]chan string, n)  // in[i][k]: from d.Nodes[i].After[k]
	out := make([][]chan string, n) // out[p]: to every successor
	succ := make([][]int, n)        // succ[p]: every successor, once
	gates := make([]*gate, n)
	for i := range d.Nodes {
		nd := &d.Nodes[i]
		in[i] = make([]chan string, len(nd.After))
		var preds []int
		for k, p := range nd.After {
			c := make(chan string, 1)
			in[i][k] = c
			out[p] = append(out[p], c)
			if !slices.Contains(preds, p) {
				preds = append(preds, p)
				succ[p] = append(succ[p], i)
			}
		}
		gates[i] = newGate(&wg, len(preds))
	}
	for i := range d.Nodes {
		nd, ins, outs1, succ1 := &d.Nodes[i], in[i], out[i], succ[i]
		gates[i].Go(func() {
			defer wg.Done()
			defer func() {
				for _, c := range outs1 {
					close(c)
				}
				for _, s := range succ1 {
					gates[s].arrive()
				}
			}()
			after := make([]string, len(ins))
			for k, c := range ins {
				v, ok := <-c
				if !ok {
					return
				}
				after[k] = v
			}
			resp, err := call(ctx, a, nd, runtime.Prompt(nd.Input, after...))
			if err != nil {
				errOnce.Do(func() { firstErr = err; cancel() })
				return
			}
			outs[i] = resp.Text
			for _, c := range outs1 {
				c <- resp.Text
			}
		})
	}
	wg.Wait()
	return outs, firstErr
}

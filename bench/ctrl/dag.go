// Package ctrl is the control-flow benchmark (docs/benchmarks.md#control-flow):
// random DAGs with conditions and fan-out, described once as a [Flow],
// written as HCL for intelligen, and timed against their critical path;
// and the per-element cost of for_each against a hand-written loop.
//
// The generated flows are build output: run `go generate` in bench/ctrl
// (cmd/mkctrl writes them into the ignored flows/) before `go test`.
package ctrl

import (
	"context"
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/intelligen/intelligen/runtime"
)

// A Task is one task of a [Flow].
type Task struct {
	Name  string
	Needs []int // tasks whose output its input interpolates (needed: a skip moves along)
	After []int // tasks in its after (a skip there only drops a part)
	// When, when not "", is the variable the task runs on: when = var.NAME.
	When string
	// ForEach > 0 fans the task out over a list variable of that many
	// elements; -1 over an empty list.
	ForEach int
}

// A Flow is a routed, fanned-out DAG in a topological order, with its
// bool variables' values (all defaults).
type Flow struct {
	Name  string
	Tasks []Task
	Vars  map[string]bool
	Lo    time.Duration // latency range of one call
	Hi    time.Duration
}

// Random is a random flow of n tasks: each needs or follows up to 3 of the
// 8 tasks before it, a third of them have a when over a bool variable (a
// third of which are false), and a fifth fan out over 1 to 6 elements (or
// none).
func Random(name string, seed uint64, n int) *Flow {
	r := rand.New(rand.NewPCG(seed, 7))
	f := &Flow{Name: name, Vars: map[string]bool{}, Lo: 10 * time.Millisecond, Hi: 100 * time.Millisecond}
	for i := range n {
		t := Task{Name: fmt.Sprintf("t%02d", i)}
		for range r.IntN(4) {
			if i == 0 {
				break
			}
			p := i - 1 - r.IntN(min(i, 8))
			if slices.Contains(t.Needs, p) || slices.Contains(t.After, p) {
				continue
			}
			if r.IntN(3) == 0 {
				t.After = append(t.After, p)
			} else {
				t.Needs = append(t.Needs, p)
			}
		}
		if r.IntN(3) == 0 {
			t.When = fmt.Sprintf("v%02d", i)
			f.Vars[t.When] = r.IntN(3) != 0
		}
		if r.IntN(5) == 0 {
			t.ForEach = r.IntN(7)
			if t.ForEach == 0 {
				t.ForEach = -1
			}
		}
		f.Tasks = append(f.Tasks, t)
	}
	return f
}

// Flows are the timed flows.
func Flows() []*Flow {
	var fs []*Flow
	for i := range 5 {
		fs = append(fs, Random(fmt.Sprintf("routed%d", i), uint64(i), 30))
	}
	return fs
}

// HCL is the flow in the flow language.
func (f *Flow) HCL() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "flow %q {}\n\nagent \"a\" {\n  type     = \"text\"\n  provider = \"openai\"\n}\n\n", f.Name)
	for _, t := range f.Tasks {
		if t.When != "" {
			fmt.Fprintf(&b, "variable %q {\n  type    = bool\n  default = %t\n}\n\n", t.When, f.Vars[t.When])
		}
		if t.ForEach != 0 {
			fmt.Fprintf(&b, "variable \"items_%s\" {\n  type    = list(string)\n  default = [", t.Name)
			for i := range max(t.ForEach, 0) {
				if i > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "\"e%d\"", i)
			}
			b.WriteString("]\n}\n\n")
		}
	}
	for _, t := range f.Tasks {
		fmt.Fprintf(&b, "task %q {\n  agent = agent.a\n  input = \"%s", t.Name, t.Name)
		for _, p := range t.Needs {
			if f.Tasks[p].ForEach != 0 {
				fmt.Fprintf(&b, " ${join(\",\", task.%s.output)}", f.Tasks[p].Name)
				continue
			}
			fmt.Fprintf(&b, " ${task.%s.output}", f.Tasks[p].Name)
		}
		if t.ForEach != 0 {
			b.WriteString(" ${each.value}")
		}
		b.WriteString("\"\n")
		if len(t.After) > 0 {
			var refs []string
			for _, p := range t.After {
				refs = append(refs, "task."+f.Tasks[p].Name)
			}
			fmt.Fprintf(&b, "  after = [%s]\n", strings.Join(refs, ", "))
		}
		if t.When != "" {
			fmt.Fprintf(&b, "  when  = var.%s\n", t.When)
		}
		if t.ForEach != 0 {
			fmt.Fprintf(&b, "  for_each = var.items_%s\n", t.Name)
		}
		b.WriteString("}\n\n")
	}
	return []byte(b.String())
}

// Latency is the latency of the call named task (an element is "t[i]"):
// between Lo and Hi, fixed by the name.
func (f *Flow) Latency(task string) time.Duration {
	h := sha256.Sum256([]byte(task))
	span := int64(f.Hi - f.Lo)
	return f.Lo + time.Duration(int64(h[0])<<8|int64(h[1]))*time.Duration(span)/65536
}

// Agent sleeps each call's Latency, honouring ctx.
func (f *Flow) Agent() runtime.Agent {
	return runtime.AgentFunc(func(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
		select {
		case <-time.After(f.Latency(req.Task)):
			return &runtime.Response{Text: req.Task}, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	})
}

// CriticalPath is the makespan of a perfect scheduler, computed from the
// skip rules (docs/language.md#conditions) alone: a task starts when every
// predecessor has ended; a skipped task costs nothing; a fan-out costs its
// slowest element, and nothing for an empty list. It also returns the
// number of skipped tasks.
func (f *Flow) CriticalPath() (time.Duration, int) {
	end := make([]time.Duration, len(f.Tasks))
	skipped := make([]bool, len(f.Tasks))
	var makespan time.Duration
	n := 0
	for i, t := range f.Tasks {
		var start time.Duration
		for _, p := range append(append([]int{}, t.Needs...), t.After...) {
			start = max(start, end[p])
		}
		for _, p := range t.Needs {
			skipped[i] = skipped[i] || skipped[p]
		}
		if t.When != "" && !f.Vars[t.When] {
			skipped[i] = true
		}
		var cost time.Duration
		switch {
		case skipped[i]:
			n++
		case t.ForEach > 0:
			for e := range t.ForEach {
				cost = max(cost, f.Latency(fmt.Sprintf("%s[%d]", t.Name, e)))
			}
		case t.ForEach == 0:
			cost = f.Latency(t.Name)
		}
		end[i] = start + cost
		makespan = max(makespan, end[i])
	}
	return makespan, n
}

// Package flowtest builds checked flows ([ir.Workflow]) by hand for the
// tests of package gen and the golden tests, the way ir.Check would: Go names from ir.GoName,
// edges typed and ordered, tasks in topological order. It does no
// checking; it is not a substitute for ir.Check.
package flowtest

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"

	"github.com/intelligen/intelligen/ir"
)

// A Builder accumulates one flow. Every declaration gets the next line of
// a virtual flow.hcl, so comments that point back to the source are
// deterministic.
type Builder struct {
	W    *ir.Workflow
	line int
}

// New starts a flow named name, in its default package (SPEC §3.1).
func New(name string) *Builder {
	b := &Builder{}
	b.W = &ir.Workflow{Name: name, Package: ir.DefaultPackage(name), OnError: ir.Cancel, Files: []string{"flow.hcl"}, Range: b.rng()}
	return b
}

func (b *Builder) rng() hcl.Range {
	b.line++
	return hcl.Range{Filename: "flow.hcl", Start: hcl.Pos{Line: b.line, Column: 1}, End: hcl.Pos{Line: b.line, Column: 2}}
}

// Var declares a variable; def is nil (required), a string, float64 or bool.
func (b *Builder) Var(name string, t ir.VarType, def any, desc string) *ir.Variable {
	v := &ir.Variable{Name: name, GoName: ir.GoName(name), Type: t, Default: def, Description: desc, Range: b.rng()}
	b.W.Variables = append(b.W.Variables, v)
	return v
}

// Agent declares an agent with the defaults ir.Check applies.
func (b *Builder) Agent(name string, t ir.AgentType, provider string) *ir.Agent {
	p, ok := ir.Provider(provider)
	if !ok {
		panic("flowtest: unknown provider " + provider)
	}
	a := &ir.Agent{
		Name: name, GoName: ir.GoName(name), Type: t, Provider: provider,
		APIKeyEnv: p.APIKeyEnv, KeyRequired: p.KeyRequired,
		Timeout: ir.DefaultTimeout,
		Retry:   ir.Retry{Attempts: ir.DefaultAttempts, Backoff: ir.DefaultBackoff, MaxBackoff: ir.DefaultMaxBackoff},
		Range:   b.rng(),
	}
	b.W.Agents = append(b.W.Agents, a)
	return a
}

// Task declares a task. Input parts are literal strings, *ir.Variable
// (${var.X}) or *ir.Task (${task.X.output}).
func (b *Builder) Task(name string, a *ir.Agent, input ...any) *ir.Task {
	t := &ir.Task{
		Name: name, GoName: ir.GoName(name), Agent: a, Log: b.W.Log, Timeout: a.Timeout,
		Params: a.Params, Output: a.Type.Output(), Index: len(b.W.Tasks), Range: b.rng(),
	}
	b.W.Tasks = append(b.W.Tasks, t)
	var tmpl map[*ir.Task]*ir.Edge
	for _, in := range input {
		switch in := in.(type) {
		case string:
			t.Input = append(t.Input, ir.Part{Literal: in})
		case *ir.Variable:
			t.Input = append(t.Input, ir.Part{Var: in})
		case *ir.Task:
			if tmpl == nil {
				tmpl = make(map[*ir.Task]*ir.Edge)
			}
			e := tmpl[in]
			if e == nil {
				e = &ir.Edge{From: in, To: t, Type: in.Output, Via: ir.ViaTemplate, Range: b.rng()}
				tmpl[in] = e
				t.In = append(t.In, e)
			}
			t.Input = append(t.Input, ir.Part{Edge: e})
		default:
			panic(fmt.Sprintf("flowtest: bad input part %T", in))
		}
	}
	return t
}

// After appends after entries to t, in order.
func (b *Builder) After(t *ir.Task, preds ...*ir.Task) *ir.Task {
	for _, p := range preds {
		t.In = append(t.In, &ir.Edge{From: p, To: t, Type: p.Output, Via: ir.ViaAfter, Range: b.rng()})
	}
	return t
}

// Build orders the tasks and edges (ir.Link) and returns the flow.
func (b *Builder) Build() *ir.Workflow {
	ir.Link(b.W)
	return b.W
}

// Seed returns the seed blog flow of the brief: Intelli's blog example.
func Seed() *ir.Workflow {
	b := New("blog")
	b.W.Description = "Write a blog website about the environment, with a logo."
	b.W.Log = true
	textGen := b.Agent("text_generator", ir.Text, "gemini")
	textGen.Mission = "write specifications"
	ux := b.Agent("ux_designer", ir.Text, "openai")
	ux.Model = "gpt-4o-mini"
	ux.Mission = "user experience and designer"
	desc := b.Agent("image_desc_creator", ir.Text, "openai")
	desc.Mission = "write image description"
	img := b.Agent("image_processor", ir.Image, "stability")
	img.Mission = "generate logo with colorful style"
	t1 := b.Task("task1", textGen, "Identify requirements for building a blogging website about the environment")
	t2 := b.After(b.Task("task2", ux, "Generate the website description and theme details from the requirements"), t1)
	t3 := b.After(b.Task("task3", desc, "Generate short image description for image model"), t2)
	t4 := b.After(b.Task("task4", img, "Design logo from the description"), t3)
	t4.Exclude = true
	b.After(b.Task("task5", textGen, "Generate code based on combined tasks"), t1, t2)
	return b.Build()
}

// Sched returns a flow for tests of Run's scheduling and error modes:
//
//	a -> b -> d <- c
//	e (independent)
//
// Every task uses agent "worker" (openai text).
func Sched(name string, onError ir.OnError) *ir.Workflow {
	b := New(name)
	b.W.OnError = onError
	w := b.Agent("worker", ir.Text, "openai")
	ta := b.Task("a", w, "A")
	tb := b.After(b.Task("b", w, "B"), ta)
	tc := b.Task("c", w, "C")
	b.After(b.Task("d", w, "D"), tb, tc)
	b.Task("e", w, "E")
	return b.Build()
}

// Vars returns a flow with one variable of each kind, for tests of
// Input: required, and optional with a default.
func Vars() *ir.Workflow {
	b := New("vars")
	topic := b.Var("topic", ir.String, nil, "What to write about")
	tone := b.Var("tone", ir.String, "friendly", "")
	n := b.Var("n", ir.Number, 2.5, "")
	flag := b.Var("flag", ir.Bool, true, "")
	count := b.Var("count", ir.Number, nil, "")
	llm := b.Agent("llm", ir.Text, "openai")
	b.Task("write", llm, topic, "|", tone, "|", n, "|", flag, "|", count)
	return b.Build()
}

// Wide returns five independent tasks under max_parallel = 2.
func Wide() *ir.Workflow {
	b := New("wide")
	b.W.MaxParallel = 2
	llm := b.Agent("llm", ir.Text, "openai")
	for i := range 5 {
		b.Task(fmt.Sprint("t", i), llm, "go")
	}
	return b.Build()
}

// Committed lists the flows whose generated code is committed under
// gen/internal/testflows/<name>, for tests and benchmarks of generated
// code that need no compiler at test time.
func Committed() []*ir.Workflow {
	return []*ir.Workflow{Seed(), Sched("sched", ir.Cancel), Sched("schedcontinue", ir.Continue), Vars(), Wide()}
}

// Large returns a flow of n text tasks, each referencing an earlier one in
// its template and after up to three others: about 4n edges.
func Large(n int) *ir.Workflow {
	b := New("large")
	v := b.Var("topic", ir.String, "x", "")
	llm := b.Agent("llm", ir.Text, "openai")
	tasks := make([]*ir.Task, n)
	for i := range n {
		parts := []any{fmt.Sprintf("step %d about ", i), v}
		if i > 0 {
			parts = append(parts, " after ", tasks[(i*7)%i])
		}
		tasks[i] = b.Task(fmt.Sprint("t", i), llm, parts...)
		for j := 1; j <= 3 && i-j*13 >= 0; j++ {
			b.After(tasks[i], tasks[i-j*13])
		}
	}
	return b.Build()
}

// Chain returns n text tasks, each after the previous one: n-1 edges.
func Chain(n int) *ir.Workflow {
	b := New("chain")
	llm := b.Agent("llm", ir.Text, "openai")
	var prev *ir.Task
	for i := range n {
		t := b.Task(fmt.Sprint("t", i), llm, fmt.Sprintf("step %d", i))
		if prev != nil {
			b.After(t, prev)
		}
		prev = t
	}
	return b.Build()
}

package flowtest

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	goruntime "runtime"
	"strconv"
	"strings"
	"testing/fstest"

	"github.com/intelligen/intelligen"
	"github.com/intelligen/intelligen/ir"
)

// A Builder accumulates one flow; Build writes it as HCL and checks it.
type Builder struct {
	Name        string
	Package     string // "" for the default
	Description string
	MaxParallel int
	vars        []*Var
	agents      []*Agent
	tasks       []*Task
}

// A Var is a declared variable, an input part of a task.
type Var struct {
	name string
	typ  ir.VarType
	def  any // nil: required; else a string, float64 or bool
	desc string
}

// An Agent is a declared agent.
type Agent struct {
	name     string
	typ      ir.AgentType
	provider string
}

// A Task is a declared task. Exclude sets exclude = true.
type Task struct {
	name    string
	agent   *Agent
	input   []any // string, *Var, *Task
	after   []*Task
	Exclude bool
}

// New starts a flow named name.
func New(name string) *Builder { return &Builder{Name: name} }

// Var declares a variable; def is nil (required), a string, float64 or bool.
func (b *Builder) Var(name string, t ir.VarType, def any, desc string) *Var {
	v := &Var{name: name, typ: t, def: def, desc: desc}
	b.vars = append(b.vars, v)
	return v
}

// Agent declares an agent.
func (b *Builder) Agent(name string, t ir.AgentType, provider string) *Agent {
	a := &Agent{name: name, typ: t, provider: provider}
	b.agents = append(b.agents, a)
	return a
}

// Task declares a task. Input parts are literal strings, *Var
// (${var.X}) or *Task (${task.X.output}).
func (b *Builder) Task(name string, a *Agent, input ...any) *Task {
	t := &Task{name: name, agent: a, input: input}
	b.tasks = append(b.tasks, t)
	return t
}

// After appends after entries to t, in order.
func (b *Builder) After(t *Task, preds ...*Task) *Task {
	t.after = append(t.after, preds...)
	return t
}

// Quote returns s as the body of an HCL quoted template with no
// interpolation. Other control characters, which HCL's \x escape does not
// exist for, are written as \uXXXX.
func Quote(s string) string {
	var b strings.Builder
	for _, r := range strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "${", "$${", "%{", "%%{").Replace(s) {
		if r < ' ' && r != '\t' || r == 0x7f {
			fmt.Fprintf(&b, `\u%04X`, r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// HCL returns the flow as the HCL file flow.hcl.
func (b *Builder) HCL() []byte {
	var s strings.Builder
	fmt.Fprintf(&s, "flow \"%s\" {\n", Quote(b.Name))
	if b.Package != "" {
		fmt.Fprintf(&s, "  package = %q\n", b.Package)
	}
	if b.Description != "" {
		fmt.Fprintf(&s, "  description = \"%s\"\n", Quote(b.Description))
	}
	if b.MaxParallel > 0 {
		fmt.Fprintf(&s, "  max_parallel = %d\n", b.MaxParallel)
	}
	s.WriteString("}\n")
	for _, v := range b.vars {
		fmt.Fprintf(&s, "variable %q {\n  type = %s\n", v.name, v.typ)
		switch d := v.def.(type) {
		case string:
			fmt.Fprintf(&s, "  default = \"%s\"\n", Quote(d))
		case float64:
			fmt.Fprintf(&s, "  default = %s\n", strconv.FormatFloat(d, 'f', -1, 64))
		case bool:
			fmt.Fprintf(&s, "  default = %t\n", d)
		}
		if v.desc != "" {
			fmt.Fprintf(&s, "  description = \"%s\"\n", Quote(v.desc))
		}
		s.WriteString("}\n")
	}
	for _, a := range b.agents {
		fmt.Fprintf(&s, "agent %q {\n  type = %q\n  provider = %q\n}\n", a.name, a.typ, a.provider)
	}
	for _, t := range b.tasks {
		fmt.Fprintf(&s, "task %q {\n  agent = agent.%s\n", t.name, t.agent.name)
		if len(t.input) > 0 {
			s.WriteString("  input = \"")
			for _, p := range t.input {
				switch p := p.(type) {
				case string:
					s.WriteString(Quote(p))
				case *Var:
					fmt.Fprintf(&s, "${var.%s}", p.name)
				case *Task:
					fmt.Fprintf(&s, "${task.%s.output}", p.name)
				default:
					panic(fmt.Sprintf("flowtest: bad input part %T", p))
				}
			}
			s.WriteString("\"\n")
		}
		if len(t.after) > 0 {
			refs := make([]string, len(t.after))
			for i, p := range t.after {
				refs[i] = "task." + p.name
			}
			fmt.Fprintf(&s, "  after = [%s]\n", strings.Join(refs, ", "))
		}
		if t.Exclude {
			s.WriteString("  exclude = true\n")
		}
		s.WriteString("}\n")
	}
	return []byte(s.String())
}

// Build checks the flow and returns it. A flow with errors is a bug in
// the test: Build panics with the diagnostics.
func (b *Builder) Build() *ir.Workflow {
	return check(fstest.MapFS{"flow.hcl": {Data: b.HCL()}}, "flow.hcl")
}

func check(fsys fs.FS, names ...string) *ir.Workflow {
	w, _, diags := intelligen.Load(fsys, names...)
	if w == nil {
		panic(fmt.Sprintf("flowtest: %v", diags))
	}
	return w
}

// Golden loads the flow of the golden case testdata/golden/name (its
// flow.hcl).
func Golden(name string) *ir.Workflow { return repoFlow("testdata", "golden", name) }

// Example loads the flow of the example examples/name (its flow.hcl).
func Example(name string) *ir.Workflow { return repoFlow("examples", name) }

// repoFlow loads flow.hcl of the repository's directory dir.
func repoFlow(dir ...string) *ir.Workflow {
	_, file, _, _ := goruntime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	return check(os.DirFS(filepath.Join(append([]string{root}, dir...)...)), "flow.hcl")
}

// Large returns a flow of n text tasks, each referencing an earlier one in
// its template and after up to three others: about 4n edges.
func Large(n int) *ir.Workflow {
	b := New("large")
	v := b.Var("topic", ir.String, "x", "")
	llm := b.Agent("llm", ir.Text, "openai")
	tasks := make([]*Task, n)
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
	var prev *Task
	for i := range n {
		t := b.Task(fmt.Sprint("t", i), llm, fmt.Sprintf("step %d", i))
		if prev != nil {
			b.After(t, prev)
		}
		prev = t
	}
	return b.Build()
}

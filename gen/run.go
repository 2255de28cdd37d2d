package gen

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/intelligen/intelligen/ir"
)

// runFunc writes Run: resolve inputs, start a runtime.Run, make one
// buffered channel per edge, one goroutine per task started by its gate,
// and wait.
func (g *generator) runFunc(w *writer) {
	fl := g.w
	s := newScope(g.pkg)
	s.reserve("f", "ctx", "in", "r", "out", "err", "ok")

	w.P(fmt.Sprintf("// Run runs flow %q once. Each task starts as soon as all of its inputs", fl.Name))
	w.P("// have arrived. Run returns when every task has ended, with the outputs of")
	w.P("// the tasks that succeeded and an error that unwraps to *runtime.TaskError:")
	if fl.OnError == ir.Continue {
		w.P("// after a failure, the failed task's descendants are skipped, independent")
		w.P("// tasks finish, and the error joins every task's error (on_error = \"continue\").")
	} else {
		w.P("// the first failure cancels the run, and the error is that failure's")
		w.P("// (on_error = \"cancel\").")
	}
	w.P("func (f *", flowType, ") Run(ctx ", contextPkg.ident("Context"), ", in ", inputType, ") (", outputType, ", error) {")
	vars, chans := g.runStart(w, s, []any{"f.rt.Start(ctx)"}, []string{
		"// One channel per edge. Each carries at most one value; a channel closed",
		"// without a value means its task failed or was skipped.",
	}, func(e *ir.Edge) []any { return []any{"make(chan ", valueType(e.From), ", 1)"} })

	w.P()
	w.P("// One goroutine per task, started by the task's gate the moment all of")
	w.P("// its inputs have arrived, that is when its last predecessor has ended:")
	w.P("// no task waits for a value. Every gate is made before any task starts.")
	gates := make([]string, len(fl.Tasks))
	for _, t := range fl.Order {
		gates[t.Index] = s.name(lowerFirst(t.GoName) + "Gate")
	}
	for _, t := range fl.Order {
		w.P(gates[t.Index], " := r.Gate(", len(predecessors(t)), ")")
	}
	if len(fl.Order) > 0 {
		w.P()
	}
	for _, t := range fl.Order {
		g.taskGoroutine(w, s, t, vars, chans, gates)
	}

	w.P()
	w.P("// Wait before reading out: the goroutines write its fields.")
	w.P("err := r.Wait()")
	w.P("return out, err")
	w.P("}")
	w.P()
}

// runStart writes the start of Run's body, and of the Temporal workflow's:
// the inputs and their locals, the typed variables (condVars), r := start,
// Output, the edge channels (edgeChannels with doc and mk) and the skip
// flags. It returns the prompt expression of each variable and the
// channels.
func (g *generator) runStart(w *writer, s *scope, start []any, doc []string, mk func(*ir.Edge) []any) (map[*ir.Variable]string, []string) {
	vars := g.inputs(w, s)
	g.condVar = g.condVars(w, s, vars)
	w.P("r := ", start)
	w.P("var out ", outputType)
	chans := g.edgeChannels(w, s, doc, mk)
	g.skipFlags(w, s)
	return vars, chans
}

// inputs writes the start of Run that checks the required strings and
// declares one string local per variable that some input uses, holding
// the value as the prompt shows it. It returns the expression of each
// used variable; a required string is used as given.
func (g *generator) inputs(w *writer, s *scope) map[*ir.Variable]string {
	fl := g.w
	wrote := false
	for _, v := range fl.Variables {
		if v.Default == nil && v.Type == ir.String {
			w.P("if in.", v.GoName, ` == "" {`)
			w.P("return ", outputType, "{}, ", rt("MissingInput"), "(", strconv.Quote(v.Name), ")")
			w.P("}")
			wrote = true
		}
	}
	wrote = g.mediaInputs(w) || wrote
	used := make(map[*ir.Variable]bool)
	for _, t := range fl.Tasks {
		for _, p := range t.Input {
			if p.Var != nil && p.Func == ir.Interpolate {
				used[p.Var] = true
			}
		}
	}
	vars := make(map[*ir.Variable]string)
	for _, v := range fl.Variables {
		if !used[v] {
			continue
		}
		field := "in." + v.GoName
		if v.Default == nil && v.Type == ir.String {
			vars[v] = field
			continue
		}
		name := s.name(lowerFirst(v.GoName))
		vars[v] = name
		wrote = true
		if v.Default == nil {
			w.P(name, " := ", formatVar(v.Type, field))
			continue
		}
		w.P(name, " := ", strconv.Quote(formatValue(v.Default)))
		w.P("if ", field, " != nil {")
		w.P(name, " = ", formatVar(v.Type, "*"+field))
		w.P("}")
	}
	if wrote {
		w.P()
	}
	return vars
}

// formatVar converts the variable value x of type t to its prompt text.
func formatVar(t ir.VarType, x string) []any {
	switch t {
	case ir.Number:
		return []any{strconvPkg.ident("FormatFloat"), "(", x, ", 'f', -1, 64)"}
	case ir.Bool:
		return []any{strconvPkg.ident("FormatBool"), "(", x, ")"}
	}
	return []any{x}
}

// callMethod is the runtime.Run method that calls an agent of type t.
func callMethod(t ir.AgentType) string {
	switch t {
	case ir.Image:
		return "Image"
	case ir.Vision:
		return "Vision"
	case ir.Speech:
		return "Speech"
	case ir.Recognition:
		return "Recognize"
	case ir.Embed:
		return "Embed"
	}
	return "Text"
}

// taskComment is the comment above t's goroutine.
func taskComment(t *ir.Task) string {
	a := t.Agent
	note := ""
	if t.Exclude {
		note = ", excluded"
	}
	return fmt.Sprintf("task.%s: agent.%s (%s %s)%s", t.Name, a.Name, a.Provider, a.Type, note)
}

// predecessors returns the tasks that t has an edge from, once each, in
// the order of t.In.
func predecessors(t *ir.Task) []*ir.Task {
	return distinct(t.In, func(e *ir.Edge) *ir.Task { return e.From })
}

// successors returns the tasks that t has an edge to, once each, in the
// order of t.Out.
func successors(t *ir.Task) []*ir.Task {
	return distinct(t.Out, func(e *ir.Edge) *ir.Task { return e.To })
}

// distinct returns end(e) for each of edges, without repeats.
func distinct(edges []*ir.Edge, end func(*ir.Edge) *ir.Task) []*ir.Task {
	var ts []*ir.Task
	for _, e := range edges {
		if t := end(e); !slices.Contains(ts, t) {
			ts = append(ts, t)
		}
	}
	return ts
}

// taskGoroutine writes t's goroutine: it ends by closing its channels,
// then arriving at its successors' gates.
func (g *generator) taskGoroutine(w *writer, run *scope, t *ir.Task, vars map[*ir.Variable]string, chans, gates []string) {
	w.P("// ", taskComment(t))
	w.P(gates[t.Index], ".Go(func() {")
	w.P("defer r.Done()")
	for _, succ := range successors(t) {
		w.P("defer ", gates[succ.Index], ".Arrive()")
	}
	for _, e := range t.Out {
		w.P("defer close(", chans[e.Index], ")")
	}
	g.taskBody(w, newScope(run), t, vars, chans, g.runTarget())
	w.P("})")
}

// taskBody writes what t does once started, the same in Run's goroutine
// and the Temporal workflow's coroutine but for tg: it receives its
// inputs, ends or skips, renders its prompt, makes its call (or its calls,
// for a for_each task) and delivers the value.
func (g *generator) taskBody(w *writer, s *scope, t *ir.Task, vars map[*ir.Variable]string, chans []string, tg target) {
	rc := g.receive(w, s, t, chans, tg.recv)
	g.skips(w, t, rc)
	locals := g.coalesced(w, s, t, rc)
	g.partText(w, s, t, locals, "", "")
	texts := typedParts(w, s, t, rc.vals, locals)
	after := g.optionalAfter(w, s, t, rc, texts)
	if t.ForEach != nil {
		g.deliver(w, t, g.forEachCall(w, s, t, vars, rc, texts, locals, after, tg), chans, tg.send)
		return
	}
	call := tg.call(t, tg.self, prompt(t, vars, texts, locals, after), rc.vals)
	if t.Exclude && len(t.Out) == 0 {
		// Nothing reads the result: the call still runs, and a failure
		// still counts.
		w.P(call)
		return
	}
	res := s.name(lowerFirst(t.GoName))
	w.P(res, ", ok := ", call)
	w.P("if !ok {")
	w.P("return")
	w.P("}")
	g.deliver(w, t, res, chans, tg.send)
}

// goRecv and goSend receive from and send on a Go channel ch.
func goRecv(ch string) string    { return "<-" + ch }
func goSend(ch, v string) string { return ch + " <- " + v }

// deliver writes t's value res into Output (unless t is excluded) and
// sends it on each of t's channels with send.
func (g *generator) deliver(w *writer, t *ir.Task, res string, chans []string, send func(ch, v string) string) {
	switch {
	case t.Exclude:
	case t.MaySkip:
		w.P("out.", t.GoName, " = &", res)
	default:
		w.P("out.", t.GoName, " = ", res)
	}
	for _, e := range t.Out {
		w.P(send(chans[e.Index], res))
	}
}

// A piece is one operand of a string concatenation: a literal or an
// expression of type string (an identifier, or in.X).
type piece struct {
	lit  string
	expr string // "" for a literal
}

// concat renders pieces as one string expression, merging adjacent
// literals and dropping empty ones.
func concat(ps []piece) string {
	var merged []piece
	for _, p := range ps {
		switch {
		case p.expr != "":
			merged = append(merged, p)
		case p.lit == "":
		case len(merged) > 0 && merged[len(merged)-1].expr == "":
			merged[len(merged)-1].lit += p.lit
		default:
			merged = append(merged, p)
		}
	}
	if len(merged) == 0 {
		return `""`
	}
	var b strings.Builder
	for i, p := range merged {
		if i > 0 {
			b.WriteByte('+')
		}
		if p.expr != "" {
			b.WriteString(p.expr)
		} else {
			b.WriteString(strconv.Quote(p.lit))
		}
	}
	return b.String()
}

// edgeChannels names one channel per edge of the flow and writes the
// statement making each, mk's expression, under the comment lines doc.
// Run and the Temporal workflow differ only in that expression.
func (g *generator) edgeChannels(w *writer, s *scope, doc []string, mk func(*ir.Edge) []any) []string {
	fl := g.w
	chans := make([]string, len(fl.Edges))
	for i, e := range fl.Edges {
		chans[i] = s.name(lowerFirst(e.From.GoName) + "To" + e.To.GoName)
	}
	if len(fl.Edges) > 0 {
		w.P()
		for _, l := range doc {
			w.P(l)
		}
		for i, e := range fl.Edges {
			w.P(chans[i], " := ", mk(e), " // task.", e.From.Name, " -> task.", e.To.Name, at(e.Range))
		}
	}
	return chans
}

// prompt returns the expression of t's prompt (docs/language.md#the-prompt), decided
// at generate time: the rendered input, then each text after-edge's
// output, joined with "\n\n". runtime.Prompt is called only when the
// rendered input can be empty at run time, because an empty input
// contributes no part. locals holds the local of each part that needs
// one (coalesce, typed parts, join, jsonencode, each), by index; vals
// the text of each after entry; afterSlice, when not "", the slice of the
// after parts that arrived.
func prompt(t *ir.Task, vars map[*ir.Variable]string, vals map[*ir.Edge]string, locals map[int]string, afterSlice string) []any {
	var input []piece
	canBeEmpty := true // until a part that never renders empty
	for i, p := range t.Input {
		switch {
		case locals[i] != "":
			input = append(input, piece{expr: locals[i]})
		case p.Var != nil:
			// A selector in.X or a local, written as one identifier token.
			input = append(input, piece{expr: vars[p.Var]})
			if p.Var.Type != ir.String || p.Var.Default == nil {
				// Numbers and bools always render text; a required
				// string was checked to be non-empty.
				canBeEmpty = false
			}
		case p.Edge != nil:
			input = append(input, piece{expr: vals[p.Edge]})
		case p.Literal != "":
			input = append(input, piece{lit: p.Literal})
			canBeEmpty = false
		}
	}
	if afterSlice != "" {
		return []any{rt("Prompt"), "(", concat(input), ", ", afterSlice, "...)"}
	}
	var after []piece
	for _, e := range t.PromptEdges() {
		after = append(after, piece{expr: vals[e]})
	}
	switch {
	case len(after) == 0:
		return []any{concat(input)}
	case len(input) > 0 && canBeEmpty:
		args := []string{concat(input)}
		for _, p := range after {
			args = append(args, p.expr)
		}
		return []any{rt("Prompt"), "(", strings.Join(args, ", "), ")"}
	}
	ps := input
	for _, p := range after {
		if len(ps) > 0 {
			ps = append(ps, piece{lit: "\n\n"})
		}
		ps = append(ps, p)
	}
	return []any{concat(ps)}
}

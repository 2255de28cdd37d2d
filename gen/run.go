package gen

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dave/jennifer/jen"

	"github.com/intelligen/intelligen/ir"
)

// runFunc emits Run: resolve inputs, start a runtime.Run, make one
// buffered channel per edge, one goroutine per task started by its gate,
// and wait.
func (g *generator) runFunc(f *jen.File) {
	w := g.w
	s := newScope(g.pkg)
	s.reserve("f", "ctx", "in", "r", "out", "err", "ok")

	var body []jen.Code
	for _, v := range w.Variables {
		if v.Default == nil && v.Type == ir.String {
			body = append(body, jen.If(jen.Id("in").Dot(v.GoName).Op("==").Lit("")).Block(
				jen.Return(jen.Id("Output").Values(), jen.Qual(runtimePath, "MissingInput").Call(jen.Lit(v.Name))),
			))
		}
	}

	// One string local per variable that some input uses, holding the
	// value as the prompt shows it. A required string is used as given.
	used := make(map[*ir.Variable]bool)
	for _, t := range w.Tasks {
		for _, p := range t.Input {
			if p.Var != nil {
				used[p.Var] = true
			}
		}
	}
	vars := make(map[*ir.Variable]string)
	for _, v := range w.Variables {
		if !used[v] {
			continue
		}
		field := jen.Id("in").Dot(v.GoName)
		if v.Default == nil && v.Type == ir.String {
			vars[v] = "in." + v.GoName
			continue
		}
		name := s.name(lowerFirst(v.GoName))
		vars[v] = name
		if v.Default == nil {
			body = append(body, jen.Id(name).Op(":=").Add(formatVar(v.Type, field)))
			continue
		}
		body = append(body,
			jen.Id(name).Op(":=").Lit(formatValue(v.Default)),
			jen.If(field.Clone().Op("!=").Nil()).Block(
				jen.Id(name).Op("=").Add(formatVar(v.Type, jen.Op("*").Add(field.Clone()))),
			),
		)
	}

	if len(body) > 0 {
		body = append(body, jen.Line())
	}
	body = append(body,
		jen.Id("r").Op(":=").Id("f").Dot("rt").Dot("Start").Call(jen.Id("ctx")),
		jen.Var().Id("out").Id("Output"),
	)

	chans := make([]string, len(w.Edges))
	for i, e := range w.Edges {
		chans[i] = s.name(lowerFirst(e.From.GoName) + "To" + e.To.GoName)
	}
	if len(w.Edges) > 0 {
		// The channels are written apart (see chanLines) and spliced in
		// at the marker.
		body = append(body, jen.Line(), jen.Comment("One channel per edge. Each carries at most one value; a channel closed"),
			jen.Comment("without a value means its task failed or was skipped."), jen.Comment(chansMarker))
	}

	body = append(body, jen.Line(),
		jen.Comment("One goroutine per task, started by the task's gate the moment all of"),
		jen.Comment("its inputs have arrived, that is when its last predecessor has ended:"),
		jen.Comment("no task waits for a value. Every gate is made before any task starts."))
	// The gates and goroutines are written apart (see taskGoroutines) and
	// spliced in at the marker.
	g.run, g.vars, g.chans = s, vars, chans
	g.gates = make([]string, len(w.Tasks))
	for _, t := range w.Order {
		g.gates[t.Index] = s.name(lowerFirst(t.GoName) + "Gate")
	}
	if len(w.Order) > 0 {
		body = append(body, jen.Comment(tasksMarker))
	}

	body = append(body,
		jen.Line(),
		jen.Comment("Wait before reading out: the goroutines write its fields."),
		jen.Err().Op(":=").Id("r").Dot("Wait").Call(),
		jen.Return(jen.Id("out"), jen.Err()),
	)

	f.Commentf("Run runs flow %q once. Each task starts as soon as all of its inputs", w.Name)
	f.Comment("have arrived. Run returns when every task has ended, with the outputs of")
	f.Comment("the tasks that succeeded and an error that unwraps to *runtime.TaskError:")
	if w.OnError == ir.Continue {
		f.Comment("after a failure, the failed task's descendants are skipped, independent")
		f.Comment("tasks finish, and the error joins every task's error (on_error = \"continue\").")
	} else {
		f.Comment("the first failure cancels the run, and the error is that failure's")
		f.Comment("(on_error = \"cancel\").")
	}
	f.Func().Params(jen.Id("f").Op("*").Id("Flow")).Id("Run").
		Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("in").Id("Input")).
		Params(jen.Id("Output"), jen.Error()).Block(body...)
	f.Line()
}

// chanLines writes the statements that make Run's channels, one per
// edge, as gofmt prints them: a block of lines whose trailing comments
// gofmt aligns one space after the longest statement, counted in runes.
func (g *generator) chanLines(b *bytes.Buffer) {
	stmts := make([]string, len(g.w.Edges))
	width := 0
	for i, e := range g.w.Edges {
		stmts[i] = g.chans[i] + " := make(chan " + valueTypeText(e.Type) + ", 1)"
		width = max(width, utf8.RuneCountInString(stmts[i]))
	}
	for i, e := range g.w.Edges {
		b.WriteString("\t" + stmts[i] + strings.Repeat(" ", width-utf8.RuneCountInString(stmts[i])+1))
		b.WriteString("// task." + e.From.Name + " -> task." + e.To.Name + at(e.Range) + "\n")
	}
}

// formatVar converts the variable value x of type t to its prompt text.
func formatVar(t ir.VarType, x jen.Code) jen.Code {
	switch t {
	case ir.Number:
		return jen.Qual("strconv", "FormatFloat").Call(x, jen.LitRune('f'), jen.Lit(-1), jen.Lit(64))
	case ir.Bool:
		return jen.Qual("strconv", "FormatBool").Call(x)
	}
	return x
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

// taskGoroutines writes the tasks' gates, then their goroutines, as
// gofmt prints them in Run's body. They are most of a large flow's code,
// so they are written directly rather than rendered with jen and
// formatted with go/format, which took two thirds of generating a
// 10k-task flow. Their statements are few and simple, one per line, with
// nothing gofmt aligns; the only rule to mind is that gofmt writes the
// operands of a + inside a call of several arguments without spaces, and
// prompts only appear there. TestFormatted checks that go/format leaves
// every generated file as is.
func (g *generator) taskGoroutines(b *bytes.Buffer) {
	for _, t := range g.w.Order {
		b.WriteString("\t" + g.gates[t.Index] + " := r.Gate(" + strconv.Itoa(len(predecessors(t))) + ")\n")
	}
	b.WriteByte('\n')
	for _, t := range g.w.Order {
		g.taskGoroutine(b, t)
	}
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
func (g *generator) taskGoroutine(b *bytes.Buffer, t *ir.Task) {
	s := newScope(g.run)
	chans := g.chans
	a := t.Agent
	line := func(parts ...string) {
		b.WriteString("\t\t")
		for _, p := range parts {
			b.WriteString(p)
		}
		b.WriteByte('\n')
	}
	returnUnless := func(ok string) {
		line("if !", ok, " {")
		line("\treturn")
		line("}")
	}
	b.WriteString("\t// " + taskComment(t) + "\n\t" + g.gates[t.Index] + ".Go(func() {\n")
	line("defer r.Done()")
	for _, succ := range successors(t) {
		line("defer ", g.gates[succ.Index], ".Arrive()")
	}
	for _, e := range t.Out {
		line("defer close(", chans[e.Index], ")")
	}
	vals := make(map[*ir.Edge]string, len(t.In))
	for _, e := range t.In {
		v := s.name(lowerFirst(e.From.GoName))
		vals[e] = v
		line(v, ", ok := <-", chans[e.Index])
		returnUnless("ok")
	}

	args := "&" + g.taskVar[t.Index] + ", f." + g.agentField[g.agentIndex[a]] + ", " + g.prompt(t, vals)
	if m := t.Media(); m != nil {
		args += ", " + vals[m]
	}
	call := "r." + callMethod(a.Type) + "(" + args + ")"

	if t.Exclude && len(t.Out) == 0 {
		// Nothing reads the result: the call still runs, and a failure
		// still counts.
		line(call)
	} else {
		res := s.name(lowerFirst(t.GoName))
		line(res, ", ok := ", call)
		returnUnless("ok")
		if !t.Exclude {
			line("out.", t.GoName, " = ", res)
		}
		for _, e := range t.Out {
			line(chans[e.Index], " <- ", res)
		}
	}
	b.WriteString("\t})\n")
}

// A piece is one operand of a string concatenation: a literal or an
// expression of type string (an identifier, or in.X).
type piece struct {
	lit  string
	expr string // "" for a literal
}

// concat renders pieces as one string expression, merging adjacent
// literals and dropping empty ones. It is always an argument of a call of
// several arguments, where gofmt writes + without spaces.
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

// prompt returns the expression of t's prompt (SPEC §3.4 rule 1), decided
// at generate time: the rendered input, then each text after-edge's
// output, joined with "\n\n". runtime.Prompt is called only when the
// rendered input can be empty at run time, because an empty input
// contributes no part.
func (g *generator) prompt(t *ir.Task, vals map[*ir.Edge]string) string {
	var input []piece
	canBeEmpty := true // until a part that never renders empty
	for _, p := range t.Input {
		switch {
		case p.Var != nil:
			// A selector in.X or a local, written as one identifier token.
			input = append(input, piece{expr: g.vars[p.Var]})
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
	var after []piece
	for _, e := range t.PromptEdges() {
		after = append(after, piece{expr: vals[e]})
	}
	switch {
	case len(after) == 0:
		return concat(input)
	case len(input) > 0 && canBeEmpty:
		args := []string{concat(input)}
		for _, p := range after {
			args = append(args, p.expr)
		}
		return "runtime.Prompt(" + strings.Join(args, ", ") + ")"
	}
	ps := input
	for _, p := range after {
		if len(ps) > 0 {
			ps = append(ps, piece{lit: "\n\n"})
		}
		ps = append(ps, p)
	}
	return concat(ps)
}

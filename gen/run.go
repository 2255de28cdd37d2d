package gen

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/intelligen/intelligen/ir"
)

// runFunc emits Run: resolve inputs, start a runtime.Run, make one
// buffered channel per edge, start one goroutine per task in dependency
// order, and wait.
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
	if len(w.Edges) > 0 {
		body = append(body, jen.Line(), jen.Comment("One channel per edge. Each carries at most one value; a channel closed"),
			jen.Comment("without a value means its task failed or was skipped."))
	}
	for i, e := range w.Edges {
		chans[i] = s.name(lowerFirst(e.From.GoName) + "To" + e.To.GoName)
		body = append(body, jen.Id(chans[i]).Op(":=").Make(jen.Chan().Add(valueType(e.Type)), jen.Lit(1)).
			Commentf("task.%s -> task.%s%s", e.From.Name, e.To.Name, at(e.Range)))
	}

	body = append(body, jen.Line(), jen.Comment("One goroutine per task, in dependency order. Each starts its agent call"),
		jen.Comment("as soon as all of its inputs have arrived."))
	// The goroutines are emitted separately, in parallel chunks, and
	// spliced in at this marker (see Go).
	g.run, g.vars, g.chans = s, vars, chans
	if len(w.Order) > 0 {
		body = append(body, jen.Line(), jen.Comment(tasksMarker))
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

// taskBody returns the body of t's goroutine.
func (g *generator) taskBody(t *ir.Task) []jen.Code {
	s := newScope(g.run)
	chans := g.chans
	a := t.Agent
	var body []jen.Code
	for _, e := range t.Out {
		body = append(body, jen.Defer().Close(jen.Id(chans[e.Index])))
	}
	vals := make(map[*ir.Edge]string, len(t.In))
	for _, e := range t.In {
		v := s.name(lowerFirst(e.From.GoName))
		vals[e] = v
		body = append(body,
			jen.List(jen.Id(v), jen.Id("ok")).Op(":=").Op("<-").Id(chans[e.Index]),
			jen.If(jen.Op("!").Id("ok")).Block(jen.Return()),
		)
	}

	args := []jen.Code{
		jen.Op("&").Id(g.taskVar[t.Index]),
		jen.Id("f").Dot(g.agentField[g.agentIndex[a]]),
		g.prompt(t, vals),
	}
	if m := t.Media(); m != nil {
		args = append(args, jen.Id(vals[m]))
	}
	call := jen.Id("r").Dot(callMethod(a.Type)).Call(args...)

	if t.Exclude && len(t.Out) == 0 {
		// Nothing reads the result: the call still runs, and a failure
		// still counts.
		body = append(body, call)
	} else {
		res := s.name(lowerFirst(t.GoName))
		body = append(body,
			jen.List(jen.Id(res), jen.Id("ok")).Op(":=").Add(call),
			jen.If(jen.Op("!").Id("ok")).Block(jen.Return()),
		)
		if !t.Exclude {
			body = append(body, jen.Id("out").Dot(t.GoName).Op("=").Id(res))
		}
		for _, e := range t.Out {
			body = append(body, jen.Id(chans[e.Index]).Op("<-").Id(res))
		}
	}

	return body
}

// A piece is one operand of a string concatenation: a literal or an
// expression of type string.
type piece struct {
	lit  string
	expr jen.Code // nil for a literal
}

// concat renders pieces as one string expression, merging adjacent
// literals and dropping empty ones.
func concat(ps []piece) jen.Code {
	var merged []piece
	for _, p := range ps {
		switch {
		case p.expr != nil:
			merged = append(merged, p)
		case p.lit == "":
		case len(merged) > 0 && merged[len(merged)-1].expr == nil:
			merged[len(merged)-1].lit += p.lit
		default:
			merged = append(merged, p)
		}
	}
	if len(merged) == 0 {
		return jen.Lit("")
	}
	var c *jen.Statement
	for _, p := range merged {
		x := p.expr
		if x == nil {
			x = jen.Lit(p.lit)
		}
		if c == nil {
			c = jen.Add(x)
			continue
		}
		c = c.Op("+").Add(x)
	}
	return c
}

// prompt returns the expression of t's prompt (SPEC §3.4 rule 1), decided
// at generate time: the rendered input, then each text after-edge's
// output, joined with "\n\n". runtime.Prompt is called only when the
// rendered input can be empty at run time, because an empty input
// contributes no part.
func (g *generator) prompt(t *ir.Task, vals map[*ir.Edge]string) jen.Code {
	var input []piece
	canBeEmpty := true // until a part that never renders empty
	for _, p := range t.Input {
		switch {
		case p.Var != nil:
			// A selector in.X or a local, written as one identifier token.
			input = append(input, piece{expr: jen.Id(g.vars[p.Var])})
			if p.Var.Type != ir.String || p.Var.Default == nil {
				// Numbers and bools always render text; a required
				// string was checked to be non-empty.
				canBeEmpty = false
			}
		case p.Edge != nil:
			input = append(input, piece{expr: jen.Id(vals[p.Edge])})
		case p.Literal != "":
			input = append(input, piece{lit: p.Literal})
			canBeEmpty = false
		}
	}
	var after []piece
	for _, e := range t.PromptEdges() {
		after = append(after, piece{expr: jen.Id(vals[e])})
	}
	switch {
	case len(after) == 0:
		return concat(input)
	case len(input) > 0 && canBeEmpty:
		args := []jen.Code{concat(input)}
		for _, p := range after {
			args = append(args, p.expr)
		}
		return jen.Qual(runtimePath, "Prompt").Call(args...)
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

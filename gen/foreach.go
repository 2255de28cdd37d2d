package gen

import (
	"strconv"
	"strings"

	"github.com/intelligen/intelligen/ir"
)

// Fan-out (docs/language.md#fan-out): a for_each task makes its calls
// through runtime.Run.Each, one goroutine per element, each rendering its
// own prompt from the element; its value is the slice of the elements'
// outputs, in element order.

// taskType is the Go type of task t's value: its Output field's type and
// that of every channel carrying it; a slice for a for_each task.
func taskType(t *ir.Task) any {
	if t.ForEach != nil {
		return []any{"[]", valueType(t.Output)}
	}
	return valueType(t.Output)
}

// listType is the Go type of a list variable, "" for other variables.
func listType(t ir.VarType) string {
	switch t {
	case ir.ListString:
		return "[]string"
	case ir.ListNumber:
		return "[]float64"
	case ir.ListBool:
		return "[]bool"
	}
	return ""
}

// listLiteral is the Go literal of a list variable's default.
func listLiteral(t ir.VarType, v any) string {
	var elems []string
	switch v := v.(type) {
	case []string:
		for _, x := range v {
			elems = append(elems, strconv.Quote(x))
		}
	case []float64:
		for _, x := range v {
			elems = append(elems, strconv.FormatFloat(x, 'g', -1, 64))
		}
	case []bool:
		for _, x := range v {
			elems = append(elems, strconv.FormatBool(x))
		}
	}
	return listType(t) + "{" + strings.Join(elems, ", ") + "}"
}

// typedVars lists the variables whose typed value (not their prompt text)
// the flow uses: in a when, a for_each, or a join or jsonencode part.
func typedVars(w *ir.Workflow) map[*ir.Variable]bool {
	used := make(map[*ir.Variable]bool)
	for _, t := range w.Tasks {
		t.When.Walk(func(n *ir.Cond) {
			if n.Var != nil {
				used[n.Var] = true
			}
		})
		if t.ForEach != nil && t.ForEach.Var != nil {
			used[t.ForEach.Var] = true
		}
		for _, p := range t.Input {
			if p.Var != nil && p.Func != ir.Interpolate {
				used[p.Var] = true
			}
		}
	}
	return used
}

// listOf is the expression of the list t fans out over.
func (g *generator) listOf(t *ir.Task, vals map[*ir.Edge]string) []any {
	fe := t.ForEach
	if fe.Var != nil {
		return []any{g.condVar[fe.Var]}
	}
	return selectPath(vals[fe.Edge], fe.Path)
}

// partText writes, for each part of t's input that needs more than an
// identifier (join, jsonencode, each), a local holding its text, and
// adds it to locals by part index. With each (elem != ""), it writes
// only the parts that depend on the element, whose value is elem and
// index i; without, the others.
func (g *generator) partText(w *writer, s *scope, t *ir.Task, vals map[*ir.Edge]string, locals map[int]string, elem, i string) {
	for k, p := range t.Input {
		if (p.Each != "") != (elem != "") || p.Func == ir.Coalesce {
			continue
		}
		var val []any
		var typ *ir.Type
		switch {
		case p.Each == "index":
			locals[k] = s.name("index")
			w.P(locals[k], " := ", strconvPkg.ident("Itoa"), "(", i, ")")
			continue
		case p.Each != "":
			val, typ = selectPath(elem, p.Path), p.Type
		case p.Var != nil && p.Func != ir.Interpolate:
			val, typ = []any{g.condVar[p.Var]}, p.Type
		case p.Edge != nil && p.Func != ir.Interpolate && p.Edge.From.ForEach != nil:
			val, typ = []any{vals[p.Edge]}, p.Type
		default:
			continue // an identifier: prompt writes it as it is
		}
		name := s.name("part" + strconv.Itoa(k+1))
		locals[k] = name
		switch p.Func {
		case ir.JSONEncode:
			w.P(name, " := ", rt("JSON"), "(", val, ")")
		case ir.Join:
			if typ.Elem.Kind == ir.KindString && typ.Elem.GoName == "" {
				w.P(name, " := ", stringsPkg.ident("Join"), "(", val, ", ", strconv.Quote(p.Sep), ")")
				continue
			}
			texts := s.name(name + "Texts")
			w.P(texts, " := make([]string, len(", val, "))")
			w.P("for i, v := range ", val, " {")
			w.P(texts, "[i] = ", textOf("v", typ.Elem))
			w.P("}")
			w.P(name, " := ", stringsPkg.ident("Join"), "(", texts, ", ", strconv.Quote(p.Sep), ")")
		default:
			w.P(name, " := ", textOf(exprKey(val), typ))
		}
	}
}

// jsonAfter replaces the value of each after entry of t that enters the
// prompt as canonical JSON (a for_each task's list) by a local holding
// that JSON.
func jsonAfter(w *writer, s *scope, t *ir.Task, rc received) {
	for _, e := range t.PromptEdges() {
		if e.From.ForEach == nil {
			continue
		}
		name := s.name(rc.vals[e] + "JSON")
		w.P(name, " := ", rt("JSON"), "(", rc.vals[e], ")")
		rc.vals[e] = name
	}
}

// forEachCall writes the calls of for_each task t into the local res:
// one per element, through runtime.Run.Each; t ends when one fails.
func (g *generator) forEachCall(w *writer, s *scope, t *ir.Task, vars map[*ir.Variable]string, rc received, locals map[int]string, after string) string {
	a := t.Agent
	items := s.name("items")
	w.P(items, " := ", g.listOf(t, rc.vals))
	res := s.name(lowerFirst(t.GoName))
	w.P(res, " := make(", taskType(t), ", len(", items, "))")
	inner := newScope(s)
	et, i := inner.name("elemTask"), inner.name("i")
	w.P("if !r.Each(&", g.taskVar[t.Index], ", len(", items, "), ", t.Concurrency, ", func(", et, " *", rt("Task"), ", ", i, " int) bool {")
	elemLocals := make(map[int]string, len(locals))
	for k, v := range locals {
		elemLocals[k] = v
	}
	g.partText(w, inner, t, rc.vals, elemLocals, items+"["+i+"]", i)
	call := []any{"r.", callMethod(a.Type), "(", et, ", f.", g.agentField[g.agentIndex[a]], ", ", prompt(t, vars, rc.vals, elemLocals, after)}
	if m := t.Media(); m != nil {
		call = append(call, ", ", rc.vals[m])
	}
	call = append(call, ")")
	v, ok := inner.name("elemOut"), inner.name("elemOK")
	w.P(v, ", ", ok, " := ", call)
	w.P(res, "[", i, "] = ", v)
	w.P("return ", ok)
	w.P("}) {")
	w.P("return")
	w.P("}")
	return res
}

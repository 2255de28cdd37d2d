package gen

import (
	"strconv"
	"strings"

	"github.com/intelligen/intelligen/ir"
)

// Fan-out (docs/language.md#fan-out): a for_each task makes its calls
// through runtime.Run.Each, concurrently, each rendering its own prompt
// from the element; its value is the slice of the elements'
// outputs, in element order.

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

// partText writes, for each variable or each part of t's input that
// needs more than an identifier (join, jsonencode, each, an attribute of
// each.value), a local holding its text, and adds it to locals by part
// index; typedParts owns the parts that refer to a task. With each
// (elem != ""), it writes only the parts that depend on the element,
// whose value is elem and index i; without, the others.
func (g *generator) partText(w *writer, s *scope, t *ir.Task, locals map[int]string, elem, i string) {
	for k, p := range t.Input {
		if (p.Each != "") != (elem != "") || p.Func == ir.Coalesce {
			continue
		}
		var val []any
		var base string // the local's name before its suffix
		switch {
		case p.Each == "index":
			locals[k] = s.name("index")
			w.P(locals[k], " := ", strconvPkg.ident("Itoa"), "(", i, ")")
			continue
		case p.Each != "":
			val, base = selectPath(elem, p.Path), "eachValue"
			for _, st := range p.Path {
				base += st.GoName
			}
		case p.Var != nil && p.Func != ir.Interpolate:
			val, base = []any{g.condVar[p.Var]}, lowerFirst(p.Var.GoName)
		default:
			continue // an identifier, or a task's value: typedParts
		}
		locals[k] = partLocal(w, s, &p, base, exprKey(val), nil)
	}
}

// A target is what differs between Run's task goroutines and the Temporal
// workflow's task coroutines (taskBody): recv and send receive from and
// send on an edge's channel; call is a task's call, made with self as its
// task argument for the task itself, or with an element's parameter. A
// for_each task's callback names its first parameter (the element's task
// in Run, its workflow context in the Temporal workflow) from param, and
// open is the callback's opening: it starts the elements of task, items,
// under conc, and names the parameters p and i.
type target struct {
	recv  func(ch string) string
	send  func(ch, v string) string
	self  string
	call  func(t *ir.Task, p string, prompt []any, vals map[*ir.Edge]string) []any
	param string
	open  func(task, items, conc, p, i string) []any
}

// runTarget is Run's: Go channels, calls through runtime.Run, and
// runtime.Run.Each with a call on the element's task.
func (g *generator) runTarget() target {
	return target{
		recv:  goRecv,
		send:  goSend,
		call:  g.call,
		param: "elemTask",
		open: func(task, items, conc, p, i string) []any {
			return []any{"if !r.Each(", task, ", len(", items, "), ", conc, ", func(", p, " *", rt("Task"), ", ", i, " int) bool {"}
		},
	}
}

// forEachCall writes the calls of for_each task t into the local res:
// one per element, through tg; t ends when one fails.
func (g *generator) forEachCall(w *writer, s *scope, t *ir.Task, vars map[*ir.Variable]string, rc received, texts map[*ir.Edge]string, locals map[int]string, after string, tg target) string {
	items := s.name("items")
	w.P(items, " := ", g.listOf(t, rc.vals))
	res := s.name(lowerFirst(t.GoName))
	w.P(res, " := make(", valueType(t), ", len(", items, "))")
	inner := newScope(s)
	p, i := inner.name(tg.param), inner.name("i")
	w.P(tg.open("&"+g.taskVar[t.Index], items, strconv.Itoa(t.Concurrency), p, i))
	elemLocals := make(map[int]string, len(locals))
	for k, v := range locals {
		elemLocals[k] = v
	}
	g.partText(w, inner, t, elemLocals, items+"["+i+"]", i)
	call := tg.call(t, p, prompt(t, vars, texts, elemLocals, after), rc.vals)
	v, ok := inner.name("elemOut"), inner.name("elemOK")
	w.P(v, ", ", ok, " := ", call)
	w.P(res, "[", i, "] = ", v)
	w.P("return ", ok)
	w.P("}) {")
	w.P("return")
	w.P("}")
	return res
}

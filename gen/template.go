package gen

import (
	"maps"
	"strconv"
	"strings"

	"github.com/intelligen/intelligen/ir"
)

// The text of typed values in a prompt (docs/language.md#typed-outputs):
// attributes selected from a typed output, jsonencode and join, and the
// canonical JSON of a typed after entry. Each such part is computed into
// a string local before the task's call, so that prompt composes strings
// only.

// typedParts writes the locals of t's typed template parts (every
// reference to a task's output but a plain text one: an attribute
// selected, jsonencode, join, a typed or for_each task's value) into
// locals by part index, given the received values vals. It returns vals
// with each typed after entry's value replaced by its text: the canonical
// JSON of a structured or list value, the string of a named string type.
// A task without typed parts writes nothing. Variables and each parts are
// partText's.
func typedParts(w *writer, s *scope, t *ir.Task, vals map[*ir.Edge]string, locals map[int]string) map[*ir.Edge]string {
	for i, p := range t.Input {
		if p.Edge != nil && (p.Func != ir.Interpolate || len(p.Path) > 0 || p.Edge.From.Type != nil || p.Edge.From.ForEach != nil) {
			locals[i] = edgeText(w, s, &p, vals[p.Edge])
		}
	}
	texts := maps.Clone(vals)
	for _, e := range t.PromptEdges() {
		switch ft := e.From.Type; {
		case e.PromptJSON():
			name := s.name(lowerFirst(e.From.GoName) + "JSON")
			w.P(name, " := ", rt("JSON"), "(", vals[e], ")")
			texts[e] = name
		case ft != nil: // a named string type
			name := s.name(lowerFirst(e.From.GoName) + "Text")
			w.P(name, " := ", textOf(vals[e], ft))
			texts[e] = name
		}
	}
	return texts
}

// edgeText writes the local holding the text of p, a reference to the
// typed output val: the selected attribute interpolated, its canonical
// JSON, or its elements joined. An absent optional attribute renders as
// "" (interpolated, joined) or null (its JSON).
func edgeText(w *writer, s *scope, p *ir.Part, val string) string {
	base := lowerFirst(p.Edge.From.GoName)
	sel := val
	var conds []string // sel != nil for each optional step, in order
	for i, st := range p.Path {
		base += st.GoName
		sel += "." + st.GoName
		if st.Optional && (p.Func != ir.JSONEncode || i < len(p.Path)-1) {
			conds = append(conds, sel+" != nil")
		}
	}
	if n := len(p.Path); n > 0 && p.Path[n-1].Optional && p.Func != ir.JSONEncode {
		sel = "*" + sel
	}
	return partLocal(w, s, p, base, sel, conds)
}

// partLocal writes the local, named from base, holding the text of the
// part p whose value is val: val interpolated, its canonical JSON, or its
// elements joined. With conds, the local is "" (or null, the JSON of an
// absent value) unless all of conds hold. It returns the local's name.
func partLocal(w *writer, s *scope, p *ir.Part, base, val string, conds []string) string {
	var value []any
	zero, suffix := `""`, ""
	switch p.Func {
	case ir.JSONEncode:
		suffix = "JSON"
		value, zero = []any{rt("JSON"), "(", val, ")"}, `"null"`
	case ir.Join:
		suffix = "Joined"
	default:
		if len(p.Path) == 0 {
			suffix = "Text"
		}
		value = textOf(val, p.Type)
	}
	name := s.name(base + suffix)
	assign := name + " := "
	if len(conds) > 0 {
		w.P(name, " := ", zero)
		w.P("if ", strings.Join(conds, " && "), " {")
		assign = name + " = "
	}
	if p.Func == ir.Join {
		join(w, s, assign, val, base, p)
	} else {
		w.P(assign, value)
	}
	if len(conds) > 0 {
		w.P("}")
	}
	return name
}

// join writes assign followed by the elements of list, each formatted as
// in templates, joined with p.Sep; base names the local of the elements'
// texts. The loop's i and v shadow nothing the loop uses.
func join(w *writer, s *scope, assign, list, base string, p *ir.Part) {
	sep := strconv.Quote(p.Sep)
	if elem := p.Type.Elem; elem.Kind == ir.KindString && elem.GoName == "" {
		w.P(assign, stringsPkg.ident("Join"), "(", list, ", ", sep, ")")
		return
	}
	elems := s.name(base + "Texts")
	w.P(elems, " := make([]string, len(", list, "))")
	w.P("for i, v := range ", list, " {")
	w.P(elems, "[i] = ", textOf("v", p.Type.Elem))
	w.P("}")
	w.P(assign, stringsPkg.ident("Join"), "(", elems, ", ", sep, ")")
}

// textOf is the text of the primitive value x of type t as templates
// render it: strings and enum values as they are, numbers as
// strconv.FormatFloat(x, 'f', -1, 64), bools as true or false.
func textOf(x string, t *ir.Type) []any {
	named := t.GoName != ""
	switch t.Kind {
	case ir.KindNumber:
		if named {
			x = "float64(" + x + ")"
		}
		return []any{strconvPkg.ident("FormatFloat"), "(", x, ", 'f', -1, 64)"}
	case ir.KindBool:
		if named {
			x = "bool(" + x + ")"
		}
		return []any{strconvPkg.ident("FormatBool"), "(", x, ")"}
	}
	if named {
		return []any{"string(", x, ")"}
	}
	return []any{x}
}

// call returns t's agent call up to its closing parenthesis: a typed
// call through runtime.Typed for a task with an output type, else the
// runtime.Run method of its agent type, with its images or audio. task is
// the *runtime.Task the call runs as: "" for t's own, or one element's of
// a for_each task.
func (g *generator) call(t *ir.Task, task string, prompt []any, vals map[*ir.Edge]string) []any {
	if task == "" {
		task = "&" + g.taskVar[t.Index]
	}
	agent := g.agentField[g.agentIndex[t.Agent]]
	var c []any
	if t.Type != nil {
		c = []any{rt("Typed"), "[", goType(t.Type), "](r, ", task, ", f.", agent, ", ", prompt}
	} else {
		c = []any{"r.", callMethod(t.Agent.Type), "(", task, ", f.", agent, ", ", prompt}
	}
	c = append(c, mediaArgs(t, vals)...)
	return append(c, ")")
}

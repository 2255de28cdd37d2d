package gen

import (
	"strconv"
	"strings"

	"github.com/intelligen/intelligen/ir"
)

// Conditions and skips (docs/language.md#conditions), decided at generate
// time: a task that may be skipped has a flag, set before it closes its
// channels, so that a successor that finds a channel closed without a
// value can tell a skip (after parts drop out, coalesce moves on) from a
// failure (every descendant ends without a call).

// skipFlags declares, in Run, the flag of each task that may be skipped.
func (g *generator) skipFlags(w *writer, s *scope) {
	g.skipVar = make([]string, len(g.w.Tasks))
	wrote := false
	for _, t := range g.w.Order {
		if !t.MaySkip || len(t.Out) == 0 {
			continue // no successor reads the flag
		}
		if !wrote {
			w.P()
			w.P("// Set by a task that was skipped, before it closes its channels.")
			wrote = true
		}
		g.skipVar[t.Index] = s.name(lowerFirst(t.GoName) + "Skipped")
		w.P("var ", g.skipVar[t.Index], " bool")
	}
}

// condVars declares, in Run, a typed local for each variable with a
// default whose typed value a when, a for_each or a join or jsonencode
// uses: the Input field, or the default when the field is nil; a string
// variable's prompt local from texts when it has one, its text being its
// value. It returns the expression of each such variable.
func (g *generator) condVars(w *writer, s *scope, texts map[*ir.Variable]string) map[*ir.Variable]string {
	used := typedVars(g.w)
	vars := make(map[*ir.Variable]string)
	wrote := false
	defer func() {
		if wrote {
			w.P()
		}
	}()
	for _, v := range g.w.Variables {
		if !used[v] {
			continue
		}
		field := "in." + v.GoName
		if v.Default == nil {
			vars[v] = field
			continue
		}
		if x := texts[v]; x != "" && v.Type == ir.String {
			vars[v] = x
			continue
		}
		wrote = true
		name := s.name(lowerFirst(v.GoName) + "Value")
		vars[v] = name
		if lt := listType(v.Type); lt != "" {
			w.P(name, " := ", listLiteral(v.Type, v.Default))
			w.P("if ", field, " != nil {")
			w.P(name, " = ", field)
			w.P("}")
			continue
		}
		w.P(name, " := ", goConst(v.Default))
		w.P("if ", field, " != nil {")
		w.P(name, " = *", field)
		w.P("}")
	}
	return vars
}

// goConst is a string, float64 or bool as a Go constant of its type.
func goConst(v any) string {
	switch v := v.(type) {
	case string:
		return strconv.Quote(v)
	case float64:
		return floatLit(v) // a float64 local, not an int
	case bool:
		return strconv.FormatBool(v)
	}
	panic("gen: constant of unexpected type")
}

// condExpr is n as a Go expression of the values that have arrived.
func condExpr(n *ir.Cond, vars map[*ir.Variable]string, vals map[*ir.Edge]string) []any {
	switch n.Op {
	case ir.CondLit:
		if f, ok := n.Lit.(float64); ok {
			return []any{strconv.FormatFloat(f, 'g', -1, 64)}
		}
		return []any{goConst(n.Lit)}
	case ir.CondRef, ir.CondLength:
		var x []any
		if n.Var != nil {
			x = []any{vars[n.Var]}
		} else {
			x = selectPath(vals[n.Edge], n.Path)
		}
		if n.Op == ir.CondLength {
			return []any{"float64(len(", x, "))"}
		}
		return x
	case ir.CondParen:
		return []any{"(", condExpr(n.X, vars, vals), ")"}
	case ir.CondNot:
		return []any{"!", condExpr(n.X, vars, vals)}
	}
	if n.Op == ir.CondAnd || n.Op == ir.CondOr {
		return chain(n, vars, vals)
	}
	return []any{condExpr(n.X, vars, vals), " ", string(n.Op), " ", condExpr(n.Y, vars, vals)}
}

// chain writes a chain of && (or ||) with each operand once: x && x is x,
// which go vet would otherwise report in the generated file. Conditions
// have no side effects, so this changes nothing.
func chain(n *ir.Cond, vars map[*ir.Variable]string, vals map[*ir.Edge]string) []any {
	var operands []*ir.Cond
	var flatten func(*ir.Cond)
	flatten = func(x *ir.Cond) {
		inner := x
		for inner.Op == ir.CondParen {
			inner = inner.X
		}
		if inner.Op == n.Op {
			flatten(inner.X)
			flatten(inner.Y)
			return
		}
		operands = append(operands, x)
	}
	flatten(n)
	var out []any
	seen := map[string]bool{}
	for _, o := range operands {
		e := condExpr(o, vars, vals)
		key := exprKey(e)
		if seen[key] {
			continue
		}
		seen[key] = true
		if len(out) > 0 {
			out = append(out, " ", string(n.Op), " ")
		}
		out = append(out, e)
	}
	return out
}

// exprKey is a Go expression's text, identifiers of packages included.
func exprKey(e []any) string {
	var b strings.Builder
	for _, x := range e {
		switch x := x.(type) {
		case string:
			b.WriteString(x)
		case goIdent:
			b.WriteString(x.pkg.name() + "." + x.name)
		case []any:
			b.WriteString(exprKey(x))
		}
	}
	return b.String()
}

// selectPath selects path from the typed value x: x.Owner.Email, with an
// absent optional attribute read as its zero value.
func selectPath(x string, path []ir.Step) []any {
	sel := []any{x}
	for _, st := range path {
		sel = append(sel, ".", st.GoName)
		if st.Optional {
			sel = []any{rt("Deref"), "(", sel, ")"}
		}
	}
	return sel
}

// received is what a task's goroutine knows of its inputs after reading
// every channel: the value of each edge and, for each edge from a task
// that may be skipped, whether a value came.
type received struct {
	vals map[*ir.Edge]string
	oks  map[*ir.Edge]string
}

// receive reads every input of t. An input from a task that cannot be
// skipped that has no value means that task failed: t ends at once. An
// input from a task that may be skipped is kept with its ok; skips then
// decides. recv is the expression that receives from a channel, yielding
// its value and ok: <-ch in Run.
func (g *generator) receive(w *writer, s *scope, t *ir.Task, chans []string, recv func(ch string) string) received {
	rc := received{vals: make(map[*ir.Edge]string), oks: make(map[*ir.Edge]string)}
	used := usedValues(t)
	for _, e := range t.In {
		v := s.name(lowerFirst(e.From.GoName))
		rc.vals[e] = v
		if !e.From.MaySkip && !used[e] {
			w.P("if _, ok := ", recv(chans[e.Index]), "; !ok {")
			w.P("return")
			w.P("}")
			continue
		}
		if !e.From.MaySkip {
			w.P(v, ", ok := ", recv(chans[e.Index]))
			w.P("if !ok {")
			w.P("return")
			w.P("}")
			continue
		}
		ok := s.name(v + "OK")
		rc.oks[e] = ok
		if !used[e] {
			v = "_"
		}
		w.P(v, ", ", ok, " := ", recv(chans[e.Index]))
	}
	return rc
}

// usedValues reports which of t's incoming edges' values t reads: every
// edge but those only named in a coalesce after an alternative that
// cannot be skipped, which never renders.
func usedValues(t *ir.Task) map[*ir.Edge]bool {
	used := make(map[*ir.Edge]bool, len(t.In))
	for _, e := range t.In {
		used[e] = e.Via != ir.ViaTemplate
	}
	for _, p := range t.Input {
		if p.Edge != nil {
			used[p.Edge] = true
		}
		for _, a := range p.Alts {
			used[a.Edge] = true
			if !a.Edge.From.MaySkip {
				break
			}
		}
	}
	return used
}

// skips writes the rules that end or skip t before its call, in order: a
// predecessor that failed (closed without a value and not skipped) ends
// t; a needed predecessor that was skipped, or a false when, skips it.
func (g *generator) skips(w *writer, t *ir.Task, rc received) {
	var failed []string
	seen := map[*ir.Task]bool{}
	for _, e := range t.In {
		if ok := rc.oks[e]; ok != "" && !seen[e.From] {
			seen[e.From] = true
			failed = append(failed, "!"+ok+" && !"+g.skipVar[e.From.Index])
		}
	}
	if len(failed) > 0 {
		w.P("// A predecessor that failed ends this task without a call.")
		w.P("if ", strings.Join(failed, " || "), " {")
		w.P("return")
		w.P("}")
	}
	var needed []string
	for _, e := range t.In {
		if ok := rc.oks[e]; ok != "" && e.Needed {
			needed = append(needed, "!"+ok)
		}
	}
	if len(needed) > 0 {
		w.P("if ", strings.Join(needed, " || "), " {")
		g.skip(w, t)
		w.P("}")
	}
	if t.When != nil {
		w.P("if !(", condExpr(t.When, g.condVar, rc.vals), ") {")
		g.skip(w, t)
		w.P("}")
	}
}

// skip writes the statements that skip t.
func (g *generator) skip(w *writer, t *ir.Task) {
	if v := g.skipVar[t.Index]; v != "" {
		w.P(v, " = true")
	}
	w.P("r.Skip(&", g.taskVar[t.Index], ")")
	w.P("return")
}

// coalesced writes a local per coalesce part of t's input holding the
// first value whose task was not skipped, else the literal; with no
// literal, t is skipped. It returns the local of each part, by index.
func (g *generator) coalesced(w *writer, s *scope, t *ir.Task, rc received) map[int]string {
	locals := make(map[int]string)
	for i, p := range t.Input {
		if p.Func != ir.Coalesce {
			continue
		}
		name := s.name("coalesce" + strconv.Itoa(len(locals)+1))
		locals[i] = name
		w.P("var ", name, " string")
		w.P("switch {")
		complete := false
		for _, a := range p.Alts {
			ok := rc.oks[a.Edge]
			if ok == "" {
				w.P("default:")
			} else {
				w.P("case ", ok, ":")
			}
			w.P(name, " = ", textOf(exprKey(selectPath(rc.vals[a.Edge], a.Path)), a.Type))
			if ok == "" {
				complete = true
				break
			}
		}
		if !complete {
			w.P("default:")
			if p.Default != nil {
				w.P(name, " = ", strconv.Quote(*p.Default))
			} else {
				g.skip(w, t)
			}
		}
		w.P("}")
	}
	return locals
}

// optionalAfter writes, when an after part of t's prompt may be missing
// (its task may be skipped), the slice of the after parts that arrived,
// and returns its name; "" when every after part is sure to arrive.
func (g *generator) optionalAfter(w *writer, s *scope, t *ir.Task, rc received, texts map[*ir.Edge]string) string {
	edges := t.PromptEdges()
	optional := false
	for _, e := range edges {
		optional = optional || rc.oks[e] != ""
	}
	if !optional {
		return ""
	}
	name := s.name("after")
	w.P(name, " := make([]string, 0, ", len(edges), ")")
	for _, e := range edges {
		if ok := rc.oks[e]; ok != "" {
			w.P("if ", ok, " {")
			w.P(name, " = append(", name, ", ", texts[e], ")")
			w.P("}")
			continue
		}
		w.P(name, " = append(", name, ", ", texts[e], ")")
	}
	return name
}

package ir

import (
	"fmt"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/intelligen/intelligen/hclspec"
	"github.com/zclconf/go-cty/cty"
)

// CondOp is the operator of one node of a condition.
type CondOp = hclspec.CondOp

// The operators of a condition (docs/language.md#conditions).
const (
	CondLit    = hclspec.CondLit
	CondRef    = hclspec.CondRef
	CondLength = hclspec.CondLength
	CondParen  = hclspec.CondParen
	CondNot    = hclspec.CondNot
	CondAnd    = hclspec.CondAnd
	CondOr     = hclspec.CondOr
	CondEq     = hclspec.CondEq
	CondNe     = hclspec.CondNe
	CondLt     = hclspec.CondLt
	CondLe     = hclspec.CondLe
	CondGt     = hclspec.CondGt
	CondGe     = hclspec.CondGe
)

// A Cond is a checked when expression: a tree whose leaves are literals,
// variables and task outputs (with attribute paths), each of a known Type.
type Cond struct {
	Op   CondOp
	Lit  any       // CondLit: a string, float64 or bool
	Var  *Variable // CondRef, CondLength: a variable
	Edge *Edge     // CondRef, CondLength: a task's output, along a ViaWhen edge
	Path []Step    // attributes selected from Edge's typed output, in order
	X, Y *Cond     // operands: X alone for CondNot and CondParen
	// Type is the node's type: bool for operators, number for length, the
	// selected value's type for a reference, the literal's for a literal.
	Type *Type
	// Text is the condition as written up to spacing, for the DOT label;
	// set on the root only.
	Text  string
	Range hcl.Range

	ref *hclspec.Ref
}

// Walk calls f for n and each node below it, operands in order; a nil n
// is no node.
func (n *Cond) Walk(f func(*Cond)) {
	if n == nil {
		return
	}
	f(n)
	n.X.Walk(f)
	n.Y.Walk(f)
}

// whenEdges builds t's condition with one ViaWhen edge per task it
// names, in order of first reference.
func (c *checker) whenEdges(t *Task, st *hclspec.Task) {
	if st.When == nil {
		return
	}
	first := make(map[*Task]*Edge)
	ok := true
	var build func(*hclspec.Cond) *Cond
	build = func(sc *hclspec.Cond) *Cond {
		if sc == nil {
			return nil
		}
		n := &Cond{Op: sc.Op, Range: sc.Range, ref: sc.Ref, X: build(sc.X), Y: build(sc.Y)}
		switch {
		case sc.Op == CondLit:
			switch {
			case sc.Lit.Type() == cty.String:
				n.Lit, n.Type = sc.Lit.AsString(), stringType
			case sc.Lit.Type() == cty.Number:
				f, _ := sc.Lit.AsBigFloat().Float64()
				n.Lit, n.Type = f, numberType
			default:
				n.Lit, n.Type = sc.Lit.True(), boolType
			}
		case sc.Ref != nil && sc.Ref.Kind == hclspec.RefVar:
			v := c.refVar(sc.Ref, st.WhenRange)
			if v == nil {
				ok = false
				break
			}
			n.Var = v
		case sc.Ref != nil:
			from := c.refTask(sc.Ref, st.WhenRange)
			if from == nil {
				ok = false
				break
			}
			e := first[from]
			if e == nil {
				e = &Edge{From: from, To: t, Via: ViaWhen, Range: sc.Ref.Range, Needed: true}
				first[from] = e
				t.In = append(t.In, e)
			}
			n.Edge = e
		}
		return n
	}
	root := build(st.When)
	root.Text = st.When.String()
	if ok && complete(st.When) {
		t.When = root
		return
	}
	// The condition is not checked as a whole, but each reference is.
	root.Walk(func(n *Cond) {
		if n.Var != nil || n.Edge != nil {
			c.deferred = append(c.deferred, n)
		}
	})
}

// complete reports whether every node of sc decoded.
func complete(sc *hclspec.Cond) bool {
	var ok func(*hclspec.Cond, bool) bool
	ok = func(n *hclspec.Cond, need bool) bool {
		if n == nil {
			return !need
		}
		switch n.Op {
		case CondLit, CondRef, CondLength:
			return true
		case CondParen, CondNot:
			return ok(n.X, true)
		}
		return ok(n.X, true) && ok(n.Y, true)
	}
	return !sc.Bad && ok(sc, true)
}

// conditions types every task's condition: a bool, each comparison over
// operands of one type (docs/language.md#conditions).
func (c *checker) conditions() {
	for _, n := range c.deferred {
		c.condRef(n)
	}
	for _, t := range c.all {
		if t.When == nil {
			continue
		}
		ctx := c.srcTask[t].WhenRange
		if c.condType(t.When, ctx) && t.When.Type.Kind != KindBool {
			c.errorf(t.When.Range.Ptr(), ctx, "Condition is not a bool",
				"A when is true or false, but %s is %s. %s", t.When.Text, typeNoun(t.When.Type), compareHint(t.When))
		}
		c.constantChains(t.When, ctx)
	}
}

// condType sets n.Type, reporting what is wrong; false means a problem
// was reported below n.
func (c *checker) condType(n *Cond, ctx *hcl.Range) bool {
	switch n.Op {
	case CondLit:
		return true
	case CondRef, CondLength:
		if !c.condRef(n) {
			return false
		}
		if n.Op == CondLength {
			if n.Type.Kind != KindList && n.Type.Kind != KindMap {
				c.errorf(n.Range.Ptr(), ctx, "Invalid function argument",
					"length counts the elements of a list or map, but %s is %s.", n.ref, typeNoun(n.Type))
				return false
			}
			n.Type = numberType
		}
		return true
	case CondParen:
		ok := c.condType(n.X, ctx)
		n.Type = n.X.Type
		return ok
	}
	okX := c.condType(n.X, ctx)
	okY := n.Y == nil || c.condType(n.Y, ctx)
	n.Type = boolType
	if !okX || !okY {
		return false
	}
	switch n.Op {
	case CondNot, CondAnd, CondOr:
		for _, o := range []*Cond{n.X, n.Y} {
			if o != nil && o.Type != boolType && o.Type.Kind != KindBool {
				c.errorf(o.Range.Ptr(), ctx, "Operand is not a bool",
					"%s takes true or false, but %s is %s. %s", n.Op, condText(o), typeNoun(o.Type), compareHint(o))
				return false
			}
		}
	case CondLt, CondLe, CondGt, CondGe:
		for _, o := range []*Cond{n.X, n.Y} {
			if o.Type.Kind != KindNumber {
				c.errorf(o.Range.Ptr(), ctx, "Operand is not a number",
					"%s orders numbers, but %s is %s. Use == or != for other values.", n.Op, condText(o), typeNoun(o.Type))
				return false
			}
		}
	case CondEq, CondNe:
		return c.comparable(n, ctx)
	}
	return true
}

// constantChains reports x != a || x != b (always true) and
// x == a && x == b (always false) for different literals a and b: a
// mistake for the other operator, and one go vet rejects in the
// generated code.
func (c *checker) constantChains(n *Cond, ctx *hcl.Range) {
	n.Walk(func(m *Cond) {
		if m.Op != CondOr && m.Op != CondAnd {
			return
		}
		cmp, other, verdict := CondNe, "&&", "always true"
		if m.Op == CondAnd {
			cmp, other, verdict = CondEq, "||", "always false"
		}
		seen := map[string]string{} // reference -> first literal it is compared with
		var walk func(*Cond)
		walk = func(x *Cond) {
			for x.Op == CondParen {
				x = x.X
			}
			if x.Op == m.Op {
				walk(x.X)
				walk(x.Y)
				return
			}
			if x.Op != cmp {
				return
			}
			ref, lit := x.X, x.Y
			if ref.Op == CondLit {
				ref, lit = lit, ref
			}
			if ref.ref == nil || lit.Op != CondLit {
				return
			}
			key, val := condText(ref), condText(lit)
			if prev, ok := seen[key]; ok && prev != val {
				c.errorf(m.Range.Ptr(), ctx, "Condition is "+verdict,
					"%s %s %s %s %s %s %s is %s. Did you mean %s?", key, cmp, prev, m.Op, key, cmp, val, verdict, other)
				return
			}
			seen[key] = val
		}
		walk(m)
	})
}

// comparable checks == and != : both operands of one type, an enum
// literal one of the enum's values.
func (c *checker) comparable(n *Cond, ctx *hcl.Range) bool {
	x, y := n.X, n.Y
	if y.Type.Kind == KindEnum {
		x, y = y, x
	}
	if !slices.Contains([]Kind{KindString, KindEnum, KindNumber, KindBool}, x.Type.Kind) {
		c.errorf(x.Range.Ptr(), ctx, "Operand cannot be compared",
			"%s compares strings, enum values, numbers or bools, but %s is %s.%s", n.Op, condText(x), typeNoun(x.Type), lengthHint(x))
		return false
	}
	if x.Type.Kind == KindEnum {
		if lit, isLit := litOf(y); isLit && y.Type.Kind == KindString {
			if !slices.Contains(x.Type.Enum, lit) {
				c.errorf(y.Range.Ptr(), ctx, "Not a value of the enum",
					"%s is one of %s; %q is not one of them.%s", condText(x), and(quoteAll(x.Type.Enum)), lit, hclspec.DidYouMean(lit, x.Type.Enum))
				return false
			}
			return true
		}
		if y.Type.Kind == KindEnum && slices.Equal(x.Type.Enum, y.Type.Enum) {
			return true
		}
	} else if x.Type.Kind == y.Type.Kind {
		return true
	}
	c.errorf(n.Range.Ptr(), ctx, "Operands of different types",
		"%s compares values of one type, but %s is %s and %s is %s.", n.Op, condText(n.X), typeNoun(n.X.Type), condText(n.Y), typeNoun(n.Y.Type))
	return false
}

// condRef types a reference of a condition, following its path.
func (c *checker) condRef(n *Cond) bool {
	if n.Var != nil {
		switch n.Var.Type {
		case ImageVar, AudioVar:
			c.errorf(n.ref.Range.Ptr(), nil, "Media variable outside attach",
				"var.%s is an %s variable: a when cannot look at it. Describe it with a vision or recognition task and test that task's output.", n.Var.Name, n.Var.Type)
			return false
		}
		n.Type = varTypeOf(n.Var.Type)
		return true
	}
	e := n.Edge
	if e.From.Agent == nil || !e.From.Agent.Type.valid() {
		return false
	}
	if e.From.Output != TextValue {
		c.errorf(n.ref.Range.Ptr(), nil, "Non-text output in when",
			"task.%s produces %s, which a when cannot test. Describe it with a vision or recognition task and test that task's output.", e.From.Name, valueNoun(e.From.Output))
		return false
	}
	p := Part{Edge: e, ref: n.ref}
	c.edgePart(&p)
	n.Path, n.Type = p.Path, p.Type
	return n.Type != nil
}

// compareHint suggests a comparison that makes n a bool.
func compareHint(n *Cond) string {
	switch n.Type.Kind {
	case KindNumber:
		return fmt.Sprintf("Compare it, as in %s > 0.", condText(n))
	case KindList, KindMap:
		return fmt.Sprintf("Count its elements, as in length(%s) > 0.", condText(n))
	case KindEnum:
		return fmt.Sprintf("Compare it, as in %s == %q.", condText(n), n.Type.Enum[0])
	}
	return fmt.Sprintf("Compare it, as in %s == \"yes\".", condText(n))
}

func litOf(n *Cond) (string, bool) {
	for n.Op == CondParen {
		n = n.X
	}
	s, ok := n.Lit.(string)
	return s, ok && n.Op == CondLit
}

func lengthHint(n *Cond) string {
	if n.Type.Kind == KindList || n.Type.Kind == KindMap {
		return fmt.Sprintf(" Count its elements with length(%s).", condText(n))
	}
	return ""
}

// condText is n as written, for a message.
func condText(n *Cond) string {
	switch {
	case n.ref != nil && n.Op == CondRef:
		return n.ref.String()
	case n.ref != nil:
		return "length(" + n.ref.String() + ")"
	case n.Op == CondLit:
		if s, ok := n.Lit.(string); ok {
			return fmt.Sprintf("%q", s)
		}
		return fmt.Sprint(n.Lit)
	}
	return "the expression"
}

func quoteAll(ss []string) []string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return q
}

// coalescePart builds a coalesce part of t's input: one template edge
// per referenced task (shared with the template's other references).
func (c *checker) coalescePart(t *Task, st *hclspec.Task, sp *hclspec.Part, first map[*Task]*Edge) {
	p := Part{Func: Coalesce, Default: sp.Default, Range: sp.Range}
	for _, a := range sp.Alts {
		from := c.refTask(a.Ref, st.Input.Range.Ptr())
		if from == nil {
			return
		}
		e := templateEdge(t, from, first, a.Ref.Range)
		p.Alts = append(p.Alts, Part{Edge: e, Range: a.Range, ref: a.Ref})
	}
	t.Input = append(t.Input, p)
}

// coalesceTypes types each reference of a coalesce part: a primitive
// value, rendered as text.
func (c *checker) coalesceTypes(p *Part, ctx *hcl.Range) {
	for i := range p.Alts {
		a := &p.Alts[i]
		c.edgePart(a)
		if a.Type != nil && !a.Type.Primitive() {
			c.errorf(a.ref.Range.Ptr(), ctx, "Non-primitive value in input",
				"%s is %s, which has no text form of its own; coalesce renders strings, numbers, bools and enum values.", a.ref, typeNoun(a.Type))
		}
	}
	p.Type = stringType
}

// skips decides which edges are needed and which tasks may be skipped
// (docs/language.md#conditions), in topological order.
func skips(w *Workflow) {
	for _, t := range w.Order {
		for _, e := range t.In {
			switch e.Via {
			case ViaWhen, ViaAttach:
				e.Needed = true
			case ViaAfter:
				e.Needed = e.Type == ImageValue || e.Type == AudioValue
			}
		}
		for _, p := range t.Input {
			if p.Edge != nil {
				p.Edge.Needed = true
			}
		}
		t.MaySkip = t.When != nil
		for _, e := range t.In {
			t.MaySkip = t.MaySkip || e.Needed && e.From.MaySkip
		}
		for _, p := range t.Input {
			if p.Func != Coalesce || p.Default != nil {
				continue
			}
			all := true
			for _, a := range p.Alts {
				all = all && a.Edge.From.MaySkip
			}
			t.MaySkip = t.MaySkip || all
		}
	}
}

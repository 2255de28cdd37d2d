package hclspec

import (
	"fmt"
	"strconv"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// FuncCoalesce renders the first of its references whose task was not
// skipped, else its last argument when that is a string literal:
// ${coalesce(task.a.output, task.b.output, "none")}.
const FuncCoalesce = "coalesce"

// funcLength is the number of elements of a list or map, in a when.
const funcLength = "length"

// A CondOp is the operator of one node of a when expression.
type CondOp string

// The nodes of a when expression (docs/language.md#conditions).
const (
	CondLit    CondOp = "lit"    // a string, number or bool literal: Lit
	CondRef    CondOp = "ref"    // var.NAME or task.NAME.output with a path: Ref
	CondLength CondOp = "length" // length(REF): Ref
	CondParen  CondOp = "()"     // (X)
	CondNot    CondOp = "!"      // !X
	CondAnd    CondOp = "&&"
	CondOr     CondOp = "||"
	CondEq     CondOp = "=="
	CondNe     CondOp = "!="
	CondLt     CondOp = "<"
	CondLe     CondOp = "<="
	CondGt     CondOp = ">"
	CondGe     CondOp = ">="
)

// A Cond is a task's when expression as written: a tree of operators
// over literals and references.
type Cond struct {
	Op    CondOp
	Lit   cty.Value // CondLit: a known string, number or bool
	Ref   *Ref      // CondRef, CondLength
	X, Y  *Cond     // operands: X alone for CondNot and CondParen
	Range hcl.Range
	// Bad is set on the root when a node was in error (reported) and is
	// nil in the tree.
	Bad bool
}

// String returns c in the flow language, as written up to spacing:
// task.triage.output.urgent && var.region != "eu".
func (c *Cond) String() string {
	if c == nil {
		return "…"
	}
	switch c.Op {
	case CondLit:
		switch c.Lit.Type() {
		case cty.String:
			return strconv.Quote(c.Lit.AsString())
		case cty.Number:
			return c.Lit.AsBigFloat().Text('f', -1)
		}
		return fmt.Sprint(c.Lit.True())
	case CondRef:
		return c.Ref.String()
	case CondLength:
		return "length(" + c.Ref.String() + ")"
	case CondParen:
		return "(" + c.X.String() + ")"
	case CondNot:
		return "!" + c.X.String()
	}
	return c.X.String() + " " + string(c.Op) + " " + c.Y.String()
}

var binaryOps = map[*hclsyntax.Operation]CondOp{
	hclsyntax.OpLogicalAnd:         CondAnd,
	hclsyntax.OpLogicalOr:          CondOr,
	hclsyntax.OpEqual:              CondEq,
	hclsyntax.OpNotEqual:           CondNe,
	hclsyntax.OpLessThan:           CondLt,
	hclsyntax.OpLessThanOrEqual:    CondLe,
	hclsyntax.OpGreaterThan:        CondGt,
	hclsyntax.OpGreaterThanOrEqual: CondGe,
}

// when decodes a task's when expression, reporting every problem. A
// node in error is nil in the tree, so that the checker still sees the
// valid references around it; Bad reports that one was.
func (d *decoder) when(attr *hcl.Attribute) *Cond {
	e, ok := attr.Expr.(hclsyntax.Expression)
	if !ok {
		return nil
	}
	bad := false
	c := d.cond(e, attr, &bad)
	if c != nil {
		c.Bad = bad
	}
	return c
}

func (d *decoder) cond(e hclsyntax.Expression, attr *hcl.Attribute, bad *bool) *Cond {
	rng := e.Range()
	fail := func(subject hcl.Range, summary, detail string) *Cond {
		*bad = true
		d.add(&hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: subject.Ptr(), Context: attr.Range.Ptr()})
		return nil
	}
	switch e := e.(type) {
	case *hclsyntax.ParenthesesExpr:
		return &Cond{Op: CondParen, X: d.cond(e.Expression, attr, bad), Range: rng}
	case *hclsyntax.UnaryOpExpr:
		if e.Op == hclsyntax.OpLogicalNot {
			return &Cond{Op: CondNot, X: d.cond(e.Val, attr, bad), Range: rng}
		}
	case *hclsyntax.BinaryOpExpr:
		if op, ok := binaryOps[e.Op]; ok {
			return &Cond{Op: op, X: d.cond(e.LHS, attr, bad), Y: d.cond(e.RHS, attr, bad), Range: rng}
		}
		return fail(rng, "Unsupported operator", "A when may use ==, !=, <, <=, >, >=, !, && and || only; arithmetic belongs in a task.")
	case *hclsyntax.ScopeTraversalExpr:
		ref := d.condRef(e.Traversal, attr)
		if ref == nil {
			*bad = true
			return nil
		}
		return &Cond{Op: CondRef, Ref: ref, Range: rng}
	case *hclsyntax.FunctionCallExpr:
		if e.Name != funcLength {
			if e.Name == FuncCoalesce || e.Name == FuncJoin || e.Name == FuncJSONEncode || e.Name == funcFile || e.Name == funcEnv {
				return fail(hcl.RangeBetween(e.NameRange, e.OpenParenRange), "Function not allowed here",
					fmt.Sprintf("%s may not be used in when. Only length(REF) may be called in a when.", e.Name))
			}
			return fail(e.NameRange, "Call to unknown function",
				fmt.Sprintf("There is no function named %q in a when. A when may call length(REF).%s", e.Name, DidYouMean(e.Name, []string{funcLength})))
		}
		var trav hcl.Traversal
		if len(e.Args) == 1 && !e.ExpandFinal {
			if tr, ok := e.Args[0].(*hclsyntax.ScopeTraversalExpr); ok {
				trav = tr.Traversal
			}
		}
		if trav == nil {
			return fail(rng, "Invalid function argument", "length takes one reference to a list or map, as in length(task.outline.output.sections).")
		}
		ref := d.condRef(trav, attr)
		if ref == nil {
			*bad = true
			return nil
		}
		return &Cond{Op: CondLength, Ref: ref, Range: rng}
	}
	if v, ok := constantValue(e); ok && !v.IsNull() && (v.Type() == cty.String || v.Type() == cty.Number || v.Type() == cty.Bool) {
		return &Cond{Op: CondLit, Lit: v, Range: rng}
	}
	what := "this expression"
	if _, ok := e.(*hclsyntax.ConditionalExpr); ok {
		what = "a conditional"
	}
	return fail(rng, "Unsupported expression",
		fmt.Sprintf("A when is a condition over string, number and bool literals, var.NAME and task.NAME.output (with attribute paths), compared with ==, !=, <, <=, >, >= and combined with !, && and ||; it may not contain %s.", what))
}

// condRef parses a reference in a when: var.NAME or task.NAME.output with
// an attribute path.
func (d *decoder) condRef(trav hcl.Traversal, attr *hcl.Attribute) *Ref {
	if trav.RootName() == "each" {
		d.add(&hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "each in when",
			Detail:   "A when decides whether the task runs at all, so it cannot look at one element: each may be used only in the input of a task with for_each. Filter the list in the task that produces it.",
			Subject:  trav.SourceRange().Ptr(),
			Context:  attr.Range.Ptr(),
		})
		return nil
	}
	ref, diags := ParseRef(trav)
	d.add(withContext(diags, attr.Range)...)
	if ref == nil {
		return nil
	}
	if ref.Kind == RefAgent || ref.Kind == RefTask && !ref.Output {
		fix := "task." + ref.Name + ".output"
		if ref.Kind == RefAgent {
			fix = "var.NAME or task.NAME.output"
		}
		d.add(&hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid reference",
			Detail:   fmt.Sprintf("A when compares values: write %s, not %s.", fix, ref),
			Subject:  ref.Range.Ptr(),
			Context:  attr.Range.Ptr(),
		})
		return nil
	}
	return ref
}

// coalesceCall decodes ${coalesce(REF, ..., [LITERAL])}: Alts holds one
// part per reference, in order, and Default the literal, if any.
func (d *decoder) coalesceCall(e *hclsyntax.FunctionCallExpr, attr *hcl.Attribute) *Part {
	rng := e.Range()
	example := `coalesce(task.escalate.output, "none")`
	fail := func(subject hcl.Range, detail string) *Part {
		d.add(&hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid function argument", Detail: detail, Subject: subject.Ptr(), Context: rng.Ptr()})
		return nil
	}
	if len(e.Args) == 0 || e.ExpandFinal {
		return fail(rng, fmt.Sprintf("coalesce takes one or more references and an optional string literal last, as in %s.", example))
	}
	part := &Part{Func: FuncCoalesce, Range: rng}
	for i, arg := range e.Args {
		if i == len(e.Args)-1 && i > 0 {
			if v, ok := constantValue(arg); ok {
				if v.IsNull() || v.Type() != cty.String {
					return fail(arg.Range(), fmt.Sprintf("The last argument of coalesce, when not a reference, is a string literal, as in %s.", example))
				}
				s := v.AsString()
				part.Default = &s
				break
			}
		}
		tr, ok := arg.(*hclsyntax.ScopeTraversalExpr)
		if !ok {
			return fail(arg.Range(), fmt.Sprintf("Each argument of coalesce but the last is a reference to a task's output, as in %s.", example))
		}
		ref, rdiags := ParseRef(tr.Traversal)
		d.add(withContext(rdiags, attr.Range)...)
		if ref == nil {
			return nil
		}
		if ref.Kind != RefTask || !ref.Output {
			return fail(ref.Range, fmt.Sprintf("coalesce chooses among task outputs, as in %s, not %s.", example, ref))
		}
		part.Alts = append(part.Alts, &Part{Ref: ref, Range: tr.Range()})
	}
	if len(part.Alts) == 0 {
		return fail(rng, fmt.Sprintf("coalesce needs at least one task output, as in %s.", example))
	}
	return part
}

package hclspec

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// listTypeArg returns ELEM of a variable type written list(ELEM), ELEM a
// keyword (string, number, bool; the checker judges which).
func listTypeArg(e hcl.Expression) (string, bool) {
	call, ok := e.(*hclsyntax.FunctionCallExpr)
	if !ok || call.Name != "list" || len(call.Args) != 1 || call.ExpandFinal {
		return "", false
	}
	kw := hcl.ExprAsKeyword(call.Args[0])
	return kw, kw != ""
}

// forEach decodes `for_each = REF`: a list variable, or a task's output
// or attribute of list type.
func (d *decoder) forEach(attr *hcl.Attribute) *Ref {
	const example = "for_each = task.outline.output.sections or for_each = var.topics"
	fail := func(subject hcl.Range, detail string) *Ref {
		d.add(&hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid for_each", Detail: detail, Subject: subject.Ptr(), Context: attr.Range.Ptr()})
		return nil
	}
	if !d.calls(attr, nil) {
		return nil
	}
	trav, tdiags := hcl.AbsTraversalForExpr(attr.Expr)
	if tdiags.HasErrors() {
		return fail(attr.Expr.Range(), fmt.Sprintf("for_each takes a reference to a list, as in %s.", example))
	}
	ref, rdiags := ParseRef(trav)
	d.add(withContext(rdiags, attr.Range)...)
	if ref == nil {
		return nil
	}
	if ref.Kind != RefVar && (ref.Kind != RefTask || !ref.Output) {
		return fail(ref.Range, fmt.Sprintf("for_each takes a list variable or a task's output of list type, as in %s, not %s.", example, ref))
	}
	return ref
}

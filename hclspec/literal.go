package hclspec

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// nonLiteral returns the first part of e that the flow language does not
// have, or nil. Outside references and function calls (checked where they
// are allowed), the language has only literals: strings and heredocs
// without interpolation, numbers (with a leading minus), true, false, and
// lists and objects of literals. Operators, conditionals, indexing, splats,
// for expressions and parentheses are HCL's, not the language's: a flow
// that computes a value is rejected, not evaluated. See
// docs/language.md#names.
func nonLiteral(e hclsyntax.Expression) hclsyntax.Expression {
	switch e := e.(type) {
	case *hclsyntax.LiteralValueExpr:
		return nil
	case *hclsyntax.ScopeTraversalExpr, *hclsyntax.FunctionCallExpr:
		return nil // judged by the caller
	case *hclsyntax.TemplateExpr:
		for _, p := range e.Parts {
			if bad := nonLiteral(p); bad != nil {
				return bad
			}
		}
		return nil
	case *hclsyntax.TemplateWrapExpr:
		return nonLiteral(e.Wrapped)
	case *hclsyntax.UnaryOpExpr:
		if lit, ok := e.Val.(*hclsyntax.LiteralValueExpr); ok && e.Op == hclsyntax.OpNegate && lit.Val.Type() == cty.Number {
			return nil // a negative number
		}
		return e
	case *hclsyntax.TupleConsExpr:
		for _, x := range e.Exprs {
			if bad := nonLiteral(x); bad != nil {
				return bad
			}
		}
		return nil
	case *hclsyntax.ObjectConsExpr:
		for _, item := range e.Items {
			if bad := nonLiteral(item.KeyExpr); bad != nil {
				return bad
			}
			if bad := nonLiteral(item.ValueExpr); bad != nil {
				return bad
			}
		}
		return nil
	case *hclsyntax.ObjectConsKeyExpr:
		// A bare name or a string; (k) forces a computed key.
		if e.ForceNonLiteral {
			if bad := nonLiteral(e.Wrapped); bad != nil {
				return bad
			}
			return e
		}
		if hcl.ExprAsKeyword(e.Wrapped) != "" {
			return nil
		}
		return nonLiteral(e.Wrapped)
	}
	return e
}

// unsupported reports the non-literal expression bad inside attr.
func (d *decoder) unsupported(bad hclsyntax.Expression, attr *hcl.Attribute) {
	d.add(&hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Unsupported expression",
		Detail:   fmt.Sprintf("The flow language has no %s: write the value itself, as a literal (a string, number, bool, list or object), a reference or an allowed function call.", exprNoun(bad)),
		Subject:  bad.Range().Ptr(),
		Context:  attr.Range.Ptr(),
	})
}

// exprNoun names the kind of a non-literal expression for a diagnostic.
func exprNoun(e hclsyntax.Expression) string {
	switch e.(type) {
	case *hclsyntax.BinaryOpExpr, *hclsyntax.UnaryOpExpr:
		return "operators"
	case *hclsyntax.ConditionalExpr:
		return "conditional expressions"
	case *hclsyntax.IndexExpr, *hclsyntax.RelativeTraversalExpr:
		return "indexing or attribute selection on values"
	case *hclsyntax.SplatExpr:
		return "splat expressions"
	case *hclsyntax.ForExpr:
		return "for expressions"
	case *hclsyntax.ParenthesesExpr:
		return "parentheses"
	case *hclsyntax.ObjectConsKeyExpr:
		return "computed object keys"
	}
	return "expressions of this kind"
}

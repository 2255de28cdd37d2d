package ir

import (
	"fmt"

	"github.com/intelligen/intelligen/hclspec"
)

// templates types the references of every input template: the attribute
// path of a typed output, and how the selected value renders
// (docs/language.md#typed-outputs).
func (c *checker) templates() {
	for _, t := range c.all {
		st := c.srcTask[t]
		for i := range t.Input {
			p := &t.Input[i]
			if p.Func == Coalesce {
				c.coalesceTypes(p, st.Input.Range.Ptr())
				continue
			}
			if p.ref == nil {
				continue
			}
			switch {
			case p.Each != "":
				c.eachPart(t, p, st.Input.Range.Ptr())
			case p.Var != nil:
				c.varPart(p)
			case p.Edge != nil:
				c.edgePart(p)
			}
			if p.Type == nil {
				continue // reported
			}
			ctx := st.Input.Range.Ptr()
			switch p.Func {
			case Interpolate:
				if !p.Type.Primitive() {
					fix := fmt.Sprintf("jsonencode(%s)", p.ref)
					if p.Type.PrimitiveList() {
						fix = fmt.Sprintf("join(\", \", %s)", p.ref)
					}
					c.errorf(p.ref.Range.Ptr(), ctx, "Non-primitive value in input",
						"%s is %s, which has no text form of its own. Render it with ${%s}.", p.ref, typeNoun(p.Type), fix)
				}
			case Join:
				if !p.Type.PrimitiveList() {
					c.errorf(p.ref.Range.Ptr(), ctx, "Invalid join argument",
						"join takes a list of strings, numbers, bools or enum values, but %s is %s. Render it with ${jsonencode(%s)} instead.", p.ref, typeNoun(p.Type), p.ref)
				}
			}
		}
	}
}

// typeNoun describes t in a message: "text", "a number", "a list(string)",
// "the schema ticket".
func typeNoun(t *Type) string {
	switch {
	case t.Schema != "":
		return "the schema " + t.Schema
	case t == stringType:
		return "text"
	case t.Kind == KindEnum || t.Kind == KindObject:
		return "an " + t.HCL()
	}
	return "a " + t.HCL()
}

// varPart types a ${var.X} part.
func (c *checker) varPart(p *Part) {
	switch p.Var.Type {
	case ImageVar, AudioVar:
		noun, agent := "an image", "vision"
		if p.Var.Type == AudioVar {
			noun, agent = "an audio", "recognition"
		}
		c.errorf(p.ref.Range.Ptr(), nil, "Media variable outside attach",
			"var.%s is %s variable: it cannot be used in text. Pass it to a task of a %s agent with attach = [var.%s].", p.Var.Name, noun, agent, p.Var.Name)
	default:
		p.Type = varTypeOf(p.Var.Type)
	}
}

// edgePart types a ${task.X.output...} part, following its path.
func (c *checker) edgePart(p *Part) {
	from := p.Edge.From
	if from.Agent == nil || !from.Agent.Type.valid() || from.Output != TextValue {
		return // reported, or a non-text output that ports reports
	}
	c.followPath(p, from.OutType(), fmt.Sprintf("task.%s.output", from.Name))
}

// followPath follows p's attribute path from the value sel of type cur,
// setting p.Path, p.Optional and p.Type (nil when the path is wrong,
// which it reports).
func (c *checker) followPath(p *Part, cur *Type, sel string) {
	for _, s := range p.ref.Path {
		if cur.Kind != KindObject {
			detail := fmt.Sprintf("%s is %s, which has no attributes.", sel, typeNoun(cur))
			if cur.Kind == KindList || cur.Kind == KindMap {
				detail = fmt.Sprintf("%s is %s: a path selects object attributes and cannot look inside a list or map. Render it whole with join or jsonencode, or handle each element with for_each.", sel, typeNoun(cur))
			}
			c.errorf(s.Range.Ptr(), p.ref.Range.Ptr(), "Unsupported attribute", "%s", detail)
			return
		}
		a := cur.Attr(s.Name)
		if a == nil {
			names := make([]string, len(cur.Attrs))
			for i, x := range cur.Attrs {
				names[i] = x.Name
			}
			c.errorf(s.Range.Ptr(), p.ref.Range.Ptr(), "Unsupported attribute",
				"%s has no attribute %q; its attributes are %s.%s", sel, s.Name, and(names), hclspec.DidYouMean(s.Name, names))
			return
		}
		p.Path = append(p.Path, Step{Name: a.Name, GoName: a.GoName, Optional: a.Optional, Type: a.Type})
		p.Optional = p.Optional || a.Optional
		sel += "." + a.Name
		cur = a.Type
	}
	p.Type = cur
}

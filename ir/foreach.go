package ir

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/intelligen/intelligen/hclspec"
	"github.com/zclconf/go-cty/cty"
)

// A ForEach is the list a task fans out over: a list variable, or a
// task's output (or an attribute of it) of list type, along Edge.
type ForEach struct {
	Var  *Variable
	Edge *Edge  // a ViaForEach edge
	Path []Step // attributes selected from Edge's typed output
	// Elem is the type of one element: each.value's type.
	Elem  *Type
	Range hcl.Range

	ref *hclspec.Ref
}

// listVarTypes maps a list variable's type to its element type.
var listVarTypes = map[VarType]*Type{
	ListString: stringType,
	ListNumber: numberType,
	ListBool:   boolType,
}

// varTypeOf is the Type of a variable's value; nil for image and audio.
func varTypeOf(t VarType) *Type {
	switch t {
	case String:
		return stringType
	case Number:
		return numberType
	case Bool:
		return boolType
	}
	if e := listVarTypes[t]; e != nil {
		return &Type{Kind: KindList, Elem: e}
	}
	return nil
}

// listDefault converts a list default to []string, []float64 or []bool.
func (c *checker) listDefault(v *Variable, d *hclspec.Value) any {
	val := d.Value
	bad := func() any {
		c.errorf(d.Range.Ptr(), span(d.NameRange, d.Range), "Invalid default value",
			"The default of variable %q must be a %s, like its type, as in [\"a\", \"b\"], not %s. Change the default or the type.", v.Name, v.Type, hclspec.TypeNoun(val.Type()))
		return nil
	}
	if !val.Type().IsTupleType() && !val.Type().IsListType() {
		return bad()
	}
	elem := listVarTypes[v.Type]
	var ss []string
	var fs []float64
	var bs []bool
	for it := val.ElementIterator(); it.Next(); {
		_, x := it.Element()
		switch {
		case x.IsNull():
			return bad()
		case elem == stringType && x.Type() == cty.String:
			ss = append(ss, x.AsString())
		case elem == numberType && x.Type() == cty.Number:
			f, _ := x.AsBigFloat().Float64()
			fs = append(fs, f)
		case elem == boolType && x.Type() == cty.Bool:
			bs = append(bs, x.True())
		default:
			return bad()
		}
	}
	switch elem {
	case numberType:
		return append([]float64{}, fs...)
	case boolType:
		return append([]bool{}, bs...)
	}
	return append([]string{}, ss...)
}

// forEach resolves t's for_each and concurrency.
func (c *checker) forEach(t *Task, st *hclspec.Task) {
	if st.Concurrency != nil {
		if n, ok := st.Concurrency.Int(); !ok || n < 1 || n > 1<<20 {
			c.errorf(st.Concurrency.Range.Ptr(), span(st.Concurrency.NameRange, st.Concurrency.Range), "Invalid concurrency",
				"concurrency is the number of this task's calls in flight per Run: a whole number from 1, not %s. Remove it for no cap of the task's own.", st.Concurrency.Value.Text('g', -1))
		} else {
			t.Concurrency = int(n)
		}
		if st.ForEach == nil && st.ForEachRange == nil {
			c.errorf(st.Concurrency.NameRange.Ptr(), st.DefRange.Ptr(), "concurrency without for_each",
				"concurrency caps the calls of a for_each task; task %q makes one call. Remove it, or add for_each.", t.Name)
		}
	}
	r := st.ForEach
	if r == nil {
		return
	}
	fe := &ForEach{Range: r.Range, ref: r}
	switch r.Kind {
	case hclspec.RefVar:
		v := c.refVar(r, st.ForEachRange)
		if v == nil {
			return
		}
		fe.Var = v
	case hclspec.RefTask:
		from := c.refTask(r, st.ForEachRange)
		if from == nil {
			return
		}
		fe.Edge = &Edge{From: from, To: t, Via: ViaForEach, Range: r.Range, Needed: true}
		t.In = append(t.In, fe.Edge)
	}
	t.ForEach = fe
}

// forEachTypes types every for_each: a list.
func (c *checker) forEachTypes() {
	for _, t := range c.all {
		st := c.srcTask[t]
		if fe := t.ForEach; fe != nil {
			var lt *Type
			if fe.Var != nil {
				switch fe.Var.Type {
				case ImageVar, AudioVar:
					c.errorf(fe.ref.Range.Ptr(), st.ForEachRange, "Media variable outside attach",
						"var.%s is an %s variable: for_each takes a list. Pass it to a task with attach = [var.%s].", fe.Var.Name, fe.Var.Type, fe.Var.Name)
				default:
					lt = varTypeOf(fe.Var.Type)
				}
			} else if from := fe.Edge.From; from.Agent != nil && from.Agent.Type.valid() {
				if from.Output != TextValue {
					c.errorf(fe.ref.Range.Ptr(), st.ForEachRange, "Invalid for_each",
						"task.%s produces %s, not a list. for_each takes a list variable or a text task's output of list type.", from.Name, valueNoun(from.Output))
				} else {
					p := Part{Edge: fe.Edge, ref: fe.ref}
					c.edgePart(&p)
					fe.Path, lt = p.Path, p.Type
				}
			}
			if lt != nil && lt.Kind != KindList {
				c.errorf(fe.ref.Range.Ptr(), st.ForEachRange, "for_each over a non-list",
					"%s is %s; for_each takes a list, calling the agent once per element. Declare a list, as in output = object({ items = list(string) }), or a list variable.", fe.ref, typeNoun(lt))
				lt = nil
			}
			if lt != nil {
				fe.Elem = lt.Elem
			}
		}
	}
}

// eachPart types an each.value or each.index part of t's input.
func (c *checker) eachPart(t *Task, p *Part, ctx *hcl.Range) {
	if t.ForEach == nil {
		c.errorf(p.ref.Range.Ptr(), ctx, "each without for_each",
			"%s is an element of the list a task runs over, but task %q has no for_each. Add one, as in for_each = var.topics.", p.ref, t.Name)
		return
	}
	if p.Each == hclspec.EachIndex {
		p.Type = numberType
	} else if t.ForEach.Elem != nil {
		c.followPath(p, t.ForEach.Elem, "each.value")
	}
}

// OutType is the type of t's value on its edges and in Output, for a
// text task: its declared type (string when nil), in a list when t has
// for_each.
func (t *Task) OutType() *Type {
	ty := t.Type
	if ty == nil {
		ty = stringType
	}
	if t.ForEach != nil {
		return &Type{Kind: KindList, Elem: ty}
	}
	return ty
}

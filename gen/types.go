package gen

import (
	"fmt"
	"strconv"

	"github.com/intelligen/intelligen/ir"
)

// Typed outputs (docs/language.md#typed-outputs): one Go type per named
// type of the flow, one JSON Schema per output type, and the Go type of
// every value a task produces.

// nameTypes reserves the Go names of the flow's types and enum constants
// at package level and names the JSON Schema of each output type: the
// schema's own for a schema type, the task's for an inline one.
func (g *generator) nameTypes() {
	for _, t := range g.w.Types {
		g.pkg.reserve(t.GoName)
		for _, c := range t.EnumGoNames {
			if c != "" {
				g.pkg.reserve(c)
			}
		}
	}
	g.schemaVar = make(map[*ir.Type]string)
	for _, t := range g.w.Tasks {
		if t.Type == nil || g.schemaVar[t.Type] != "" {
			continue
		}
		base := t.GoName
		if t.Type.Schema != "" {
			base = t.Type.GoName
		}
		v := g.pkg.name("schema" + base)
		g.schemaVar[t.Type] = v
		g.schemaTask = append(g.schemaTask, t)
		g.schemaConst = append(g.schemaConst, g.pkg.name(v+"JSON"))
	}
}

// schemaLabel is the name of t's output schema on the wire: the schema's
// label, or the task's for an inline type (docs/providers.md#structured-output).
func schemaLabel(t *ir.Task) string {
	if t.Type.Schema != "" {
		return t.Type.Schema
	}
	return t.Name
}

// valueType returns the Go type of the value task t produces: its Output
// field's type and that of every channel carrying it; for a for_each task
// (docs/language.md#fan-out), a slice of its elements' type.
func valueType(t *ir.Task) any {
	if t.ForEach != nil {
		return []any{"[]", elemType(t)}
	}
	return elemType(t)
}

// elemType is the Go type of one call's value of task t.
func elemType(t *ir.Task) any {
	if t.Type != nil {
		return goType(t.Type)
	}
	switch t.Output {
	case ir.ImageValue:
		return rt("Image")
	case ir.AudioValue:
		return rt("Audio")
	case ir.EmbeddingValue:
		return rt("Embedding")
	}
	return "string"
}

// goType is the Go type of a typed value: its name when it has one, else
// the type written in place.
func goType(t *ir.Type) string {
	if t.GoName != "" {
		return t.GoName
	}
	return underlying(t)
}

// underlying is the Go type a named type of kind t.Kind is declared as.
func underlying(t *ir.Type) string {
	switch t.Kind {
	case ir.KindNumber:
		return "float64"
	case ir.KindBool:
		return "bool"
	case ir.KindList:
		return "[]" + goType(t.Elem)
	case ir.KindMap:
		return "map[string]" + goType(t.Elem)
	}
	return "string" // string, enum; an object always has a name
}

// types writes one declaration per named type of the flow, inner types
// first: a struct per object, a string type and its constants per enum,
// and a defined type per schema of another kind.
func (g *generator) types(w *writer) {
	owners := typeOwners(g.w)
	for _, t := range g.w.Types {
		w.P("// ", t.GoName, " is ", owners[t], at(t.Range), ".")
		if d := t.Description; d != "" {
			w.P("//")
			for _, line := range commentLines(d) {
				w.P(line)
			}
		}
		switch t.Kind {
		case ir.KindObject:
			var fields [][]any
			for _, a := range t.Attrs {
				typ := goType(a.Type)
				if a.Optional {
					typ = "*" + typ
				}
				f := []any{a.GoName, " ", typ, " `json:\"", a.Name, "\"`"}
				if d := attrDescription(a); d != "" {
					f = append(f, " // ", oneLine(d))
				}
				fields = append(fields, f)
			}
			structType(w, t.GoName, fields)
		case ir.KindEnum:
			w.P("type ", t.GoName, " string")
			w.P()
			w.P("// The values of ", t.GoName, ".")
			w.P("const (")
			for i, v := range t.Enum {
				if c := t.EnumGoNames[i]; c != "" {
					w.P(c, " ", t.GoName, " = ", strconv.Quote(v))
				}
			}
			w.P(")")
			w.P()
		default:
			w.P("type ", t.GoName, " ", underlying(t))
			w.P()
		}
	}
}

// attrDescription is an attribute's description, else its type's.
func attrDescription(a *ir.Attr) string {
	if a.Description != "" {
		return a.Description
	}
	return a.Type.Description
}

// typeOwners says, for each named type, where the flow declares it: a
// schema, a task's output, or an attribute of another type.
func typeOwners(w *ir.Workflow) map[*ir.Type]string {
	owners := make(map[*ir.Type]string, len(w.Types))
	set := func(t *ir.Type, s string) {
		for t.GoName == "" && (t.Kind == ir.KindList || t.Kind == ir.KindMap) {
			t = t.Elem
		}
		if _, ok := owners[t]; !ok && t.GoName != "" {
			owners[t] = s
		}
	}
	for _, t := range w.Types {
		if t.Schema != "" {
			owners[t] = fmt.Sprintf("schema.%s", t.Schema)
		}
	}
	for _, t := range w.Tasks {
		if t.Type != nil {
			set(t.Type, fmt.Sprintf("the output of task.%s", t.Name))
		}
	}
	for _, t := range w.Types {
		if t.Kind == ir.KindList || t.Kind == ir.KindMap {
			set(t.Elem, "the element type of "+t.GoName)
		}
		for _, a := range t.Attrs {
			set(a.Type, fmt.Sprintf("the type of %s.%s", t.GoName, a.GoName))
		}
	}
	return owners
}

// schemas writes, per output type, its canonical JSON Schema as a
// constant and the runtime.Schema that typed calls check answers against.
func (g *generator) schemas(w *writer) {
	for i, task := range g.schemaTask {
		t, label := task.Type, schemaLabel(task)
		what := "schema." + t.Schema
		if t.Schema == "" {
			what = fmt.Sprintf("the output of task.%s, %s", label, t.HCL())
		}
		w.P("// ", g.schemaConst[i], " is the JSON Schema of ", what, "; ", g.schemaVar[t], " checks answers against it.")
		w.P("const ", g.schemaConst[i], " = ", rawString(string(t.JSONSchema())))
		w.P()
		w.P("var ", g.schemaVar[t], " = ", rt("NewSchema"), "(", strconv.Quote(label), ", ", g.schemaConst[i], ")")
		w.P()
	}
}

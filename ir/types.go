package ir

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// Kind is the kind of a [Type].
type Kind string

// The kinds of typed outputs (docs/language.md#typed-outputs).
const (
	KindString Kind = "string" // Go string
	KindNumber Kind = "number" // Go float64
	KindBool   Kind = "bool"   // Go bool
	KindEnum   Kind = "enum"   // a named Go string type with one constant per value
	KindList   Kind = "list"   // Go []Elem
	KindMap    Kind = "map"    // Go map[string]Elem
	KindObject Kind = "object" // a named Go struct
)

// A Type is the checked type of a typed output or of a value selected from
// one (docs/language.md#typed-outputs). Types are shared: every use of a
// schema is the same *Type, so a generator declares each named type once
// (see [Workflow.Types]).
type Type struct {
	Kind  Kind
	Elem  *Type    // list, map
	Attrs []*Attr  // object, in declaration order
	Enum  []string // enum values, in declaration order

	// Schema is the schema's label when this is the type of a schema block;
	// "" for an inline type.
	Schema string
	// GoName is the Go type name: set for a schema's type (whatever its
	// kind) and for every object and enum; "" for an unnamed string,
	// number, bool, list or map (whose Go type is written in place).
	GoName string
	// EnumGoNames are the Go names of the enum's constants, one per value
	// of Enum: GoName followed by the value's Go name (TicketCategoryBilling).
	EnumGoNames []string
	// Description is the schema block's description (schema types only).
	Description string

	Range hcl.Range // where the type is written
}

// An Attr is one attribute of an object type.
type Attr struct {
	Name     string // as written; the JSON name
	GoName   string // the struct field
	Type     *Type
	Optional bool // optional(T): a *T field, nil when absent or null
	// Description is the schema field's description, "" if none.
	Description string

	Range hcl.Range // the attribute name
}

// The primitive types of untyped values: a variable's, a text output's.
var (
	stringType = &Type{Kind: KindString}
	numberType = &Type{Kind: KindNumber}
	boolType   = &Type{Kind: KindBool}
)

// Primitive reports whether t is a string, number, bool or enum: a value
// that renders as text in a template.
func (t *Type) Primitive() bool {
	switch t.Kind {
	case KindString, KindNumber, KindBool, KindEnum:
		return true
	}
	return false
}

// PrimitiveList reports whether t is a list of primitives: what join
// accepts.
func (t *Type) PrimitiveList() bool {
	return t.Kind == KindList && t.Elem.Primitive()
}

// Attr returns t's attribute named name, or nil.
func (t *Type) Attr(name string) *Attr {
	for _, a := range t.Attrs {
		if a.Name == name {
			return a
		}
	}
	return nil
}

// HCL returns t as written in a flow: the schema's label for a schema type
// (as in DOT edge labels), else list(string), object({ title = string }),
// enum("a", "b") and so on.
func (t *Type) HCL() string {
	if t.Schema != "" {
		return t.Schema
	}
	var b strings.Builder
	t.writeHCL(&b, true)
	return b.String()
}

func (t *Type) writeHCL(b *strings.Builder, root bool) {
	if t.Schema != "" && !root {
		b.WriteString("schema." + t.Schema)
		return
	}
	switch t.Kind {
	case KindList, KindMap:
		b.WriteString(string(t.Kind) + "(")
		t.Elem.writeHCL(b, false)
		b.WriteString(")")
	case KindEnum:
		b.WriteString("enum(")
		writeStrings(b, t.Enum, ", ")
		b.WriteString(")")
	case KindObject:
		b.WriteString("object({ ")
		for i, a := range t.Attrs {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(a.Name + " = ")
			if a.Optional {
				b.WriteString("optional(")
			}
			a.Type.writeHCL(b, false)
			if a.Optional {
				b.WriteString(")")
			}
		}
		b.WriteString(" })")
	default:
		b.WriteString(string(t.Kind))
	}
}

// JSONSchema returns t's canonical JSON Schema: string, number and bool as
// {"type":"string"}, {"type":"number"}, {"type":"boolean"}; an enum as
// {"type":"string","enum":[...]}; list(T) as {"type":"array","items":S(T)};
// map(T) as {"type":"object","additionalProperties":S(T)}; an object as
// {"type":"object","properties":{...},"required":[...],"additionalProperties":false}
// with properties in declaration order and required naming every attribute
// that is not optional. A description (the schema's, or a field's on its
// property) follows "type". There is no white space, and strings are
// encoded without HTML escaping, so the bytes depend on t alone.
func (t *Type) JSONSchema() []byte {
	var b strings.Builder
	t.writeSchema(&b, t.Description)
	return []byte(b.String())
}

func (t *Type) writeSchema(b *strings.Builder, desc string) {
	typ := map[Kind]string{KindString: "string", KindNumber: "number", KindBool: "boolean",
		KindEnum: "string", KindList: "array", KindMap: "object", KindObject: "object"}[t.Kind]
	b.WriteString(`{"type":"` + typ + `"`)
	if desc != "" {
		b.WriteString(`,"description":`)
		writeJSON(b, desc)
	}
	switch t.Kind {
	case KindEnum:
		b.WriteString(`,"enum":[`)
		writeStrings(b, t.Enum, ",")
		b.WriteByte(']')
	case KindList:
		b.WriteString(`,"items":`)
		t.Elem.writeSchema(b, t.Elem.Description)
	case KindMap:
		b.WriteString(`,"additionalProperties":`)
		t.Elem.writeSchema(b, t.Elem.Description)
	case KindObject:
		b.WriteString(`,"properties":{`)
		for i, a := range t.Attrs {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(b, a.Name)
			b.WriteByte(':')
			d := a.Description
			if d == "" {
				d = a.Type.Description
			}
			a.Type.writeSchema(b, d)
		}
		b.WriteString(`},"required":[`)
		var required []string
		for _, a := range t.Attrs {
			if !a.Optional {
				required = append(required, a.Name)
			}
		}
		writeStrings(b, required, ",")
		b.WriteString(`],"additionalProperties":false`)
	}
	b.WriteByte('}')
}

// writeStrings writes ss as JSON strings separated by sep.
func writeStrings(b *strings.Builder, ss []string, sep string) {
	for i, s := range ss {
		if i > 0 {
			b.WriteString(sep)
		}
		writeJSON(b, s)
	}
}

// writeJSON writes s as a JSON string without HTML escaping.
func writeJSON(b *strings.Builder, s string) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	b.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

// PromptJSON reports whether e's value enters a prompt as its canonical
// JSON: e carries a typed output whose type is not a string (an after
// entry of a typed task; docs/language.md#typed-outputs), or the list of
// a for_each task (docs/language.md#fan-out). Otherwise a text value
// enters as it is.
func (e *Edge) PromptJSON() bool {
	return e.From.OutType().Kind != KindString
}

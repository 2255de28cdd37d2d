package runtime

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// A Schema is the JSON Schema of a typed task output (docs/language.md#typed-outputs):
// the canonical schema the generator writes, the strict form that the
// providers with a strict structured-output mode need
// (docs/providers.md#structured-output), and a parsed tree that answers
// are validated against. It is built once per output type, when the
// generated package is initialised, and is safe for concurrent use.
type Schema struct {
	name      string
	canonical json.RawMessage
	strict    json.RawMessage
	wrapped   bool
	root      *node
}

// A node is one type of a schema's tree.
type node struct {
	kind  nodeKind
	enum  []string // kindEnum: the values, in order
	elem  *node    // kindArray: the items; kindMap: the values
	props []prop   // kindObject: the attributes, in declaration order
}

type nodeKind uint8

const (
	kindString nodeKind = iota
	kindNumber
	kindBool
	kindEnum
	kindArray
	kindObject
	kindMap
)

// A prop is one attribute of an object type.
type prop struct {
	name     string
	node     *node
	optional bool // absent from the object's required list
}

// maxSchemaDepth bounds the nesting of a schema; the language allows 10
// levels, and the strict form's wrapper adds one.
const maxSchemaDepth = 32

// NewSchema parses the canonical JSON Schema of the output type called name
// (a schema's label, or the task's label for an inline type). The schema is
// the generator's: malformed input is a bug in generated code, and
// NewSchema panics on it.
func NewSchema(name, canonical string) *Schema {
	s, err := parseSchema(name, canonical)
	if err != nil {
		panic("runtime: NewSchema(" + strconv.Quote(name) + "): " + err.Error())
	}
	return s
}

func parseSchema(name, canonical string) (*Schema, error) {
	v, err := readOrdered(strings.NewReader(canonical))
	if err != nil {
		return nil, err
	}
	obj, ok := v.(ordered)
	if !ok {
		return nil, errors.New("schema is not a JSON object")
	}
	root, err := buildNode(obj, 0)
	if err != nil {
		return nil, err
	}
	s := &Schema{name: name, root: root}
	var b bytes.Buffer
	writeOrdered(&b, obj)
	s.canonical = bytes.Clone(b.Bytes())
	strict := strictForm(obj, root)
	if root.kind != kindObject && root.kind != kindMap {
		s.wrapped = true
		strict = ordered{
			{"type", "object"},
			{"properties", ordered{{"value", strict}}},
			{"required", []any{"value"}},
			{"additionalProperties", false},
		}
	}
	b.Reset()
	writeOrdered(&b, strict)
	s.strict = bytes.Clone(b.Bytes())
	return s, nil
}

// Name returns the schema's name: the label of the schema block, or of the
// task for an inline type.
func (s *Schema) Name() string { return s.name }

// JSON returns the canonical JSON Schema, as generated.
func (s *Schema) JSON() json.RawMessage { return s.canonical }

// Strict returns the strict form: every property of every object required,
// each optional attribute's schema S as {"anyOf":[S,{"type":"null"}]}, and
// a root that is not an object wrapped as the single required property
// "value" of an object (see [Schema.Wrapped]).
func (s *Schema) Strict() json.RawMessage { return s.strict }

// Wrapped reports whether the strict form wraps the root in an object's
// "value" property. A client that sent the strict form then passes its
// answer through [Schema.Unwrap].
func (s *Schema) Wrapped() bool { return s.wrapped }

// Unwrap returns the answer to a request that sent the strict form as an
// answer to the canonical schema: the "value" of a wrapped answer, or text
// itself when the root is not wrapped. An answer that is not an object
// with a "value" is an *[OutputError], which the runtime asks again for
// like any invalid output.
func (s *Schema) Unwrap(text string) (string, error) {
	if !s.wrapped {
		return text, nil
	}
	body, err := unfence(text)
	if err != nil {
		return "", err
	}
	var w map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &w); err != nil {
		return "", &OutputError{Reason: `want an object with the single attribute "value"`}
	}
	v, ok := w["value"]
	if !ok {
		return "", &OutputError{Path: "value", Reason: "required attribute is missing"}
	}
	if len(w) > 1 {
		for k := range w {
			if k != "value" {
				return "", &OutputError{Path: k, Reason: "unknown attribute"}
			}
		}
	}
	return string(v), nil
}

// buildNode reads one schema object into a node.
func buildNode(obj ordered, depth int) (*node, error) {
	if depth > maxSchemaDepth {
		return nil, errors.New("schema nested too deeply")
	}
	typ, _ := obj.get("type").(string)
	switch typ {
	case "string":
		enum, ok := obj.get("enum").([]any)
		if !ok {
			return &node{kind: kindString}, nil
		}
		if len(enum) == 0 {
			return nil, errors.New("enum without values")
		}
		n := &node{kind: kindEnum, enum: make([]string, len(enum))}
		for i, v := range enum {
			if n.enum[i], ok = v.(string); !ok {
				return nil, errors.New("enum value is not a string")
			}
		}
		return n, nil
	case "number":
		return &node{kind: kindNumber}, nil
	case "boolean":
		return &node{kind: kindBool}, nil
	case "array":
		items, ok := obj.get("items").(ordered)
		if !ok {
			return nil, errors.New(`array without "items" schema`)
		}
		elem, err := buildNode(items, depth+1)
		if err != nil {
			return nil, err
		}
		return &node{kind: kindArray, elem: elem}, nil
	case "object":
		props, hasProps := obj.get("properties").(ordered)
		if add, ok := obj.get("additionalProperties").(ordered); ok && !hasProps {
			elem, err := buildNode(add, depth+1)
			if err != nil {
				return nil, err
			}
			return &node{kind: kindMap, elem: elem}, nil
		}
		required := map[string]bool{}
		if req, ok := obj.get("required").([]any); ok {
			for _, r := range req {
				name, ok := r.(string)
				if !ok {
					return nil, errors.New("required entry is not a string")
				}
				required[name] = true
			}
		}
		n := &node{kind: kindObject, props: make([]prop, 0, len(props))}
		for _, kv := range props {
			child, ok := kv.v.(ordered)
			if !ok {
				return nil, fmt.Errorf("property %q is not a schema", kv.k)
			}
			pn, err := buildNode(child, depth+1)
			if err != nil {
				return nil, err
			}
			n.props = append(n.props, prop{name: kv.k, node: pn, optional: !required[kv.k]})
		}
		return n, nil
	}
	return nil, fmt.Errorf("unsupported schema type %q", typ)
}

// strictForm returns the strict form of the schema obj whose tree is n
// (without the root's wrapper).
func strictForm(obj ordered, n *node) ordered {
	out := make(ordered, 0, len(obj)+1)
	hasRequired := false
	for _, kv := range obj {
		switch {
		case kv.k == "items" && n.kind == kindArray:
			kv.v = strictForm(kv.v.(ordered), n.elem)
		case kv.k == "additionalProperties" && n.kind == kindMap:
			kv.v = strictForm(kv.v.(ordered), n.elem)
		case kv.k == "properties" && n.kind == kindObject:
			src := kv.v.(ordered)
			props := make(ordered, len(src))
			for i, p := range n.props {
				s := any(strictForm(src[i].v.(ordered), p.node))
				if p.optional {
					s = ordered{{"anyOf", []any{s, ordered{{"type", "null"}}}}}
				}
				props[i] = member{p.name, s}
			}
			kv.v = props
		case kv.k == "required" && n.kind == kindObject:
			kv.v, hasRequired = n.allNames(), true
		}
		out = append(out, kv)
	}
	if n.kind == kindObject && !hasRequired {
		out = append(out, member{"required", n.allNames()})
	}
	return out
}

func (n *node) allNames() []any {
	names := make([]any, len(n.props))
	for i, p := range n.props {
		names[i] = p.name
	}
	return names
}

// ordered is a JSON object that keeps its members' order. Values are
// ordered, []any, string, json.Number, bool or nil.
type ordered []member

type member struct {
	k string
	v any
}

func (o ordered) get(k string) any {
	for _, m := range o {
		if m.k == k {
			return m.v
		}
	}
	return nil
}

// readOrdered reads one JSON value, keeping object members in order.
func readOrdered(r io.Reader) (any, error) {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	v, err := readValue(dec, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("text after the schema")
	}
	return v, nil
}

func readValue(dec *json.Decoder, depth int) (any, error) {
	if depth > 4*maxSchemaDepth {
		return nil, errors.New("schema nested too deeply")
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('{'):
		var o ordered
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return nil, err
			}
			v, err := readValue(dec, depth+1)
			if err != nil {
				return nil, err
			}
			o = append(o, member{k.(string), v})
		}
		_, err := dec.Token()
		return o, err
	case json.Delim('['):
		a := []any{}
		for dec.More() {
			v, err := readValue(dec, depth+1)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		_, err := dec.Token()
		return a, err
	}
	return tok, nil
}

// writeOrdered writes v compactly, members in order, strings escaped as
// encoding/json does without HTML escaping.
func writeOrdered(b *bytes.Buffer, v any) {
	switch v := v.(type) {
	case ordered:
		b.WriteByte('{')
		for i, m := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			writeString(b, m.k)
			b.WriteByte(':')
			writeOrdered(b, m.v)
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			writeOrdered(b, e)
		}
		b.WriteByte(']')
	case string:
		writeString(b, v)
	case json.Number:
		b.WriteString(string(v))
	case bool:
		b.WriteString(strconv.FormatBool(v))
	default:
		b.WriteString("null")
	}
}

// writeString writes s as a JSON string, as encoding/json does with HTML
// escaping off.
func writeString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	enc.Encode(s) // a string always encodes
	b.Truncate(b.Len() - 1)
}

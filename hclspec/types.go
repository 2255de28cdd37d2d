package hclspec

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// TypeKind is the kind of a type expression (docs/language.md#typed-outputs).
type TypeKind string

// The type kinds, as written.
const (
	TypeString   TypeKind = "string"
	TypeNumber   TypeKind = "number"
	TypeBool     TypeKind = "bool"
	TypeEnum     TypeKind = "enum"
	TypeList     TypeKind = "list"
	TypeMap      TypeKind = "map"
	TypeObject   TypeKind = "object"
	TypeOptional TypeKind = "optional"
	TypeSchema   TypeKind = "schema" // schema.NAME
)

// typeKeywords and typeFuncs are the words a type expression may use, for
// suggestions.
var (
	typeKeywords = []string{string(TypeString), string(TypeNumber), string(TypeBool), "schema"}
	typeFuncs    = []string{string(TypeEnum), string(TypeList), string(TypeMap), string(TypeObject), string(TypeOptional)}
)

// A TypeExpr is a type expression as written: string, list(T),
// object({ a = T }), schema.NAME, ... Nothing is resolved: a schema name
// may be undeclared, an attribute name invalid, enum values repeated.
type TypeExpr struct {
	Kind   TypeKind
	Elem   *TypeExpr   // list, map, optional
	Attrs  []*TypeAttr // object, in the order written
	Enum   []*String   // enum values, in the order written
	Schema string      // schema.NAME: the NAME

	Range     hcl.Range // the whole expression
	NameRange hcl.Range // the keyword, function name or schema.NAME
}

// A TypeAttr is one attribute of an object type expression.
type TypeAttr struct {
	Name      string
	NameRange hcl.Range
	Type      *TypeExpr
}

// A Schema is a schema block: a named, reusable type.
type Schema struct {
	Block
	Description *String
	Type        *TypeExpr // nil when absent or invalid
	Fields      []*Field  // source order
}

// A Field is one entry of a schema's fields: a description by attribute
// path ("owner.email").
type Field struct {
	Path      string
	PathRange hcl.Range
	Text      string
	Range     hcl.Range // the description
}

func (d *decoder) schema(blk Block, body hcl.Body) *Schema {
	a := d.content(body, schemaSchema).Attributes
	s := &Schema{Block: blk, Description: d.str(a[attrDescription])}
	if attr := a[attrType]; attr != nil {
		s.Type = d.typeExpr(attr.Expr, attr, false)
	}
	if attr := a[attrFields]; attr != nil {
		s.Fields = d.fields(attr)
	}
	return s
}

// fields decodes `fields = { path = "description", ... }`.
func (d *decoder) fields(attr *hcl.Attribute) []*Field {
	if !d.calls(attr, nil) {
		return nil
	}
	pairs, mdiags := hcl.ExprMap(attr.Expr)
	if mdiags.HasErrors() {
		d.add(&hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Incorrect attribute value type",
			Detail:   `The argument "fields" must be an object of descriptions by attribute path, as in fields = { "owner.email" = "Where the answer goes" }.`,
			Subject:  attr.Expr.Range().Ptr(),
			Context:  attr.Range.Ptr(),
		})
		return nil
	}
	var fs []*Field
	for _, kv := range pairs {
		key := objectKey(kv.Key)
		v, ok := constantValue(kv.Value)
		switch {
		case key == "":
			d.add(&hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Invalid field path",
				Detail:   `A field is named by its attribute path, a name or a quoted dotted path, as in category = "..." or "owner.email" = "...".`,
				Subject:  kv.Key.Range().Ptr(),
				Context:  attr.Range.Ptr(),
			})
		case !ok || v.IsNull() || v.Type() != cty.String:
			d.add(&hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Incorrect attribute value type",
				Detail:   fmt.Sprintf("The description of the field %q must be a constant string.", key),
				Subject:  kv.Value.Range().Ptr(),
				Context:  attr.Range.Ptr(),
			})
		default:
			fs = append(fs, &Field{Path: key, PathRange: kv.Key.Range(), Text: v.AsString(), Range: kv.Value.Range()})
		}
	}
	return fs
}

// typeExpr decodes a type expression; attribute says whether e is the type
// of an object attribute, the only place optional(T) may stand. It returns
// nil, having reported why, if e is not a valid type expression.
func (d *decoder) typeExpr(e hcl.Expression, attr *hcl.Attribute, attribute bool) *TypeExpr {
	rng := e.Range()
	switch e := e.(type) {
	case *hclsyntax.ScopeTraversalExpr:
		return d.typeName(e, attr)
	case *hclsyntax.FunctionCallExpr:
		return d.typeCall(e, attr, attribute)
	}
	detail := "A type is written without quotes: string, number, bool, enum(...), list(T), map(T), object({ ... }) or schema.NAME."
	if v, ok := constantValue(e); ok && !v.IsNull() && v.Type() == cty.String {
		detail = fmt.Sprintf("A type is a keyword or a type function, not a string: write %s without quotes.", v.AsString())
	}
	d.add(&hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Invalid type",
		Detail:   detail,
		Subject:  rng.Ptr(),
		Context:  attr.Range.Ptr(),
	})
	return nil
}

// typeName decodes string, number, bool or schema.NAME.
func (d *decoder) typeName(e *hclsyntax.ScopeTraversalExpr, attr *hcl.Attribute) *TypeExpr {
	t := e.Traversal
	rng := e.Range()
	root := t.RootName()
	if root == "schema" {
		if len(t) == 2 {
			if name, ok := t[1].(hcl.TraverseAttr); ok {
				return &TypeExpr{Kind: TypeSchema, Schema: name.Name, Range: rng, NameRange: rng}
			}
		}
		d.add(&hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid type",
			Detail:   "A schema is referenced by name, as in schema.ticket.",
			Subject:  rng.Ptr(),
			Context:  attr.Range.Ptr(),
		})
		return nil
	}
	if len(t) == 1 {
		switch TypeKind(root) {
		case TypeString, TypeNumber, TypeBool:
			return &TypeExpr{Kind: TypeKind(root), Range: rng, NameRange: rng}
		case TypeEnum, TypeList, TypeMap, TypeObject, TypeOptional:
			d.add(&hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Invalid type",
				Detail:   fmt.Sprintf("%s is a type function: write %s.", root, typeFuncExample(root)),
				Subject:  rng.Ptr(),
				Context:  attr.Range.Ptr(),
			})
			return nil
		}
	}
	nameRange := t[0].SourceRange()
	if unsupportedType(root) {
		d.unsupportedType(root, nameRange, attr)
		return nil
	}
	d.add(&hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Unknown type",
		Detail:   fmt.Sprintf("There is no type named %q. The types are string, number, bool, enum(...), list(T), map(T), object({ ... }) and schema.NAME.%s", root, DidYouMean(root, typeKeywords)),
		Subject:  nameRange.Ptr(),
		Context:  attr.Range.Ptr(),
	})
	return nil
}

// unsupportedType reports whether name is an HCL type the flow language
// leaves out on purpose.
func unsupportedType(name string) bool {
	return name == "any" || name == "set" || name == "tuple"
}

func (d *decoder) unsupportedType(name string, rng hcl.Range, attr *hcl.Attribute) {
	fix := map[string]string{
		"any":   "Declare the type the output has, as in object({ title = string }); a value of unknown type cannot be checked.",
		"set":   "Use list(T): a structured output is JSON, which has no sets.",
		"tuple": "Use object({ ... }) with named attributes, or list(T).",
	}[name]
	d.add(&hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Unsupported type",
		Detail:   fmt.Sprintf("The type %s is not supported in flows. %s", name, fix),
		Subject:  rng.Ptr(),
		Context:  attr.Range.Ptr(),
	})
}

func typeFuncExample(name string) string {
	switch TypeKind(name) {
	case TypeEnum:
		return `enum("billing", "tech")`
	case TypeObject:
		return "object({ title = string })"
	case TypeOptional:
		return "object({ owner = optional(string) })"
	}
	return name + "(string)"
}

// typeCall decodes enum(...), list(T), map(T), object({...}) and
// optional(T).
func (d *decoder) typeCall(e *hclsyntax.FunctionCallExpr, attr *hcl.Attribute, attribute bool) *TypeExpr {
	rng := e.Range()
	kind := TypeKind(e.Name)
	t := &TypeExpr{Kind: kind, Range: rng, NameRange: e.NameRange}
	argCount := func(want string) {
		d.add(&hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Wrong number of type arguments",
			Detail:   fmt.Sprintf("%s takes %s, as in %s.", e.Name, want, typeFuncExample(e.Name)),
			Subject:  rng.Ptr(),
			Context:  attr.Range.Ptr(),
		})
	}
	switch kind {
	case TypeList, TypeMap, TypeOptional:
		if kind == TypeOptional && !attribute {
			d.add(&hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Optional outside an object",
				Detail:   "optional(T) may only be the type of an object attribute, as in object({ owner = optional(string) }). Remove optional(...) here.",
				Subject:  e.NameRange.Ptr(),
				Context:  attr.Range.Ptr(),
			})
			return nil
		}
		if len(e.Args) != 1 || e.ExpandFinal {
			argCount("one type")
			return nil
		}
		if t.Elem = d.typeExpr(e.Args[0], attr, false); t.Elem == nil {
			return nil
		}
		return t
	case TypeObject:
		if len(e.Args) != 1 || e.ExpandFinal {
			argCount("one object of attribute types")
			return nil
		}
		obj, ok := e.Args[0].(*hclsyntax.ObjectConsExpr)
		if !ok {
			d.add(&hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Invalid type",
				Detail:   "object takes the attribute types in braces, as in object({ title = string, tags = list(string) }).",
				Subject:  e.Args[0].Range().Ptr(),
				Context:  attr.Range.Ptr(),
			})
			return nil
		}
		ok = true
		for _, item := range obj.Items {
			name := objectKey(item.KeyExpr)
			if name == "" {
				d.add(&hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Invalid attribute name",
					Detail:   "An attribute of an object type is named by a constant name, as in object({ title = string }).",
					Subject:  item.KeyExpr.Range().Ptr(),
					Context:  attr.Range.Ptr(),
				})
				ok = false
				continue
			}
			at := d.typeExpr(item.ValueExpr, attr, true)
			if at == nil {
				ok = false
				continue
			}
			t.Attrs = append(t.Attrs, &TypeAttr{Name: name, NameRange: item.KeyExpr.Range(), Type: at})
		}
		if !ok {
			return nil
		}
		return t
	case TypeEnum:
		if len(e.Args) == 0 || e.ExpandFinal {
			argCount("one or more strings")
			return nil
		}
		ok := true
		for _, a := range e.Args {
			v, cok := constantValue(a)
			if !cok || v.IsNull() || v.Type() != cty.String {
				d.add(&hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Invalid enum value",
					Detail:   `The values of an enum are constant strings, as in enum("billing", "tech").`,
					Subject:  a.Range().Ptr(),
					Context:  attr.Range.Ptr(),
				})
				ok = false
				continue
			}
			t.Enum = append(t.Enum, &String{Value: v.AsString(), Range: a.Range()})
		}
		if !ok {
			return nil
		}
		return t
	}
	if unsupportedType(e.Name) {
		d.unsupportedType(e.Name, e.NameRange, attr)
		return nil
	}
	d.add(&hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Unknown type function",
		Detail:   fmt.Sprintf("There is no type function named %q. The type functions are %s.%s", e.Name, strings.Join(typeFuncs, ", "), DidYouMean(e.Name, typeFuncs)),
		Subject:  e.NameRange.Ptr(),
		Context:  attr.Range.Ptr(),
	})
	return nil
}

// templateCall decodes ${jsonencode(REF)} and ${join(SEP, REF)}.
func (d *decoder) templateCall(e *hclsyntax.FunctionCallExpr, attr *hcl.Attribute) *Part {
	rng := e.Range()
	want, example := 1, "jsonencode(task.triage.output)"
	if e.Name == FuncJoin {
		want, example = 2, `join(", ", task.triage.output.tags)`
	}
	if len(e.Args) != want || e.ExpandFinal {
		d.add(&hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Wrong number of function arguments",
			Detail:   fmt.Sprintf("The function %s takes %d argument(s), as in %s.", e.Name, want, example),
			Subject:  rng.Ptr(),
			Context:  attr.Range.Ptr(),
		})
		return nil
	}
	part := &Part{Func: e.Name, Range: rng}
	if e.Name == FuncJoin {
		v, ok := constantValue(e.Args[0])
		if !ok || v.IsNull() || v.Type() != cty.String {
			d.add(&hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Invalid function argument",
				Detail:   fmt.Sprintf("The separator of join must be a string literal, as in %s.", example),
				Subject:  e.Args[0].Range().Ptr(),
				Context:  rng.Ptr(),
			})
			return nil
		}
		part.Sep = v.AsString()
	}
	arg := e.Args[len(e.Args)-1]
	trav, tdiags := hcl.AbsTraversalForExpr(arg)
	if tdiags.HasErrors() {
		d.add(&hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid function argument",
			Detail:   fmt.Sprintf("The value of %s is a reference to a variable or a task's output, as in %s.", e.Name, example),
			Subject:  arg.Range().Ptr(),
			Context:  rng.Ptr(),
		})
		return nil
	}
	ref, rdiags := ParseRef(trav)
	d.add(withContext(rdiags, attr.Range)...)
	if ref == nil {
		return nil
	}
	if ref.Kind == RefAgent || ref.Kind == RefTask && !ref.Output {
		d.add(&hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid function argument",
			Detail:   fmt.Sprintf("The value of %s is a variable or a task's output, as in %s, not %s.", e.Name, example, ref),
			Subject:  ref.Range.Ptr(),
			Context:  rng.Ptr(),
		})
		return nil
	}
	part.Ref = ref
	return part
}

package ir

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/intelligen/intelligen/hclspec"
)

// maxTypeDepth bounds the nesting of lists, maps and objects in a type.
const maxTypeDepth = 10

// GeneratedNames are the exported package-level names every generated
// file declares besides the types of typed outputs; a type may not take
// them. Package gen declares exactly these.
var GeneratedNames = []string{"Input", "Output", "Flow", "New", "Result"}

// typeState is the checker's state for schemas and typed outputs.
type typeState struct {
	schemas map[string]*schemaInfo
	list    []*schemaInfo          // declaration order, duplicates left out
	names   []string               // schema labels, for suggestions
	goNames map[string]string      // Go type or constant name → what took it
	stack   []*schemaInfo          // schemas being resolved, outermost first
	refs    []hcl.Range            // stack[i+1] is referenced at refs[i]
	attach  map[*Task][]MediaInput // attach entries by task, in order
}

type schemaInfo struct {
	src    *hclspec.Schema
	goName string
	typ    *Type
	depth  int
	state  int // 0: not resolved, 1: resolving, 2: done
	used   bool
	uses   []*schemaInfo // schemas its type refers to
}

// checkSchemas registers the schema blocks and resolves their types.
func (c *checker) checkSchemas() {
	ts := &c.ty
	ts.schemas = make(map[string]*schemaInfo)
	ts.goNames = make(map[string]string)
	for _, n := range GeneratedNames {
		ts.goNames[n] = "the generated " + n
	}
	byName, byGo := map[string]hclspec.Block{}, map[string]hclspec.Block{}
	for _, s := range c.spec.Schemas {
		g, ok := c.label("schema", s.Block, byName, byGo)
		if !ok {
			continue
		}
		if prev, found := byGo[g]; !found || prev.Name != s.Name {
			g = "" // no Go name, already reported: leave the type out
		}
		si := &schemaInfo{src: s, goName: g}
		ts.schemas[s.Name] = si
		ts.list = append(ts.list, si)
		ts.names = append(ts.names, s.Name)
	}
	for _, si := range ts.list {
		c.resolveSchema(si)
	}
}

// resolveSchema builds si's type once, reporting a schema that refers to
// itself, directly or through others, at the reference that closes the
// cycle.
func (c *checker) resolveSchema(si *schemaInfo) *Type {
	ts := &c.ty
	switch si.state {
	case 2:
		return si.typ
	case 1:
		i := 0
		for ts.stack[i] != si {
			i++
		}
		chain := make([]string, 0, len(ts.stack)-i+1)
		for _, s := range ts.stack[i:] {
			chain = append(chain, "schema."+s.src.Name)
		}
		chain = append(chain, "schema."+si.src.Name)
		closing := ts.refs[len(ts.refs)-1]
		c.errorf(closing.Ptr(), nil, "Self-referencing schema",
			"The schema %q refers to itself: %s. A type cannot contain itself: remove one of these references.", si.src.Name, strings.Join(chain, " -> "))
		return nil
	}
	si.state = 1
	ts.stack = append(ts.stack, si)
	defer func() {
		ts.stack = ts.stack[:len(ts.stack)-1]
		si.state = 2
	}()
	s := si.src
	if s.Type == nil || si.goName == "" {
		return nil
	}
	b := &typeBuilder{c: c, owner: fmt.Sprintf("schema %q", s.Name), uses: &si.uses}
	t, depth := b.build(s.Type, si.goName, true)
	if t == nil {
		return nil
	}
	alias := t.Schema != ""
	if alias {
		// schema.other as the whole type: a distinct named type.
		cp := *t
		t = &cp
	}
	t.Schema = s.Name
	t.GoName = si.goName
	t.Range = s.Type.Range
	if s.Description != nil {
		t.Description = s.Description.Value
	}
	if t.Kind == KindEnum {
		t.EnumGoNames = c.enumConsts(t, s.Type, b.owner)
	}
	if t.Kind != KindObject || alias {
		c.goName(si.goName, fmt.Sprintf("schema %q", s.Name), s.NameRange)
	}
	si.typ, si.depth = t, depth
	if depth > maxTypeDepth {
		c.errorf(s.Type.Range.Ptr(), nil, "Type nested too deeply",
			"The type of schema %q nests lists, maps and objects %d levels deep; at most %d are allowed. Flatten it, or split it into tasks.", s.Name, depth, maxTypeDepth)
	}
	for _, f := range s.Fields {
		c.field(t, f)
	}
	return si.typ
}

// field sets the description of the attribute a schema's field names.
func (c *checker) field(t *Type, f *hclspec.Field) {
	steps := strings.Split(f.Path, ".")
	cur := t
	for i, name := range steps {
		for cur.Kind == KindList || cur.Kind == KindMap {
			cur = cur.Elem
		}
		var names []string
		for _, a := range cur.Attrs {
			names = append(names, a.Name)
		}
		a := cur.Attr(name)
		if a == nil {
			where := "The schema's type"
			if i > 0 {
				where = fmt.Sprintf("The attribute %q", strings.Join(steps[:i], "."))
			}
			c.errorf(f.PathRange.Ptr(), nil, "Unknown field",
				"%s has no attribute %q, so the field %q describes nothing.%s", where, name, f.Path, hclspec.DidYouMean(name, names))
			return
		}
		if i == len(steps)-1 {
			a.Description = f.Text
			return
		}
		cur = a.Type
	}
}

// goName registers a generated Go type or constant name, reporting a
// clash with one taken before.
func (c *checker) goName(name, what string, rng hcl.Range) {
	if prev, dup := c.ty.goNames[name]; dup {
		c.errorf(rng.Ptr(), nil, "Conflicting Go names",
			"The Go name %s of %s is already the Go name of %s. Rename one of them.", name, what, prev)
		return
	}
	c.ty.goNames[name] = what
}

// enumConsts names the constants of enum t.
func (c *checker) enumConsts(t *Type, e *hclspec.TypeExpr, owner string) []string {
	names := make([]string, len(t.Enum))
	seen := make(map[string]bool)
	for i, v := range t.Enum {
		if seen[v] {
			continue // a duplicate value, reported
		}
		seen[v] = true
		g := enumValueGoName(v)
		rng := e.Enum[i].Range
		if g == "" {
			if v != "" {
				c.errorf(rng.Ptr(), e.Range.Ptr(), "Invalid enum value",
					"The enum value %q of %s gives no Go name: it has no letter or digit. Use a value with letters or digits.", v, owner)
			}
			continue
		}
		names[i] = t.GoName + g
		c.goName(names[i], fmt.Sprintf("the enum value %q of %s", v, owner), rng)
	}
	return names
}

// enumValueGoName is the Go name part of an enum value: GoName's rule,
// with every character outside [A-Za-z0-9] separating parts.
func enumValueGoName(v string) string {
	var b strings.Builder
	for part := range strings.FieldsFuncSeq(v, func(r rune) bool {
		return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9')
	}) {
		b.WriteString(GoName(part))
	}
	return b.String()
}

// A typeBuilder turns one type expression into a Type.
type typeBuilder struct {
	c     *checker
	owner string         // "schema \"ticket\"", for messages
	uses  *[]*schemaInfo // schemas referred to
	path  []string       // the attributes leading to the type being built
}

// what describes the object or enum being built, for messages: "the
// object owner of schema \"ticket\"".
func (b *typeBuilder) what(kind string) string {
	if len(b.path) == 0 {
		return fmt.Sprintf("the %s type of %s", kind, b.owner)
	}
	return fmt.Sprintf("the %s %s of %s", kind, strings.Join(b.path, "."), b.owner)
}

// build returns the type of e and its nesting depth, or nil after
// reporting why. base is the Go name an object or enum found here takes;
// named says whether base already names the enclosing schema (a list or
// map at the root of a schema), so that its element needs a name of its
// own.
func (b *typeBuilder) build(e *hclspec.TypeExpr, base string, named bool) (*Type, int) {
	c := b.c
	switch e.Kind {
	case hclspec.TypeString:
		return &Type{Kind: KindString, Range: e.Range}, 0
	case hclspec.TypeNumber:
		return &Type{Kind: KindNumber, Range: e.Range}, 0
	case hclspec.TypeBool:
		return &Type{Kind: KindBool, Range: e.Range}, 0
	case hclspec.TypeSchema:
		si := c.ty.schemas[e.Schema]
		if si == nil {
			c.errorf(e.NameRange.Ptr(), nil, "Reference to undeclared schema",
				"There is no schema named %q in this flow.%s", e.Schema, hclspec.DidYouMean(e.Schema, c.ty.names))
			return nil, 0
		}
		*b.uses = append(*b.uses, si)
		c.ty.refs = append(c.ty.refs, e.Range)
		t := c.resolveSchema(si)
		c.ty.refs = c.ty.refs[:len(c.ty.refs)-1]
		return t, si.depth
	case hclspec.TypeList, hclspec.TypeMap:
		eb := base
		if named {
			eb += map[hclspec.TypeKind]string{hclspec.TypeList: "Item", hclspec.TypeMap: "Value"}[e.Kind]
		}
		elem, d := b.build(e.Elem, eb, false)
		if elem == nil {
			return nil, 0
		}
		return &Type{Kind: Kind(e.Kind), Elem: elem, Range: e.Range}, d + 1
	case hclspec.TypeEnum:
		t := &Type{Kind: KindEnum, GoName: base, Range: e.Range}
		seen := make(map[string]hcl.Range)
		for _, v := range e.Enum {
			if v.Value == "" {
				c.errorf(v.Range.Ptr(), e.Range.Ptr(), "Invalid enum value",
					"An enum value of %s is empty. Enum values are non-empty strings.", b.owner)
			} else if prev, dup := seen[v.Value]; dup {
				c.errorf(v.Range.Ptr(), e.Range.Ptr(), "Duplicate enum value",
					"The enum value %q of %s was already listed at %s. Remove one of them.", v.Value, b.owner, at(prev))
			} else {
				seen[v.Value] = v.Range
			}
			t.Enum = append(t.Enum, v.Value)
		}
		if !named {
			t.EnumGoNames = c.enumConsts(t, e, b.owner)
			c.goName(base, b.what("enum"), e.NameRange)
		}
		return t, 0
	case hclspec.TypeObject:
		t := &Type{Kind: KindObject, GoName: base, Range: e.Range}
		if !named {
			c.goName(base, b.what("object"), e.NameRange)
		} else {
			c.goName(base, b.owner, e.NameRange)
		}
		byName, byGo := map[string]*hclspec.TypeAttr{}, map[string]*hclspec.TypeAttr{}
		depth := 0
		for _, ea := range e.Attrs {
			a := &Attr{Name: ea.Name, GoName: GoName(ea.Name), Range: ea.NameRange}
			switch prev := byName[ea.Name]; {
			case prev != nil:
				c.errorf(ea.NameRange.Ptr(), e.Range.Ptr(), "Duplicate attribute",
					"The attribute %q of %s was already declared at %s. Remove or rename one of them.", ea.Name, b.owner, at(prev.NameRange))
				continue
			case !IsLabel(ea.Name):
				c.errorf(ea.NameRange.Ptr(), e.Range.Ptr(), "Invalid attribute name",
					"%q is not a valid attribute name. A name starts with a letter or underscore and contains only letters, digits, underscores and dashes.", ea.Name)
				continue
			case !IsGoName(a.GoName):
				c.errorf(ea.NameRange.Ptr(), e.Range.Ptr(), "Invalid attribute name",
					"The attribute name %q gives the Go name %q, which is not an exported Go identifier. Start the name with a letter.", ea.Name, a.GoName)
				continue
			case byGo[a.GoName] != nil:
				prev := byGo[a.GoName]
				c.errorf(ea.NameRange.Ptr(), e.Range.Ptr(), "Conflicting Go names",
					"The attributes %q and %q (declared at %s) of %s both become the Go field %s. Rename one of them.", ea.Name, prev.Name, at(prev.NameRange), b.owner, a.GoName)
				continue
			}
			byName[ea.Name], byGo[a.GoName] = ea, ea
			et := ea.Type
			if et.Kind == hclspec.TypeOptional {
				a.Optional, et = true, et.Elem
			}
			b.path = append(b.path, a.Name)
			atype, d := b.build(et, base+a.GoName, false)
			b.path = b.path[:len(b.path)-1]
			if atype == nil {
				t = nil
				continue
			}
			a.Type = atype
			depth = max(depth, d)
			if t != nil {
				t.Attrs = append(t.Attrs, a)
			}
		}
		if t == nil {
			return nil, 0
		}
		return t, depth + 1
	}
	return nil, 0 // optional outside an object: reported by hclspec
}

// taskOutputs types the tasks that declare an output.
func (c *checker) taskOutputs() {
	for _, t := range c.all {
		st := c.srcTask[t]
		if st.Output == nil {
			continue
		}
		base := t.GoName + "Output"
		if t.GoName == "" {
			continue // invalid label, already reported
		}
		owner := fmt.Sprintf("the output of task %q", t.Name)
		var uses []*schemaInfo
		b := &typeBuilder{c: c, owner: owner, uses: &uses}
		typ, depth := b.build(st.Output, base, false)
		for _, si := range uses {
			c.markUsed(si)
		}
		if typ == nil {
			continue
		}
		if depth > maxTypeDepth && st.Output.Kind != hclspec.TypeSchema {
			c.errorf(st.Output.Range.Ptr(), st.OutputRange, "Type nested too deeply",
				"%s nests lists, maps and objects %d levels deep; at most %d are allowed. Flatten it, or split the work into tasks.", capital(owner), depth, maxTypeDepth)
		}
		if a := t.Agent; a != nil && a.Type.valid() && a.Type != Text && a.Type != Vision {
			c.errorf(st.OutputRange, st.DefRange.Ptr(), "Output type on a non-text agent",
				"The task %q uses the %s agent %q, whose output is %s, not text with a schema. Only tasks of text and vision agents may declare output; remove it.", t.Name, a.Type, a.Name, valueNoun(a.Type.Output()))
			continue
		}
		if typ.Kind == KindString && typ.Schema == "" {
			continue // output = string: plain text
		}
		t.Type = typ
		if a := t.Agent; a != nil {
			c.strictMaps(t, typ, st)
		}
	}
	for _, si := range c.ty.list {
		if !si.used {
			s := si.src
			c.warnf(s.NameRange.Ptr(), s.DefRange.Ptr(), "Unused schema",
				"No task uses the schema %q. Remove it, or use it in a task with output = schema.%s.", s.Name, s.Name)
		}
	}
	seen := make(map[*Type]bool)
	for _, si := range c.ty.list {
		if si.typ != nil {
			c.w.Types = appendTypes(c.w.Types, si.typ, seen)
		}
	}
	for _, t := range c.w.Tasks {
		if t.Type != nil {
			c.w.Types = appendTypes(c.w.Types, t.Type, seen)
		}
	}
}

func (c *checker) markUsed(si *schemaInfo) {
	if si.used {
		return
	}
	si.used = true
	for _, u := range si.uses {
		c.markUsed(u)
	}
}

// strictProviders are the providers whose structured-output mode needs
// fixed object properties, so it cannot express map(T).
var strictProviders = []string{"openai", "vllm", "llamacpp", "anthropic", "mistral"}

// strictMaps reports each map in t when t's agent's provider cannot
// express it.
func (c *checker) strictMaps(t *Task, typ *Type, st *hclspec.Task) {
	strict := false
	for _, p := range strictProviders {
		strict = strict || p == t.Agent.Provider
	}
	if !strict {
		return
	}
	seen := make(map[*Type]bool)
	var walk func(*Type)
	walk = func(x *Type) {
		if seen[x] {
			return
		}
		seen[x] = true
		switch x.Kind {
		case KindMap:
			c.errorf(x.Range.Ptr(), st.OutputRange, "Map not supported by provider",
				"The task %q uses the %s agent %q, whose structured output needs fixed object properties, so it cannot express map(%s). Use list(object({ key = string, value = %s })) instead, or a gemini or ollama agent.",
				t.Name, t.Agent.Provider, t.Agent.Name, x.Elem.hclRef(), x.Elem.hclRef())
			walk(x.Elem)
		case KindList:
			walk(x.Elem)
		case KindObject:
			for _, a := range x.Attrs {
				walk(a.Type)
			}
		}
	}
	walk(typ)
}

// hclRef is t as written inside another type: schema.NAME for a schema.
func (t *Type) hclRef() string {
	var b strings.Builder
	t.writeHCL(&b, false)
	return b.String()
}

// appendTypes appends t and the named types inside it, each once, inner
// types first, so that a generator can declare them in order.
func appendTypes(list []*Type, t *Type, seen map[*Type]bool) []*Type {
	if seen[t] {
		return list
	}
	seen[t] = true
	switch t.Kind {
	case KindList, KindMap:
		list = appendTypes(list, t.Elem, seen)
	case KindObject:
		for _, a := range t.Attrs {
			list = appendTypes(list, a.Type, seen)
		}
	}
	if t.GoName != "" {
		list = append(list, t)
	}
	return list
}

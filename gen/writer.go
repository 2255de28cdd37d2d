package gen

import (
	"bytes"
	"fmt"
	"go/format"
	"path"
	"slices"
	"strconv"
	"strings"
)

// A goPackage is the import path of a package that generated code uses.
// Each is declared once, below, with importable: that reserves its name
// in every generated file, so that no local derived from a label can
// shadow it.
type goPackage string

// name is the package's name: the last element of its path.
func (p goPackage) name() string { return path.Base(string(p)) }

// ident returns the identifier name of package p.
func (p goPackage) ident(name string) goIdent { return goIdent{p, name} }

// importable lists every package generated code can import, in
// declaration order; providerPackage adds the provider clients.
var importable []goPackage

func newPackage(path string) goPackage {
	p := goPackage(path)
	importable = append(importable, p)
	return p
}

// The packages generated code imports. Package runtime is imported under
// its own name, like any other: the generated file never needs the
// standard library's runtime.
var (
	contextPkg  = newPackage("context")
	jsonPkg     = newPackage("encoding/json")
	iterPkg     = newPackage("iter")
	strconvPkg  = newPackage("strconv")
	stringsPkg  = newPackage("strings")
	timePkg     = newPackage("time")
	runtimePkg  = newPackage(modulePath + "/runtime")
	providerDir = modulePath + "/providers/"
)

const modulePath = "github.com/intelligen/intelligen"

// A goIdent is an identifier of an imported package (protogen's
// GoIdent). The writer prints it qualified, and imports its package.
type goIdent struct {
	pkg  goPackage
	name string
}

// rt returns the identifier name of package runtime.
func rt(name string) goIdent { return runtimePkg.ident(name) }

// A writer builds one Go file the way protogen's GeneratedFile does: P
// appends a line made of its arguments, an imported identifier is a
// goIdent that the writer qualifies and imports, and source formats the
// whole file with go/format once. Indentation and alignment are left to
// go/format; line breaks and blank lines are the writer's.
type writer struct {
	header []string // comment lines above the package clause, "//" included
	doc    []string // the package doc's lines, "//" included
	pkg    string
	body   bytes.Buffer
	used   map[goPackage]bool
}

func newWriter(pkg string) *writer {
	return &writer{pkg: pkg, used: make(map[goPackage]bool)}
}

// P writes its arguments, then a newline. An argument is a string, an
// int, a goIdent or a []any of those.
func (w *writer) P(v ...any) {
	w.print(v...)
	w.body.WriteByte('\n')
}

func (w *writer) print(v ...any) {
	for _, x := range v {
		switch x := x.(type) {
		case string:
			w.body.WriteString(x)
		case int:
			w.body.WriteString(strconv.Itoa(x))
		case goIdent:
			w.used[x.pkg] = true
			w.body.WriteString(x.pkg.name())
			w.body.WriteByte('.')
			w.body.WriteString(x.name)
		case []any:
			w.print(x...)
		default:
			panic(fmt.Sprintf("gen: writer.P of %T", x))
		}
	}
}

// source returns the file, formatted: the header, the package doc and
// clause, the imports the body used (the standard library's first, as
// goimports groups them) and the body. On a formatting failure the error
// carries the unformatted source with line numbers, as protogen's does.
func (w *writer) source() ([]byte, error) {
	var b bytes.Buffer
	b.Grow(w.body.Len() + 1024)
	for _, line := range w.header {
		b.WriteString(line + "\n")
	}
	b.WriteString("\n")
	for _, line := range w.doc {
		b.WriteString(line + "\n")
	}
	b.WriteString("package " + w.pkg + "\n\n")
	var std, other []string
	for p := range w.used {
		// A standard library path has no dot in its first element.
		if first, _, _ := strings.Cut(string(p), "/"); strings.Contains(first, ".") {
			other = append(other, string(p))
		} else {
			std = append(std, string(p))
		}
	}
	slices.Sort(std)
	slices.Sort(other)
	b.WriteString("import (\n")
	for i, group := range [][]string{std, other} {
		if i > 0 && len(std) > 0 && len(other) > 0 {
			b.WriteString("\n")
		}
		for _, p := range group {
			b.WriteString(strconv.Quote(p) + "\n")
		}
	}
	b.WriteString(")\n\n")
	b.Write(w.body.Bytes())
	src := b.Bytes()
	out, err := format.Source(src)
	if err != nil {
		return nil, fmt.Errorf("%w\n%s", err, numbered(src))
	}
	return out, nil
}

// numbered returns src with line numbers, as protogen reports sources
// that gofmt rejects.
func numbered(src []byte) []byte {
	var b bytes.Buffer
	for i, line := range bytes.Split(src, []byte("\n")) {
		fmt.Fprintf(&b, "%5d\t%s\n", i+1, line)
	}
	return b.Bytes()
}

// A field is one "Key: value" of a composite literal; value is P's
// arguments.
type field struct {
	key   string
	value []any
}

// literal returns the composite literal typ{...} with one field per line.
func literal(typ goIdent, fields []field) []any {
	v := []any{typ, "{\n"}
	for _, f := range fields {
		v = append(v, f.key, ": ", f.value, ",\n")
	}
	return append(v, "}")
}

// inline returns the composite literal typ{...} on one line.
func inline(typ any, fields []field) []any {
	v := []any{typ, "{"}
	for i, f := range fields {
		if i > 0 {
			v = append(v, ", ")
		}
		v = append(v, f.key, ": ", f.value)
	}
	return append(v, "}")
}

// commentLines returns s as "//" comment lines, so that no text of the
// user's can end a block comment.
func commentLines(s string) []string {
	var out []string
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		line = strings.TrimRight(line, " \t\r")
		if line == "" {
			out = append(out, "//")
			continue
		}
		out = append(out, "// "+line)
	}
	return out
}

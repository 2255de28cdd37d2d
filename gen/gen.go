package gen

import (
	"bytes"
	"errors"
	"fmt"
	"go/format"
	"path"
	"path/filepath"
	goruntime "runtime"
	"slices"
	"strings"
	"sync"

	"github.com/dave/jennifer/jen"
	"github.com/hashicorp/hcl/v2"

	"github.com/intelligen/intelligen/ir"
)

// GenVersion is the version of the generated-code contract this package
// emits. The generated file checks it against runtime.MinGenVersion and
// runtime.MaxGenVersion at compile time (protobuf's EnforceVersion trick).
const GenVersion = 1

// Options control details of the generated Go file.
type Options struct {
	// VersionMarkers adds a "versions:" block naming Version to the header.
	// Goldens turn it off so that releases do not churn them.
	VersionMarkers bool
	// Version is the intelligen version shown by VersionMarkers; "" is
	// "(devel)".
	Version string
}

// Import paths of the packages generated code links against.
const (
	modulePath    = "github.com/intelligen/intelligen"
	runtimePath   = modulePath + "/runtime"
	providersPath = modulePath + "/providers/"
)

// newFile returns an empty Go file of package pkg that imports package
// runtime under its own name: the one place that says so.
func newFile(pkg string) *jen.File {
	f := jen.NewFile(pkg)
	f.ImportName(runtimePath, "runtime")
	return f
}

// providerPackage returns the import path and package name of the client
// package of provider p. vLLM and llama.cpp speak the OpenAI-compatible
// protocol and share one client.
func providerPackage(p string) (importPath, name string) {
	switch p {
	case "vllm", "llamacpp":
		p = "openaicompat"
	}
	return providersPath + p, p
}

// Go returns the gofmt'ed Go source of w (SPEC §4). An error means a bug
// in gen, never a problem in the user's flow; on a formatting failure it
// carries the unformatted source with line numbers (of the part that
// failed).
//
// The task goroutines of Run, most of a large flow's code, are rendered
// and gofmt'ed in chunks on all CPUs while the rest of the file is, then
// spliced in at a marker. gofmt formats each statement of a function body
// on its own, so the bytes are those of formatting the whole file at once
// (TestChunkedFormat checks it); the work spreads over the CPUs, and the
// peak heap of a 10k-task flow is about a third smaller.
func Go(w *ir.Workflow, opts *Options) ([]byte, error) {
	if opts == nil {
		opts = &Options{}
	}
	g := newGenerator(w)
	raw, err := g.source(opts)
	if err != nil {
		return nil, fmt.Errorf("gen: render flow %q: %w", w.Name, err)
	}
	chunks := slices.Collect(slices.Chunk(w.Order, chunkSize))
	outs := make([][]byte, len(chunks)+1)
	errs := make([]error, len(chunks)+1)
	sem := make(chan struct{}, goruntime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	work := func(i int, fn func() ([]byte, error)) {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			outs[i], errs[i] = fn()
		})
	}
	work(0, func() ([]byte, error) { return formatSource(raw) })
	for i, c := range chunks {
		work(i+1, func() ([]byte, error) { return g.tasks(c) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("gen: format flow %q: %w", w.Name, err)
	}
	if len(chunks) == 0 {
		return outs[0], nil
	}
	i := bytes.Index(outs[0], []byte(tasksLine))
	if i < 0 {
		return nil, fmt.Errorf("gen: flow %q: task marker missing from Run", w.Name)
	}
	var b bytes.Buffer
	b.Write(outs[0][:i])
	for _, c := range outs[1:] {
		b.Write(c)
	}
	b.Write(outs[0][i+len(tasksLine):])
	return b.Bytes(), nil
}

// source returns the file without the task goroutines, unformatted.
func (g *generator) source(opts *Options) ([]byte, error) {
	f := g.file(opts)
	f.NoFormat = true
	var src bytes.Buffer
	if err := f.Render(&src); err != nil {
		return nil, err
	}
	return groupImports(src.Bytes()), nil
}

// tasksMarker stands for the task goroutines in Run until they are
// spliced in; tasksLine is its line once formatted. Labels cannot contain
// '@', so no comment derived from the flow can match it.
const (
	tasksMarker = "@@intelligen:tasks@@"
	tasksLine   = "\t// " + tasksMarker + "\n"
)

// sectionMarker separates a chunk's statements from the package clause
// and imports jen writes before them.
const sectionMarker = "@@intelligen:section@@"

// chunkSize is the number of tasks rendered and formatted together:
// large enough to amortize a goroutine and a parse, small enough to keep
// every CPU busy and the live heap small on 10k-task flows. Tests lower it.
var chunkSize = 256

// tasks returns the formatted goroutines of tasks, indented for Run's
// body. Only the goroutine bodies go through gofmt, as one statement list
// with a marker line between bodies: a function literal passed as an
// argument costs go/printer two passes (it measures it first), and the
// lines around each body are fixed text whose formatting is known.
func (g *generator) tasks(tasks []*ir.Task) ([]byte, error) {
	stmts, err := g.statements(func(f *jen.File) {
		for _, t := range tasks {
			f.Comment(bodyMarker)
			for _, c := range g.taskBody(t) {
				f.Add(c)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	// Two tabs make format.Source indent the statements as a goroutine
	// body inside Run.
	stmts = append(append([]byte("\t\t"), bytes.Trim(stmts, "\n")...), '\n')
	out, err := formatSource(stmts)
	if err != nil {
		return nil, err
	}
	bodies := bytes.Split(out, []byte("\t\t// "+bodyMarker+"\n"))
	if len(bodies) != len(tasks)+1 || len(bytes.TrimSpace(bodies[0])) != 0 {
		return nil, fmt.Errorf("formatted goroutine bodies: found %d markers, want %d", len(bodies)-1, len(tasks))
	}
	var b bytes.Buffer
	for i, t := range tasks {
		b.WriteString("\t// " + taskComment(t) + "\n\tr.Go(func() {\n")
		b.Write(bodies[i+1])
		b.WriteString("\t})\n")
	}
	return b.Bytes(), nil
}

// statements returns the statements that add writes into a file,
// rendered but not formatted, without the package clause and imports
// that jen writes before them.
func (g *generator) statements(add func(f *jen.File)) ([]byte, error) {
	f := newFile(g.w.Package)
	f.NoFormat = true
	f.Comment(sectionMarker)
	add(f)
	var src bytes.Buffer
	if err := f.Render(&src); err != nil {
		return nil, err
	}
	_, stmts, ok := bytes.Cut(src.Bytes(), []byte("// "+sectionMarker))
	if !ok {
		return nil, errors.New("section marker missing")
	}
	return stmts, nil
}

// bodyMarker separates goroutine bodies while they are formatted.
const bodyMarker = "@@intelligen:body@@"

// formatSource is format.Source with protogen's error: the unformatted
// source, numbered.
func formatSource(src []byte) ([]byte, error) {
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

// FileName returns the base name of w's first source file without its
// .hcl extension: the <base> of <base>_gen.go and <base>.dot.
func FileName(w *ir.Workflow) string {
	if len(w.Files) == 0 {
		return "flow"
	}
	return strings.TrimSuffix(path.Base(filepath.ToSlash(w.Files[0])), ".hcl")
}

// pos formats r as "file:line" for comments that point back to the HCL,
// with the file's base name only: generated code never holds absolute
// paths.
func pos(r hcl.Range) string {
	if r.Filename == "" {
		return ""
	}
	return fmt.Sprintf("%s:%d", path.Base(filepath.ToSlash(r.Filename)), r.Start.Line)
}

// at returns " (file:line)" for r, or "" when r is unknown.
func at(r hcl.Range) string {
	if p := pos(r); p != "" {
		return " (" + p + ")"
	}
	return ""
}

// oneLine folds s onto one line for a trailing comment.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// commentLines returns s as raw "//" comment lines that jen writes
// verbatim, so that no text of the user's can end a block comment.
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

// multi is a composite literal's body with one element per line.
var multi = jen.Options{Open: "{", Close: "}", Separator: ",", Multi: true}

// groupImports puts a blank line between the standard library imports and
// the others in jen's single sorted import block, as goimports would;
// gofmt then keeps each group sorted. jen writes one import per line.
func groupImports(src []byte) []byte {
	start := bytes.Index(src, []byte("\nimport (\n"))
	if start < 0 {
		return src
	}
	start += len("\nimport (\n")
	end := bytes.Index(src[start:], []byte("\n)"))
	if end < 0 {
		return src
	}
	var std, other [][]byte
	for _, line := range bytes.Split(src[start:start+end], []byte("\n")) {
		// A standard library path has no dot in its first element.
		path := line[bytes.IndexByte(line, '"')+1:]
		if first, _, _ := bytes.Cut(path, []byte("/")); bytes.Contains(first, []byte(".")) {
			other = append(other, line)
		} else {
			std = append(std, line)
		}
	}
	if len(std) == 0 || len(other) == 0 {
		return src
	}
	var b bytes.Buffer
	b.Write(src[:start])
	b.Write(bytes.Join(std, []byte("\n")))
	b.WriteString("\n\n")
	b.Write(bytes.Join(other, []byte("\n")))
	b.Write(src[start+end:])
	return b.Bytes()
}

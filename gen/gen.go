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
	"strconv"
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
// Most of a large flow's code is one goroutine and one config variable
// per task, so these are made apart from the rest of the file and spliced
// in at markers: the goroutines are written already formatted (see
// taskGoroutine), and the configs are rendered and gofmt'ed in chunks on
// all CPUs while the rest of the file is. go/format formats each
// top-level declaration on its own, so the bytes are those of formatting
// the whole file at once (TestFormatted checks that gofmt leaves them as
// they are).
func Go(w *ir.Workflow, opts *Options) ([]byte, error) {
	if opts == nil {
		opts = &Options{}
	}
	g := newGenerator(w)
	raw, err := g.source(opts)
	if err != nil {
		return nil, fmt.Errorf("gen: render flow %q: %w", w.Name, err)
	}
	chunks := slices.Collect(slices.Chunk(w.Tasks, chunkSize))
	configs := make([][]byte, len(chunks))
	errs := make([]error, len(chunks)+1)
	var head, chans, tasks bytes.Buffer
	sem := make(chan struct{}, goruntime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	work := func(fn func()) {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			fn()
		})
	}
	work(func() {
		out, err := formatSource(raw)
		head.Write(out)
		errs[0] = err
	})
	work(func() {
		g.chanLines(&chans)
		g.taskGoroutines(&tasks)
	})
	for i, c := range chunks {
		work(func() { configs[i], errs[i+1] = g.configChunk(c) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("gen: format flow %q: %w", w.Name, err)
	}
	out := head.Bytes()
	if len(w.Tasks) == 0 {
		return out, nil
	}
	// The parts in the order of their markers in the file.
	parts := []struct {
		line string
		text []byte
	}{
		{chansLine, chans.Bytes()},
		{tasksLine, tasks.Bytes()},
		{configsLine, bytes.Join(configs, []byte("\n"))},
	}
	var b bytes.Buffer
	b.Grow(len(out) + chans.Len() + tasks.Len() + len(parts[2].text))
	for _, p := range parts {
		if p.line == chansLine && len(w.Edges) == 0 {
			continue
		}
		before, after, ok := bytes.Cut(out, []byte(p.line))
		if !ok {
			return nil, fmt.Errorf("gen: flow %q: marker %q missing from the formatted file", w.Name, strings.TrimSpace(p.line))
		}
		b.Write(before)
		b.Write(p.text)
		out = after
	}
	b.Write(out)
	return b.Bytes(), nil
}

// source returns the file without the task goroutines and configs,
// unformatted, importing what they use.
func (g *generator) source(opts *Options) ([]byte, error) {
	f := g.file(opts)
	f.NoFormat = true
	var src bytes.Buffer
	if err := f.Render(&src); err != nil {
		return nil, err
	}
	raw, err := addImports(src.Bytes(), g.configImports())
	if err != nil {
		return nil, err
	}
	return groupImports(raw), nil
}

// configChunk returns the config variables of tasks, formatted. Those
// whose fields are all text are written directly (see writeTaskConfig);
// the others are rendered with jen and gofmt'ed together.
func (g *generator) configChunk(tasks []*ir.Task) ([]byte, error) {
	fields := make([][]field, len(tasks))
	var rendered []*ir.Task
	for i, t := range tasks {
		fields[i] = g.taskFields(t)
		if slices.ContainsFunc(fields[i], func(f field) bool { return f.code != nil }) {
			rendered = append(rendered, t)
		}
	}
	var decls [][]byte
	if len(rendered) > 0 {
		f := newFile(g.w.Package)
		f.NoFormat = true
		g.renderTaskConfigs(f, rendered)
		var src bytes.Buffer
		if err := f.Render(&src); err != nil {
			return nil, err
		}
		out, err := formatSource(src.Bytes())
		if err != nil {
			return nil, err
		}
		decls = bytes.Split(out, []byte("// "+declMarker+"\n"))[1:]
		if len(decls) != len(rendered) {
			return nil, fmt.Errorf("formatted task configs: found %d markers, want %d", len(decls), len(rendered))
		}
	}
	var b bytes.Buffer
	for i, t := range tasks {
		if i > 0 {
			b.WriteByte('\n')
		}
		if len(decls) > 0 && rendered[0] == t {
			b.Write(bytes.TrimRight(decls[0], "\n"))
			b.WriteByte('\n')
			decls, rendered = decls[1:], rendered[1:]
			continue
		}
		g.writeTaskConfig(&b, t, fields[i])
	}
	return b.Bytes(), nil
}

// Markers stand for the parts of the file made apart until they are
// spliced in; a ...Line is a marker's line once formatted. Labels cannot
// contain '@', so no comment derived from the flow can match one.
const (
	chansMarker   = "@@intelligen:chans@@" // Run's channels
	chansLine     = "\t// " + chansMarker + "\n"
	tasksMarker   = "@@intelligen:tasks@@" // Run's task goroutines
	tasksLine     = "\t// " + tasksMarker + "\n"
	configsMarker = "@@intelligen:configs@@" // the task config variables
	configsLine   = "// " + configsMarker + "\n"
	declMarker    = "@@intelligen:decl@@" // before each rendered task config
)

// chunkSize is the number of task configs rendered and formatted
// together: large enough to amortize a goroutine and a parse, small
// enough to keep every CPU busy and the live heap small on 10k-task flows.
const chunkSize = 256

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

// addImports adds an import of each of paths that jen's import block in
// src lacks. jen writes one import per line, and at least two here
// (context and runtime): a block.
func addImports(src []byte, paths []string) ([]byte, error) {
	start := bytes.Index(src, []byte("\nimport (\n"))
	if start < 0 {
		return nil, errors.New("import block missing")
	}
	start += len("\nimport (\n")
	end := bytes.Index(src[start:], []byte("\n)"))
	if end < 0 {
		return nil, errors.New("import block not closed")
	}
	block := slices.Concat([]byte("\n"), src[start:start+end], []byte("\n"))
	var add []byte
	for _, p := range paths {
		line := "\t" + strconv.Quote(p) + "\n"
		if !bytes.Contains(block, []byte("\n"+line)) {
			add = append(add, line...)
		}
	}
	if add == nil {
		return src, nil
	}
	return slices.Concat(src[:start], add, src[start:]), nil
}

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

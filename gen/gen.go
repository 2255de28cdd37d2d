package gen

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/intelligen/intelligen/internal/catalog"
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
	// UnknownVersion.
	Version string
}

// UnknownVersion is how intelligen spells its version when the build does
// not record one, as in a build from a source checkout.
const UnknownVersion = "devel"

// providerPackage returns the client package of provider p, as package
// catalog names it.
func providerPackage(p string) goPackage {
	if info, ok := catalog.Lookup(p); ok {
		p = info.Client
	}
	return goPackage(providerDir + p)
}

// Go returns the gofmt'ed Go source of w (docs/api.md). An error means a bug
// in gen, never a problem in the user's flow; on a formatting failure it
// carries the unformatted source with line numbers.
func Go(w *ir.Workflow, opts *Options) ([]byte, error) {
	if opts == nil {
		opts = &Options{}
	}
	g := newGenerator(w)
	out, err := g.file(opts).source()
	if err != nil {
		return nil, fmt.Errorf("gen: format flow %q: %w", w.Name, err)
	}
	return out, nil
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

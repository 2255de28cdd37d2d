package intelligen

import (
	"io/fs"
	"os"
	"path/filepath"

	"github.com/hashicorp/hcl/v2"
	"github.com/intelligen/intelligen/hclspec"
	"github.com/intelligen/intelligen/ir"
)

// Load parses the named flow files from fsys as one flow and checks it. The
// map holds the parsed files by name, for rendering diagnostics with
// snippets ([WriteDiagnostics]); it is non-nil even on errors. If the
// diagnostics contain errors, the workflow is nil.
func Load(fsys fs.FS, names ...string) (*ir.Workflow, map[string]*hcl.File, hcl.Diagnostics) {
	return load(fsys, "", names)
}

// load is Load, with a flow block that names no package taking pkg when
// pkg is not "" (see [LoadFilesInPackage]).
func load(fsys fs.FS, pkg string, names []string) (*ir.Workflow, map[string]*hcl.File, hcl.Diagnostics) {
	p := hclspec.NewParser()
	spec, diags := p.ParseFS(fsys, names...)
	if spec == nil {
		return nil, p.Files(), diags
	}
	inPackage(spec, pkg)
	w, cdiags := ir.Check(spec)
	diags = append(diags, cdiags...)
	if diags.HasErrors() {
		return nil, p.Files(), diags
	}
	return w, p.Files(), diags
}

// LoadFiles is Load for operating-system paths as given on a command line:
// relative ("flow.hcl", "../x/flow.hcl") or absolute. Diagnostics and
// Workflow.Files name the files exactly as given, and file("path") inside a
// flow is read relative to the flow file's directory.
//
// A file named twice, however written ("flow.hcl", "./flow.hcl" or its
// absolute path), is read once, under the name first given.
func LoadFiles(names ...string) (*ir.Workflow, map[string]*hcl.File, hcl.Diagnostics) {
	return load(osFS{}, "", uniqueFiles(names))
}

// uniqueFiles returns names without the repeats of a file however written,
// each kept under the name first given.
func uniqueFiles(names []string) []string {
	var unique []string
	seen := map[string]bool{}
	for _, name := range names {
		key := filepath.Clean(name)
		if abs, err := filepath.Abs(name); err == nil {
			key = abs
		}
		if !seen[key] {
			seen[key] = true
			unique = append(unique, name)
		}
	}
	return unique
}

// ReadFlowFile reads the flow file at the operating-system path name as
// LoadFiles does: only a regular file (not a device or a FIFO, which
// would never end or block), of bounded size.
func ReadFlowFile(name string) ([]byte, error) {
	return hclspec.ReadFile(osFS{}, name)
}

// osFS opens names as operating-system paths, as given. Unlike os.DirFS it
// accepts "../" and absolute paths: the user named these files on the
// command line. It is deliberately unexported, since it does not follow
// fs.ValidPath.
type osFS struct{}

func (osFS) Open(name string) (fs.File, error) { return os.Open(name) }

func (osFS) ReadFile(name string) ([]byte, error) { return os.ReadFile(name) }

// Stat lets a reader check what a path is before opening it (opening a
// FIFO blocks).
func (osFS) Stat(name string) (fs.FileInfo, error) { return os.Stat(name) }

var (
	_ fs.ReadFileFS = osFS{}
	_ fs.StatFS     = osFS{}
)

package intelligen

import (
	"fmt"
	"path/filepath"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/intelligen/intelligen/hclspec"
	"github.com/intelligen/intelligen/ir"
)

// LoadFilesInPackage is [LoadFiles] for a flow whose generated file joins
// the Go package pkg in the directory of names[0], as under go generate,
// where pkg is $GOPACKAGE (docs/cli.md#go-generate):
//
//   - a flow block without a package attribute takes pkg, not the name
//     derived from its label, so the generated file compiles beside the
//     package's other files;
//   - another .hcl file of that directory that declares a flow block is an
//     error: a package holds one flow, since two would both declare Input,
//     Output, Flow and New.
//
// With pkg "" it is LoadFiles.
func LoadFilesInPackage(pkg string, names ...string) (*ir.Workflow, map[string]*hcl.File, hcl.Diagnostics) {
	names = uniqueFiles(names)
	w, files, diags := load(osFS{}, pkg, names)
	if pkg == "" || len(names) == 0 || w == nil {
		return w, files, diags
	}
	more := otherFlows(filepath.Dir(names[0]), names, w, files)
	if more.HasErrors() {
		w = nil
	}
	return w, files, append(diags, more...)
}

// inPackage gives spec's flow block the package pkg when it names none.
// The attribute's range is the flow block's, which is where a diagnostic
// about the name belongs.
func inPackage(spec *hclspec.Spec, pkg string) {
	if pkg == "" || len(spec.Flows) == 0 || spec.Flows[0].Package != nil {
		return
	}
	f := spec.Flows[0]
	f.Package = &hclspec.String{Value: pkg, Range: f.DefRange, NameRange: f.DefRange}
}

// otherFlows reports each flow block declared in a .hcl file of dir that is
// not one of names, adding the files it reads to files.
func otherFlows(dir string, names []string, w *ir.Workflow, files map[string]*hcl.File) hcl.Diagnostics {
	paths, err := filepath.Glob(filepath.Join(dir, "*.hcl"))
	if err != nil {
		return nil
	}
	given := make([]string, len(names))
	for i, n := range names {
		given[i], _ = filepath.Abs(n)
	}
	var diags hcl.Diagnostics
	for _, path := range paths {
		if abs, _ := filepath.Abs(path); slices.Contains(given, abs) {
			continue
		}
		src, err := ReadFlowFile(path)
		if err != nil {
			continue // not ours to report: it may not be a flow file at all (a FIFO would block)
		}
		f, ds := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
		if ds.HasErrors() {
			continue
		}
		body, _ := f.Body.(*hclsyntax.Body)
		for _, b := range body.Blocks {
			if b.Type != "flow" {
				continue
			}
			files[path] = f
			r := b.DefRange()
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Two flows in one package",
				Detail: fmt.Sprintf("This directory is the Go package %s, which already holds flow %q (%s): a package holds one flow. Move this flow to a directory of its own, or name both files in one build command to make them one flow.",
					w.Package, w.Name, w.Files[0]),
				Subject: r.Ptr(),
			})
		}
	}
	return diags
}

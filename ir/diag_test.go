package ir_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
	"github.com/intelligen/intelligen"
	"github.com/intelligen/intelligen/hclspec"
	"github.com/intelligen/intelligen/ir"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", os.Getenv("INTELLIGEN_UPDATE") != "", "rewrite the diagnostics sections of testdata/diag/*.txtar")

// check parses and checks the .hcl files of ar, in archive order, with the
// other files available to file().
func check(t testing.TB, ar *txtar.Archive) (*ir.Workflow, hcl.Diagnostics, map[string]*hcl.File) {
	t.Helper()
	fsys, err := txtar.FS(ar)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range ar.Files {
		if strings.HasSuffix(f.Name, ".hcl") {
			names = append(names, f.Name)
		}
	}
	p := hclspec.NewParser()
	spec, diags := p.ParseFS(fsys, names...)
	if spec == nil {
		return nil, diags, p.Files()
	}
	w, cdiags := ir.Check(spec)
	diags = append(diags, cdiags...)
	if cdiags.HasErrors() && w != nil {
		t.Errorf("Check returned a workflow with errors")
	}
	return w, diags, p.Files()
}

// compact formats diags one per line, sorted, in the CLI's compact form
// (intelligen.Compact).
func compact(diags hcl.Diagnostics) string {
	var b strings.Builder
	if err := intelligen.WriteDiagnostics(&b, nil, diags, intelligen.Compact); err != nil {
		panic(err) // a strings.Builder does not fail
	}
	return b.String()
}

func TestDiagnostics(t *testing.T) {
	files, err := filepath.Glob("testdata/diag/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no test archives")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var want string
			in := &txtar.Archive{}
			idx := -1
			for i, f := range ar.Files {
				if f.Name == "diagnostics" {
					want, idx = string(f.Data), i
					continue
				}
				in.Files = append(in.Files, f)
			}
			_, diags, _ := check(t, in)
			got := compact(diags)
			if got == want {
				return
			}
			if *update {
				if idx < 0 {
					ar.Files = append(ar.Files, txtar.File{Name: "diagnostics"})
					idx = len(ar.Files) - 1
				}
				ar.Files[idx].Data = []byte(got)
				if err := os.WriteFile(file, txtar.Format(ar), 0o666); err != nil {
					t.Fatal(err)
				}
				t.Logf("updated %s", file)
				return
			}
			t.Errorf("diagnostics mismatch (-want +got):\n%s\nrun: go test ./ir -run TestDiagnostics -update", cmp.Diff(want, got))
		})
	}
}

package ir_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
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

// compact formats diags one per line, sorted, as
// file:line:col: severity: Summary: Detail (the CLI's compact form).
func compact(diags hcl.Diagnostics) string {
	var lines []string
	for _, d := range diags {
		sev := "error"
		if d.Severity == hcl.DiagWarning {
			sev = "warning"
		}
		loc := ""
		if s := d.Subject; s != nil {
			loc = fmt.Sprintf("%s:%d:%d: ", s.Filename, s.Start.Line, s.Start.Column)
		}
		lines = append(lines, fmt.Sprintf("%s%s: %s: %s", loc, sev, d.Summary, d.Detail))
	}
	slices.SortStableFunc(lines, func(a, b string) int { return compareLoc(a, b) })
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(lines, "\n") + "\n"
}

// compareLoc orders compact lines by file, then numerically by line and
// column, then text.
func compareLoc(a, b string) int {
	ka, kb := locKey(a), locKey(b)
	if c := strings.Compare(ka.file, kb.file); c != 0 {
		return c
	}
	if ka.line != kb.line {
		return ka.line - kb.line
	}
	if ka.col != kb.col {
		return ka.col - kb.col
	}
	return strings.Compare(a, b)
}

type loc struct {
	file      string
	line, col int
}

func locKey(s string) loc {
	var l loc
	parts := strings.SplitN(s, ":", 4)
	if len(parts) == 4 {
		if _, err := fmt.Sscanf(parts[1]+" "+parts[2], "%d %d", &l.line, &l.col); err == nil {
			l.file = parts[0]
		}
	}
	return l
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

package ir_test

import (
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/intelligen/intelligen/hclspec"
	"github.com/intelligen/intelligen/ir"
	"golang.org/x/tools/txtar"
)

// checkSource parses and checks one flow file, with brief.md available to
// file().
// It returns the workflow only when there are no errors at all, and reports
// whether Check broke its contract by returning a workflow with errors.
func checkSource(src []byte) (w *ir.Workflow, errs, broken bool) {
	fsys := fstest.MapFS{
		"flow.hcl": {Data: src},
		"brief.md": {Data: []byte("Brief.\n")},
	}
	spec, diags := hclspec.NewParser().ParseFS(fsys, "flow.hcl")
	if spec == nil {
		return nil, diags.HasErrors(), false
	}
	w, cdiags := ir.Check(spec)
	broken = cdiags.HasErrors() && w != nil
	if diags.HasErrors() || cdiags.HasErrors() {
		return nil, true, broken
	}
	return w, false, false
}

// verify checks the invariants of a checked workflow.
func verify(t *testing.T, w *ir.Workflow) {
	t.Helper()
	if len(w.Order) != len(w.Tasks) {
		t.Fatalf("Order has %d tasks, Tasks %d", len(w.Order), len(w.Tasks))
	}
	pos := make(map[*ir.Task]int)
	for i, task := range w.Order {
		if _, dup := pos[task]; dup {
			t.Fatalf("task %s twice in Order", task.Name)
		}
		pos[task] = i
	}
	for i, e := range w.Edges {
		if e.Index != i {
			t.Errorf("edge %d has Index %d", i, e.Index)
		}
		if e.Type == "" {
			t.Errorf("edge %s -> %s has no Type", e.From.Name, e.To.Name)
		}
		if pos[e.From] >= pos[e.To] {
			t.Errorf("edge %s -> %s goes backwards in Order", e.From.Name, e.To.Name)
		}
		if i > 0 && pos[w.Edges[i-1].To] > pos[e.To] {
			t.Errorf("Edges not ordered by To in Order at %d", i)
		}
	}
	for i, task := range w.Tasks {
		if task.Index != i || task.GoName == "" || task.Agent == nil {
			t.Errorf("task %d %q: Index %d GoName %q", i, task.Name, task.Index, task.GoName)
		}
	}
}

func FuzzCheck(f *testing.F) {
	f.Add([]byte(strings.SplitN(validFlow, "-- tasks.hcl --\n", 2)[0]))
	files, _ := filepath.Glob("testdata/diag/*.txtar")
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			f.Fatal(err)
		}
		var src []byte
		for _, af := range ar.Files {
			if strings.HasSuffix(af.Name, ".hcl") {
				src = append(src, af.Data...)
			}
		}
		f.Add(src)
	}
	f.Add([]byte("\x00\xff\xfe garbage {{{ \"\"\""))
	f.Add([]byte(`flow "f" {}
agent "w" {
  type = "text"
  provider = "openai"
}
task "a" {
  agent = agent.w
  input = <<EOT
Heredoc ${task.b.output} %%{ not a directive }
EOT
}
task "b" {
  agent = agent.w
  input = "${file("brief.md")}"
}
`))
	f.Fuzz(func(t *testing.T, src []byte) {
		w, errs, broken := checkSource(src)
		if broken {
			t.Fatal("Check returned a workflow with errors")
		}
		if errs {
			return
		}
		if w == nil {
			t.Fatal("no workflow and no errors")
		}
		verify(t, w)
	})
}

// The seed corpus's valid flows satisfy the invariants; run as a test.
func TestVerifyValid(t *testing.T) {
	ar := txtar.Parse([]byte(validFlow))
	w, diags, _ := check(t, ar)
	if w == nil {
		t.Fatal(diags)
	}
	verify(t, w)
}

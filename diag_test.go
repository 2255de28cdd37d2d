package intelligen

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
)

// A flow with one error: a misspelled task reference, with no task close
// enough to suggest.
const diagFlow = `flow "f" {}
agent "spare" {
  type     = "text"
  provider = "openai"
}
task "summarize" {
  agent = agent.spare
  input = task.serach.output
}
`

func loadDiagFlow(t *testing.T) func(Format) string {
	t.Helper()
	fsys := fstest.MapFS{"flow.hcl": {Data: []byte(diagFlow)}}
	w, files, diags := Load(fsys, "flow.hcl")
	if w != nil {
		t.Fatal("Load returned a workflow despite errors")
	}
	return func(f Format) string {
		var buf bytes.Buffer
		if err := WriteDiagnostics(&buf, files, diags, f); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
}

func TestWriteDiagnosticsText(t *testing.T) {
	write := loadDiagFlow(t)
	want := `flow.hcl:8:11: error: Reference to undeclared task

  on flow.hcl line 8, in task "summarize":
   8:   input = task.serach.output

There is no task named "serach" in this flow.

`
	if got := write(Text); got != want {
		t.Errorf("text diagnostics (-want +got):\n%s", cmp.Diff(want, got))
	}
}

func TestWriteDiagnosticsCompact(t *testing.T) {
	fsys := fstest.MapFS{"flow.hcl": {Data: []byte(`flow "f" {}
agent "spare" {
  type     = "text"
  provider = "openai"
}
agent "w" {
  type     = "text"
  provider = "openai"
}
task "a" {
  agent = agent.w
  input = task.b.output
}
`)}}
	_, files, diags := Load(fsys, "flow.hcl")
	var buf bytes.Buffer
	if err := WriteDiagnostics(&buf, files, diags, Compact); err != nil {
		t.Fatal(err)
	}
	want := `flow.hcl:2:7: warning: Unused agent: No task uses the agent "spare". Remove it, or use it in a task with agent = agent.spare.
flow.hcl:12:11: error: Reference to undeclared task: There is no task named "b" in this flow. Did you mean "a"?
`
	if got := buf.String(); got != want {
		t.Errorf("compact diagnostics (-want +got):\n%s", cmp.Diff(want, got))
	}
}

func TestWriteDiagnosticsJSON(t *testing.T) {
	write := loadDiagFlow(t)
	var got []map[string]any
	if err := json.Unmarshal([]byte(write(JSON)), &got); err != nil {
		t.Fatal(err)
	}
	want := []map[string]any{{
		"severity":   "error",
		"summary":    "Reference to undeclared task",
		"detail":     `There is no task named "serach" in this flow.`,
		"file":       "flow.hcl",
		"line":       8.0,
		"column":     11.0,
		"end_line":   8.0,
		"end_column": 22.0,
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("JSON diagnostics (-want +got):\n%s", diff)
	}

	var buf bytes.Buffer
	if err := WriteDiagnostics(&buf, nil, nil, JSON); err != nil {
		t.Fatal(err)
	}
	if buf.String() != "[]\n" {
		t.Errorf("no diagnostics as JSON = %q, want %q", buf.String(), "[]\n")
	}
}

func TestWriteDiagnosticsNoSubject(t *testing.T) {
	_, files, diags := Load(fstest.MapFS{}, "missing.hcl")
	var buf bytes.Buffer
	if err := WriteDiagnostics(&buf, files, diags, Compact); err != nil {
		t.Fatal(err)
	}
	want := `error: Failed to read file: The file "missing.hcl" could not be read: open missing.hcl: file does not exist.` + "\n"
	if buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
	buf.Reset()
	if err := WriteDiagnostics(&buf, files, diags, Text); err != nil {
		t.Fatal(err)
	}
	want = "error: Failed to read file\n\nThe file \"missing.hcl\" could not be read: open missing.hcl: file does not exist.\n\n"
	if buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
}

// The rendered form of a cycle: the snippet of the closing reference, in
// its task, and the whole chain with each hop's position.
func TestWriteDiagnosticsCycle(t *testing.T) {
	fsys := fstest.MapFS{"flow.hcl": {Data: []byte(`flow "f" {}
agent "w" {
  type     = "text"
  provider = "openai"
}
task "plan" {
  agent = agent.w
  input = task.review.output
}
task "search" {
  agent = agent.w
  input = "Search ${task.plan.output}"
}
task "review" {
  agent = agent.w
  after = [task.search]
}
`)}}
	_, files, diags := Load(fsys, "flow.hcl")
	var buf bytes.Buffer
	if err := WriteDiagnostics(&buf, files, diags, Text); err != nil {
		t.Fatal(err)
	}
	want := `flow.hcl:8:11: error: Dependency cycle

  on flow.hcl line 8, in task "plan":
   8:   input = task.review.output

The tasks form a cycle: task.plan -> task.search (flow.hcl:12) -> task.review (flow.hcl:16) -> task.plan. A task cannot wait for its own output; remove one of these references.

`
	if got := buf.String(); got != want {
		t.Errorf("cycle diagnostic (-want +got):\n%s", cmp.Diff(want, got))
	}
}

// Text output stays bounded however large the input: at most
// MaxTextDiagnostics diagnostics with a count of the rest, long lines cut
// to a window, long contexts to the subject's lines, long details cut.
func TestWriteDiagnosticsTextBounded(t *testing.T) {
	line := `flow "f" {}
agent "w" {
  type     = "text"
  provider = "openai"
}
task "a" {
  agent = agent.w
  input = "` + strings.Repeat("${var.nope} ", 2000) + `"
}
task "b" {
  agent = agent.w
  input = <<EOT
` + strings.Repeat("long heredoc line\n", 1000) + `${var.nope}
EOT
}
`
	fsys := fstest.MapFS{"flow.hcl": {Data: []byte(line)}}
	_, files, diags := Load(fsys, "flow.hcl")
	if len(diags) != 2001 {
		t.Fatalf("%d diagnostics, want 2001", len(diags))
	}
	diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Long", Detail: strings.Repeat("word ", 10000)})
	var buf bytes.Buffer
	if err := WriteDiagnosticsText(&buf, files, diags, 0, false); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if n := strings.Count(out, ": error: ") + strings.Count(out, "\nerror: ") + strings.Count(out[:6], "error:"); n != MaxTextDiagnostics {
		t.Errorf("%d diagnostics printed, want %d", n, MaxTextDiagnostics)
	}
	if !strings.HasSuffix(out, "... and 1902 more diagnostics not shown (1902 errors, 0 warnings).\n") {
		t.Errorf("output ends %q", out[max(0, len(out)-200):])
	}
	if len(out) > 100*(maxSnippet+maxDetail+400) {
		t.Errorf("%d bytes of output", len(out))
	}
	for _, l := range strings.Split(out, "\n") {
		if len(l) > maxDetail+100 {
			t.Errorf("a line of %d bytes: %.100q", len(l), l)
		}
	}
	if !strings.Contains(out, "more bytes not shown)") {
		t.Error("the long detail is not cut")
	}
	// The heredoc's diagnostic shows its subject's line, not 1,000.
	sorted := SortDiagnostics(diags)
	buf.Reset()
	if err := WriteDiagnosticsText(&buf, files, sorted[len(sorted)-1:], 0, false); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(buf.String(), "long heredoc line"); n > maxSnippetLines {
		t.Errorf("the heredoc diagnostic shows %d lines of context:\n%.500s", n, buf.String())
	}
}

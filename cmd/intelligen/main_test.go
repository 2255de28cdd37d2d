package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const validFlow = `flow "content" {}

agent "writer" {
  type     = "text"
  provider = "openai"
}

task "draft" {
  agent = agent.writer
  input = "Write."
}
`

const badFlow = `flow "content" {}

agent "writer" {
  type     = "text"
  provider = "openai"
}

task "draft" {
  agent = agent.writr
  input = "Write."
}
`

// chdirFiles makes a temporary working directory holding files.
func chdirFiles(t *testing.T, files map[string]string) {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
}

func runCmd(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestCheck(t *testing.T) {
	chdirFiles(t, map[string]string{"flow.hcl": validFlow, "bad.hcl": badFlow})

	code, stdout, stderr := runCmd("check", "flow.hcl")
	if code != 0 || stdout != "flow.hcl: 1 flow, 1 task, no problems\n" || stderr != "" {
		t.Errorf("check flow.hcl = %d, stdout %q, stderr %q; want 0, a summary and no diagnostics", code, stdout, stderr)
	}

	code, stdout, stderr = runCmd("check", "bad.hcl")
	// Sorted by position, each headed FILE:LINE:COL: severity: Summary,
	// with HCL's snippet and the detail.
	want := `bad.hcl:3:7: warning: Unused agent

  on bad.hcl line 3, in agent "writer":
   3: agent "writer" {

No task uses the agent "writer". Remove it, or use it in a task with agent = agent.writer.

bad.hcl:9:11: error: Reference to undeclared agent

  on bad.hcl line 9, in task "draft":
   9:   agent = agent.writr

There is no agent named "writr" in this flow. Did you mean "writer"?

`
	if code != 1 || stdout != "bad.hcl: 1 error, 1 warning\n" || stderr != want {
		t.Errorf("check bad.hcl = %d, stdout %q; want 1 and the summary; stderr (-want +got):\n%s", code, stdout, cmp.Diff(want, stderr))
	}
}

func TestCheckJSON(t *testing.T) {
	chdirFiles(t, map[string]string{"flow.hcl": validFlow, "bad.hcl": badFlow})

	code, stdout, stderr := runCmd("check", "--json", "flow.hcl")
	if code != 0 || stdout != "[]\n" || stderr != "" {
		t.Errorf("check --json flow.hcl = %d, stdout %q, stderr %q; want 0, \"[]\\n\", nothing", code, stdout, stderr)
	}

	code, stdout, stderr = runCmd("check", "-json", "bad.hcl")
	if code != 1 || stderr != "" {
		t.Errorf("check -json bad.hcl = %d, stderr %q; want 1 and no stderr", code, stderr)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, stdout)
	}
	want := []map[string]any{
		{"severity": "warning", "summary": "Unused agent", "detail": `No task uses the agent "writer". Remove it, or use it in a task with agent = agent.writer.`,
			"file": "bad.hcl", "line": 3.0, "column": 7.0, "end_line": 3.0, "end_column": 15.0},
		{"severity": "error", "summary": "Reference to undeclared agent", "detail": `There is no agent named "writr" in this flow. Did you mean "writer"?`,
			"file": "bad.hcl", "line": 9.0, "column": 11.0, "end_line": 9.0, "end_column": 22.0},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("check --json (-want +got):\n%s", diff)
	}
}

func TestCheckMissingFile(t *testing.T) {
	chdirFiles(t, nil)
	code, _, stderr := runCmd("check", "nope.hcl")
	want := "error: Failed to read file\n\nThe file \"nope.hcl\" could not be read: open nope.hcl: no such file or directory.\n\n"
	if code != 1 || stderr != want {
		t.Errorf("check nope.hcl = %d, stderr %q; want 1, %q", code, stderr, want)
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args       []string
		wantStderr string
	}{
		{nil, "usage: intelligen <command>"},
		{[]string{"frobnicate"}, `intelligen: unknown command "frobnicate"`},
		{[]string{"check"}, "intelligen check: no flow files given\nusage: intelligen check [--json] FILE.hcl|DIR..."},
		{[]string{"check", "--yaml", "flow.hcl"}, "flag provided but not defined: -yaml"},
		{[]string{"fmt"}, "intelligen fmt: no flow files given"},
		{[]string{"fmt", "-w", "x.hcl"}, "flag provided but not defined: -w"},
		{[]string{"version", "extra"}, "intelligen version: takes no arguments"},
	}
	for _, tt := range tests {
		code, stdout, stderr := runCmd(tt.args...)
		if code != 2 || stdout != "" || !strings.HasPrefix(stderr, tt.wantStderr) {
			t.Errorf("intelligen %q = %d, stdout %q, stderr %q; want 2, stderr starting %q", tt.args, code, stdout, stderr, tt.wantStderr)
		}
	}
}

func TestHelp(t *testing.T) {
	code, stdout, stderr := runCmd("check", "-h")
	if code != 0 || stdout != "" || !strings.HasPrefix(stderr, "usage: intelligen check [--json] FILE.hcl|DIR...\n  -json\n") {
		t.Errorf("check -h = %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestVersion(t *testing.T) {
	code, stdout, stderr := runCmd("version")
	if code != 0 || stderr != "" || !strings.HasPrefix(stdout, "intelligen ") || strings.Count(stdout, "\n") != 1 {
		t.Errorf("version = %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

const unformatted = "flow \"content\" {}\nagent \"w\" {\n  type = \"text\"\n  provider= \"openai\"\n}\n"
const formatted = "flow \"content\" {}\nagent \"w\" {\n  type     = \"text\"\n  provider = \"openai\"\n}\n"

func TestFmt(t *testing.T) {
	chdirFiles(t, map[string]string{"a.hcl": unformatted, "b.hcl": formatted, "broken.hcl": "flow {\n"})

	code, stdout, stderr := runCmd("fmt", "-check", "a.hcl", "b.hcl")
	if code != 1 || stdout != "a.hcl\n" || stderr != "" {
		t.Errorf("fmt -check = %d, stdout %q, stderr %q; want 1, \"a.hcl\\n\"", code, stdout, stderr)
	}
	if data, _ := os.ReadFile("a.hcl"); string(data) != unformatted {
		t.Errorf("fmt -check changed a.hcl")
	}

	code, stdout, stderr = runCmd("fmt", "-check", "b.hcl")
	if code != 0 || stdout != "" || stderr != "" {
		t.Errorf("fmt -check b.hcl = %d, stdout %q, stderr %q; want 0 and nothing", code, stdout, stderr)
	}

	if err := os.Chmod("a.hcl", 0o640); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = runCmd("fmt", "a.hcl", "b.hcl")
	if code != 0 || stdout != "" || stderr != "" {
		t.Errorf("fmt = %d, stdout %q, stderr %q; want 0 and nothing", code, stdout, stderr)
	}
	if data, _ := os.ReadFile("a.hcl"); string(data) != formatted {
		t.Errorf("fmt wrote %q, want %q", data, formatted)
	}
	if fi, err := os.Stat("a.hcl"); err != nil || fi.Mode().Perm() != 0o640 {
		t.Errorf("fmt changed the mode of a.hcl: %v %v", fi.Mode(), err)
	}
	if entries, _ := os.ReadDir("."); len(entries) != 3 {
		t.Errorf("fmt left %d files behind, want 3", len(entries))
	}

	code, stdout, stderr = runCmd("fmt", "broken.hcl")
	if code != 1 || stdout != "" || !strings.HasPrefix(stderr, "broken.hcl:1:6: error: Unclosed configuration block\n") {
		t.Errorf("fmt broken.hcl = %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if data, _ := os.ReadFile("broken.hcl"); string(data) != "flow {\n" {
		t.Errorf("fmt rewrote a file with syntax errors")
	}
}

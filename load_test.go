package intelligen

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

const osFlow = `flow "f" {}
agent "w" {
  type     = "text"
  provider = "openai"
}
task "a" {
  agent = agent.w
  input = file("brief.md")
}
task "b" {
  agent = agent.w
  input = task.nope.output
}
`

// LoadFiles takes paths as given on a command line, "../" and absolute
// ones included, names them exactly so in diagnostics, and reads file()
// relative to the flow file.
func TestLoadFiles(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{
		"x/flow.hcl": osFlow,
		"x/brief.md": "Brief.",
		"y/.keep":    "",
	} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(filepath.Join(dir, "y"))
	abs := filepath.Join(dir, "x", "flow.hcl")
	for _, name := range []string{"../x/flow.hcl", abs} {
		_, files, diags := LoadFiles(name)
		if len(diags) != 1 {
			t.Fatalf("LoadFiles(%q): %d diagnostics, want 1: %v", name, len(diags), diags)
		}
		if got := diags[0].Subject.Filename; got != name {
			t.Errorf("LoadFiles(%q): diagnostic file %q, want the name as given", name, got)
		}
		if files[name] == nil {
			t.Errorf("LoadFiles(%q): files has no entry for the name as given", name)
		}
	}

	// Without the bad task the flow loads, and file() was read.
	if err := os.WriteFile(abs, []byte(osFlow[:strings.Index(osFlow, `task "b"`)]), 0o666); err != nil {
		t.Fatal(err)
	}
	w, _, diags := LoadFiles("../x/flow.hcl")
	if w == nil || len(diags) != 0 {
		t.Fatalf("LoadFiles: %v", diags)
	}
	if w.Files[0] != "../x/flow.hcl" || w.Tasks[0].Input[0].Literal != "Brief." {
		t.Errorf("Files = %q, input = %+v", w.Files, w.Tasks[0].Input)
	}
}

func TestModuleVersion(t *testing.T) {
	tests := []struct {
		bi   debug.BuildInfo
		want string
	}{
		{debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "(devel)"}}, "devel"},
		{debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "v0.4.0"}}, "v0.4.0"},
		{debug.BuildInfo{Main: debug.Module{Path: "example.com/user"}, Deps: []*debug.Module{
			{Path: "golang.org/x/term", Version: "v0.1.0"},
			{Path: modulePath, Version: "v0.5.1"},
		}}, "v0.5.1"},
		{debug.BuildInfo{Main: debug.Module{Path: "example.com/user"}, Deps: []*debug.Module{
			{Path: modulePath, Version: "v0.5.1", Replace: &debug.Module{Path: "example.com/fork", Version: "v0.5.2"}},
		}}, "v0.5.2"},
		{debug.BuildInfo{Main: debug.Module{Path: "example.com/user"}, Deps: []*debug.Module{
			{Path: modulePath, Version: "v0.5.1", Replace: &debug.Module{Path: "../intelligen"}},
		}}, "v0.5.1"},
		{debug.BuildInfo{Main: debug.Module{Path: "example.com/user"}}, "devel"},
	}
	for _, tt := range tests {
		if got := moduleVersion(&tt.bi); got != tt.want {
			t.Errorf("moduleVersion(%v) = %q, want %q", tt.bi.Main, got, tt.want)
		}
	}
	// A test binary carries no version: the go command stamps none.
	if got := Version(); got != "devel" {
		t.Errorf("Version() = %q in a test binary, want devel", got)
	}
}

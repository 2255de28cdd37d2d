package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestGroupFlows(t *testing.T) {
	got := groupFlows([]string{"a/flow.hcl", "b/flow.hcl", "a/more.hcl", "./a/../a/x.hcl", "top.hcl"})
	want := [][]string{{"a/flow.hcl", "a/more.hcl", "./a/../a/x.hcl"}, {"b/flow.hcl"}, {"top.hcl"}}
	if len(got) != len(want) {
		t.Fatalf("groupFlows made %d flows, want %d: %v", len(got), len(want), got)
	}
	for i := range want {
		if !slices.Equal(got[i].files, want[i]) {
			t.Errorf("flow %d = %q, want %q", i, got[i].files, want[i])
		}
	}
}

// Paths are compared cleaned and absolute: a directory reached through
// .. is the same flow, and a file named twice is one file, read once.
func TestGroupFlowsAbsolute(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	up := filepath.Join("..", filepath.Base(wd))
	got := groupFlows([]string{"./flow.hcl", filepath.Join(up, "more.hcl"), "flow.hcl", filepath.Join(wd, "flow.hcl"), "d/x.hcl"})
	want := [][]string{{"./flow.hcl", filepath.Join(up, "more.hcl")}, {"d/x.hcl"}}
	if len(got) != len(want) {
		t.Fatalf("groupFlows made %d flows, want %d: %v", len(got), len(want), got)
	}
	for i := range want {
		if !slices.Equal(got[i].files, want[i]) {
			t.Errorf("flow %d = %q, want %q", i, got[i].files, want[i])
		}
	}
}

// mkdirFlows makes a temporary working directory with one subdirectory per
// entry of flows, each holding flow.hcl with the given text.
func mkdirFlows(t *testing.T, flows map[string]string) {
	t.Helper()
	chdirFiles(t, nil)
	for dir, text := range flows {
		if err := os.Mkdir(dir, 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "flow.hcl"), []byte(text), 0o666); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSeveralFlows: files in different directories are different flows, so
// one command line can build, diff and check several flows, as
// "intelligen diff examples/*/flow.hcl" does.
func TestSeveralFlows(t *testing.T) {
	mkdirFlows(t, map[string]string{"one": validFlow, "two": strings.ReplaceAll(validFlow, "content", "other")})

	if code, _, stderr := runCmd("diff", "one/flow.hcl", "two/flow.hcl"); code != exitDiags {
		t.Errorf("diff before build = %d, want 1 (stale); stderr %q", code, stderr)
	}
	if code, stdout, stderr := runCmd("build", "one/flow.hcl", "two/flow.hcl"); code != exitOK || stdout+stderr != "" {
		t.Fatalf("build = %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	for _, dir := range []string{"one", "two"} {
		if got := dirNames(t, dir); got != "flow.dot flow.hcl flow_gen.go" {
			t.Errorf("%s holds %s", dir, got)
		}
	}
	two, err := os.ReadFile("two/flow_gen.go")
	if err != nil || !strings.Contains(string(two), "package other") {
		t.Errorf("two/flow_gen.go is not flow \"other\"'s (err %v)", err)
	}
	if code, stdout, stderr := runCmd("diff", "one/flow.hcl", "two/flow.hcl"); code != exitOK || stdout+stderr != "" {
		t.Errorf("diff after build = %d, stdout %q, stderr %q; want 0", code, stdout, stderr)
	}
	if code, _, stderr := runCmd("build", "-o", "out", "one/flow.hcl", "two/flow.hcl"); code != exitUsage || !strings.Contains(stderr, "-o names one directory, but the files form 2 flows") {
		t.Errorf("build -o with two flows = %d, stderr %q; want 2", code, stderr)
	}
	if code, _, stderr := runCmd("graph", "one/flow.hcl", "two/flow.hcl"); code != exitUsage || !strings.Contains(stderr, "files in one and two form two flows") {
		t.Errorf("graph with two flows = %d, stderr %q; want 2", code, stderr)
	}
}

// TestSeveralFlowsOneBad: every flow's diagnostics are printed, and build
// writes nothing at all when any flow has errors.
func TestSeveralFlowsOneBad(t *testing.T) {
	mkdirFlows(t, map[string]string{"good": validFlow, "bad": badFlow})
	code, _, stderr := runCmd("build", "good/flow.hcl", "bad/flow.hcl")
	if code != exitDiags || !strings.Contains(stderr, "bad/flow.hcl:9:11: error: Reference to undeclared agent") {
		t.Errorf("build = %d, stderr:\n%s", code, stderr)
	}
	if got := dirNames(t, "good"); got != "flow.hcl" {
		t.Errorf("good holds %s after a failed build, want only flow.hcl", got)
	}
	code, stdout, _ := runCmd("check", "--json", "good/flow.hcl", "bad/flow.hcl")
	if code != exitDiags || strings.Count(stdout, `"severity": "error"`) != 1 || strings.Count(stdout, `"file": "bad/flow.hcl"`) != 2 || !strings.HasPrefix(stdout, "[") {
		t.Errorf("check --json = %d, stdout %s; want one JSON array with bad/flow.hcl's error and warning", code, stdout)
	}
}

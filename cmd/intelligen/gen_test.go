package main

import (
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/intelligen/intelligen"
)

// wantGenerated returns what build must write for validFlow.
func wantGenerated(t *testing.T) map[string]string {
	t.Helper()
	w, _, diags := intelligen.Load(os.DirFS("."), "flow.hcl")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	res, err := intelligen.Generate(w, intelligen.GenerateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, f := range res.Files {
		m[f.Name] = string(f.Content)
	}
	return m
}

func dirNames(t *testing.T, dir string) string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return strings.Join(names, " ")
}

func TestBuild(t *testing.T) {
	chdirFiles(t, map[string]string{"flow.hcl": validFlow, "bad.hcl": badFlow})
	want := wantGenerated(t)

	if code, stdout, stderr := runCmd("build", "flow.hcl"); code != exitOK || stdout != "" || stderr != "" {
		t.Fatalf("build flow.hcl = %d, stdout %q, stderr %q; want 0 and no output", code, stdout, stderr)
	}
	for name, content := range want {
		got, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != content {
			t.Errorf("build wrote %s different from Generate's", name)
		}
		if fi, _ := os.Stat(name); fi.Mode().Perm() != 0o644 {
			t.Errorf("%s has mode %v, want 0644", name, fi.Mode().Perm())
		}
	}
	if got := dirNames(t, "."); got != "bad.hcl flow.dot flow.hcl flow_gen.go" {
		t.Errorf("directory holds %q, want the flows and the two generated files only (no temp files)", got)
	}

	if err := os.Mkdir("out", 0o777); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCmd("build", "-o", "out", "--target", "go", "flow.hcl"); code != exitOK {
		t.Fatalf("build -o out = %d: %s", code, stderr)
	}
	if got := dirNames(t, "out"); got != "flow.dot flow_gen.go" {
		t.Errorf("out holds %q, want flow.dot flow_gen.go", got)
	}

	// A flow with errors: diagnostics, exit 1, nothing written.
	if err := os.Mkdir("out2", 0o777); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCmd("build", "-o", "out2", "bad.hcl")
	if code != exitDiags || !strings.Contains(stderr, "bad.hcl:9:") || !strings.Contains(stderr, `"writr"`) {
		t.Errorf("build bad.hcl = %d, stderr %q; want 1 and a diagnostic at bad.hcl:9", code, stderr)
	}
	if got := dirNames(t, "out2"); got != "" {
		t.Errorf("build of a bad flow wrote %q", got)
	}

	// Only the go and temporal targets exist.
	code, _, stderr = runCmd("build", "-o", "out2", "--target", "rust", "flow.hcl")
	if code != exitUsage || !strings.Contains(stderr, `unknown target "rust"`) {
		t.Errorf("build --target rust = %d, stderr %q; want 2 naming the target", code, stderr)
	}
	if got := dirNames(t, "out2"); got != "" {
		t.Errorf("build --target rust wrote %q", got)
	}
	// The temporal target adds the workflow beside the Go file.
	if code, _, stderr := runCmd("build", "-o", "out3", "--target", "temporal", "flow.hcl"); code != exitOK {
		t.Fatalf("build --target temporal = %d: %s", code, stderr)
	}
	if got, want := dirNames(t, "out3"), "flow.dot flow_gen.go flow_temporal.go"; got != want {
		t.Errorf("build --target temporal wrote %q, want %q", got, want)
	}
	if code, _, _ := runCmd("build"); code != exitUsage {
		t.Errorf("build with no files = %d, want 2", code)
	}
	// An output directory that does not exist yet is created.
	if code, _, stderr := runCmd("build", "-o", "new/deeper", "flow.hcl"); code != exitOK {
		t.Errorf("build -o new/deeper = %d, stderr %q", code, stderr)
	}
	if got := dirNames(t, "new/deeper"); got != "flow.dot flow_gen.go" {
		t.Errorf("new/deeper holds %q, want flow.dot flow_gen.go", got)
	}
	// An output "directory" that is a file: an error, exit 1.
	code, _, stderr = runCmd("build", "-o", "flow.hcl", "flow.hcl")
	if code != exitDiags || !strings.Contains(stderr, "intelligen build: create output directory:") {
		t.Errorf("build -o flow.hcl = %d, stderr %q", code, stderr)
	}
}

func TestDiff(t *testing.T) {
	chdirFiles(t, map[string]string{"flow.hcl": validFlow, "bad.hcl": badFlow})
	want := wantGenerated(t)

	// Both files missing: exit 1, a creation diff for each, nothing written.
	code, stdout, _ := runCmd("diff", "flow.hcl")
	if code != exitDiags {
		t.Errorf("diff with missing files = %d, want 1", code)
	}
	if !strings.HasPrefix(stdout, "--- /dev/null\n+++ b/flow_gen.go\n@@ -0,0 +1,") || !strings.Contains(stdout, "--- /dev/null\n+++ b/flow.dot\n") {
		t.Errorf("diff output for missing files:\n%s", stdout)
	}
	if got := dirNames(t, "."); got != "bad.hcl flow.hcl" {
		t.Errorf("diff wrote files: %q", got)
	}

	if code, _, _ := runCmd("build", "flow.hcl"); code != exitOK {
		t.Fatal("build failed")
	}
	if code, stdout, stderr := runCmd("diff", "flow.hcl"); code != exitOK || stdout != "" || stderr != "" {
		t.Errorf("diff after build = %d, stdout %q, stderr %q; want 0 and no output", code, stdout, stderr)
	}

	// A stale line in the Go file: exactly that hunk.
	stale := strings.Replace(want["flow_gen.go"], `Name:        "writer",`, `Name:        "editor",`, 1)
	if stale == want["flow_gen.go"] {
		t.Fatal("test flow changed: no agent Name line to edit")
	}
	if err := os.WriteFile("flow_gen.go", []byte(stale), 0o666); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ = runCmd("diff", "flow.hcl")
	if code != exitDiags || !strings.HasPrefix(stdout, "--- a/flow_gen.go\n+++ b/flow_gen.go\n@@ -") ||
		!strings.Contains(stdout, "\n-\tName:        \"editor\",\n+\tName:        \"writer\",\n") || strings.Contains(stdout, "flow.dot") {
		t.Errorf("diff of a stale file = %d:\n%s", code, stdout)
	}
	if got, _ := os.ReadFile("flow_gen.go"); string(got) != stale {
		t.Error("diff rewrote the stale file")
	}

	// Errors exit 2.
	// docs/cli.md#exit-codes: a flow with errors exits 1, like build and check.
	if code, _, stderr := runCmd("diff", "bad.hcl"); code != exitDiags || !strings.Contains(stderr, `"writr"`) {
		t.Errorf("diff bad.hcl = %d, stderr %q; want 1 and the diagnostic", code, stderr)
	}
	if code, _, _ := runCmd("diff"); code != exitUsage {
		t.Errorf("diff with no files = %d, want 2", code)
	}
}

func TestGraph(t *testing.T) {
	chdirFiles(t, map[string]string{"flow.hcl": validFlow, "bad.hcl": badFlow})
	want := wantGenerated(t)["flow.dot"]
	if code, stdout, stderr := runCmd("graph", "flow.hcl"); code != exitOK || stdout != want || stderr != "" {
		t.Errorf("graph = %d, stdout %q, stderr %q; want 0 and the DOT", code, stdout, stderr)
	}
	const wantDOT = "digraph \"content\" {\n\tn1[id=\"draft\",label=\"draft\\nwriter (openai text)\",shape=\"box\"];\n}\n"
	if want != wantDOT {
		t.Errorf("DOT = %q, want %q", want, wantDOT)
	}
	if code, _, _ := runCmd("graph", "-T", "dot", "-o", "g.dot", "flow.hcl"); code != exitOK {
		t.Fatalf("graph -o = %d", code)
	}
	if got, _ := os.ReadFile("g.dot"); string(got) != want {
		t.Errorf("graph -o wrote %q", got)
	}
	if code, _, stderr := runCmd("graph", "-T", "gif", "flow.hcl"); code != exitUsage || !strings.Contains(stderr, `unknown format "gif"`) {
		t.Errorf("graph -T gif = %d, %q", code, stderr)
	}
	if code, _, _ := runCmd("graph", "bad.hcl"); code != exitDiags {
		t.Errorf("graph bad.hcl = %d, want 1", code)
	}
	if _, err := exec.LookPath("dot"); err != nil {
		code, _, stderr := runCmd("graph", "-T", "svg", "flow.hcl")
		if code != exitDiags || !strings.Contains(stderr, "Graphviz's dot command, which is not on PATH") {
			t.Errorf("graph -T svg without dot = %d, %q", code, stderr)
		}
		t.Skip("Graphviz's dot is not installed")
	}
	code, stdout, stderr := runCmd("graph", "-T", "svg", "flow.hcl")
	if code != exitOK || !strings.HasPrefix(stdout, "<?xml") || !strings.Contains(stdout, `<g id="draft" class="node">`) || stderr != "" {
		t.Errorf("graph -T svg = %d, stderr %q, stdout:\n%s", code, stderr, stdout)
	}
}

// TestGraphNoDot runs graph -T png with a PATH that has no dot.
func TestGraphNoDot(t *testing.T) {
	chdirFiles(t, map[string]string{"flow.hcl": validFlow})
	t.Setenv("PATH", t.TempDir())
	code, stdout, stderr := runCmd("graph", "-T", "png", "flow.hcl")
	if code != exitDiags || stdout != "" || !strings.Contains(stderr, "-T png needs Graphviz's dot command, which is not on PATH") {
		t.Errorf("graph -T png without dot = %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// TestUnified checks the diff against its definition: the kept and deleted
// lines rebuild a, the kept and inserted ones rebuild b, and the script is
// as short as an LCS allows.
func TestUnified(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		a := randLines(r)
		b := randLines(r)
		edits := diffLines(a, b)
		var ra, rb []string
		changes := 0
		for _, e := range edits {
			if e.kind != '+' {
				ra = append(ra, e.line)
			}
			if e.kind != '-' {
				rb = append(rb, e.line)
			}
			if e.kind != ' ' {
				changes++
			}
		}
		if strings.Join(ra, "") != strings.Join(a, "") || strings.Join(rb, "") != strings.Join(b, "") {
			t.Fatalf("edits of %q -> %q do not rebuild them", a, b)
		}
		if want := len(a) + len(b) - 2*lcs(a, b); changes != want {
			t.Fatalf("%q -> %q: %d changes, want %d", a, b, changes, want)
		}
	}
	got := unified("a/x", "b/x", []byte("1\n2\n3\n4\n5\n6\n7\n8\n9\n"), []byte("1\n2\n3\n4\nfive\n6\n7\n8\n9"))
	want := "--- a/x\n+++ b/x\n@@ -2,8 +2,8 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n-9\n+9\n\\ No newline at end of file\n"
	if got != want {
		t.Errorf("unified =\n%s\nwant\n%s", got, want)
	}
}

// TestUnifiedGNU compares unified with the output of GNU diff -u (diffutils 3.8,
// --label a/x --label b/x) on inputs whose shortest edit script is unique:
// separate hunks, hunks at either end, creation, deletion and a missing
// final newline.
func TestUnifiedGNU(t *testing.T) {
	for _, tt := range []struct{ a, b, want string }{
		{
			"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n18\n19\n20\n",
			"0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\nten\n12\n13\n14\n15\n16\n17\n18\n20\n",
			"--- a/x\n+++ b/x\n@@ -1,3 +1,4 @@\n+0\n 1\n 2\n 3\n@@ -8,7 +9,7 @@\n 8\n 9\n 10\n-11\n+ten\n 12\n 13\n 14\n@@ -16,5 +17,4 @@\n 16\n 17\n 18\n-19\n 20\n",
		},
		{"a\nb\nc\n", "a\nb\nc\nd\ne\n", "--- a/x\n+++ b/x\n@@ -1,3 +1,5 @@\n a\n b\n c\n+d\n+e\n"},
		{"", "a\nb\n", "--- a/x\n+++ b/x\n@@ -0,0 +1,2 @@\n+a\n+b\n"},
		{"a\nb\n", "", "--- a/x\n+++ b/x\n@@ -1,2 +0,0 @@\n-a\n-b\n"},
		{"x\n", "y", "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-x\n+y\n\\ No newline at end of file\n"},
		{"same\n", "same\n", ""},
	} {
		if got := unified("a/x", "b/x", []byte(tt.a), []byte(tt.b)); got != tt.want {
			t.Errorf("unified(%q, %q) =\n%s\nwant\n%s", tt.a, tt.b, got, tt.want)
		}
	}
}

func randLines(r *rand.Rand) []string {
	lines := make([]string, r.IntN(12))
	for i := range lines {
		lines[i] = string(rune('a'+r.IntN(4))) + "\n"
	}
	return lines
}

func lcs(a, b []string) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return dp[0][0]
}

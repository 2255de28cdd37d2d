package intelligen_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/intelligen/intelligen"
)

// A target that is in the way fails Commit before anything is written, and
// an earlier output is left as it was.
func TestCommitAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "flow.dot"), 0o777); err != nil {
		t.Fatal(err)
	}
	old := []byte("package old\n")
	if err := os.WriteFile(filepath.Join(dir, "flow_gen.go"), old, 0o644); err != nil {
		t.Fatal(err)
	}
	r := &intelligen.Result{Files: []intelligen.GeneratedFile{
		{Name: "flow_gen.go", Content: []byte("package flow\n")},
		{Name: "flow.dot", Content: []byte("digraph \"f\" {}\n")},
	}}
	if err := r.Commit(dir); err == nil {
		t.Fatal("Commit succeeded with a directory in the way")
	}
	if b, err := os.ReadFile(filepath.Join(dir, "flow_gen.go")); err != nil || string(b) != string(old) {
		t.Errorf("flow_gen.go = %q, %v; want the old content", b, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("files left in the output directory: %q", names)
	}
	// Without the obstacle, both files are written.
	os.Remove(filepath.Join(dir, "flow.dot"))
	if err := r.Commit(dir); err != nil {
		t.Fatal(err)
	}
	for _, f := range r.Files {
		if b, err := os.ReadFile(filepath.Join(dir, f.Name)); err != nil || string(b) != string(f.Content) {
			t.Errorf("%s = %q, %v", f.Name, b, err)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("%d files in the output directory, want 2", len(entries))
	}
}

// Stale does not read what is in the way of an output: a directory or a
// FIFO is stale, at once.
func TestStaleNotRegular(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "flow.dot"), 0o777); err != nil {
		t.Fatal(err)
	}
	r := &intelligen.Result{Files: []intelligen.GeneratedFile{{Name: "flow.dot", Content: []byte("x")}}}
	stale, old, err := r.Stale(dir)
	if err != nil || len(stale) != 1 || old[0] != nil {
		t.Errorf("Stale = %v, %q, %v; want flow.dot stale, no old content", stale, old, err)
	}
}

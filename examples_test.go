package intelligen_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/intelligen/intelligen"
)

// TestGeneratedFresh proves that `go generate` leaves no diff: every
// directory with a generate.go holds exactly the one directive that
// generates its flow.hcl, and the committed <base>_gen.go and <base>.dot
// are byte for byte what that directive writes (the same Load and Generate
// the CLI runs). After changing the generator, run `make generate`.
func TestGeneratedFresh(t *testing.T) {
	dirs, err := filepath.Glob("examples/*/generate.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, pattern := range []string{"examples/*/*/generate.go", "internal/testflows/*/generate.go"} {
		flows, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, flows...)
	}
	if len(dirs) < 10 {
		t.Fatalf("found %d generate.go files, want the examples and the internal/testflows", len(dirs))
	}
	for _, g := range dirs {
		dir := filepath.Dir(g)
		t.Run(filepath.ToSlash(dir), func(t *testing.T) {
			src, err := os.ReadFile(g)
			if err != nil {
				t.Fatal(err)
			}
			const directive = "//go:generate go tool intelligen build flow.hcl\n"
			if strings.Count(string(src), "//go:generate") != 1 || !strings.Contains(string(src), directive) {
				t.Errorf("%s must hold exactly the directive %q", g, directive)
			}
			w, _, diags := intelligen.LoadFiles(filepath.Join(dir, "flow.hcl"))
			if diags.HasErrors() {
				t.Fatalf("%s/flow.hcl: %v", dir, diags)
			}
			res, err := intelligen.Generate(w, intelligen.GenerateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			stale, _, err := res.Stale(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range stale {
				t.Errorf("%s is stale: run `make generate` (go generate ./examples/... ./internal/...)", filepath.Join(dir, f.Name))
			}
		})
	}
}

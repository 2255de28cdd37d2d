package bench_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/intelligen/intelligen"
	"github.com/intelligen/intelligen/bench"
)

// TestGeneratedFresh checks that the committed flows are what go generate
// would write now: the HCL from the DAGs, and the Go and DOT from the HCL
// with the current generator. Run go generate in bench/ when it fails.
func TestGeneratedFresh(t *testing.T) {
	names := []string{"seed"}
	for _, d := range bench.Generated() {
		names = append(names, d.Name)
		hcl, err := os.ReadFile(filepath.Join("flows", d.Name+".hcl"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(hcl, d.HCL()) {
			t.Errorf("flows/%s.hcl is stale: run go generate", d.Name)
		}
	}
	for _, name := range names {
		w, _, diags := intelligen.LoadFiles(filepath.Join("flows", name+".hcl"))
		if diags.HasErrors() {
			t.Fatalf("%s: %v", name, diags)
		}
		res, err := intelligen.Generate(w, intelligen.GenerateOptions{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		stale, _, err := res.Stale(filepath.Join("flows", name))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range stale {
			t.Errorf("flows/%s/%s is stale: run go generate", name, f.Name)
		}
	}
}

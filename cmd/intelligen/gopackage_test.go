package main

import (
	"os"
	"strings"
	"testing"
)

// TestGoPackage: under go generate, a flow without a package attribute is
// generated into $GOPACKAGE, the package of the generate.go beside it; a
// package attribute still wins; outside go generate the label rule stands.
func TestGoPackage(t *testing.T) {
	chdirFiles(t, map[string]string{"flow.hcl": validFlow})
	t.Setenv("GOPACKAGE", "myapp")
	if code, _, stderr := runCmd("build", "flow.hcl"); code != exitOK {
		t.Fatalf("build = %d, stderr %q", code, stderr)
	}
	if src, _ := os.ReadFile("flow_gen.go"); !strings.Contains(string(src), "\npackage myapp\n") {
		t.Errorf("under go generate, flow_gen.go is not package myapp:\n%.300s", src)
	}

	withPackage := strings.Replace(validFlow, `flow "content" {}`, "flow \"content\" {\n  package = \"chosen\"\n}", 1)
	if err := os.WriteFile("flow.hcl", []byte(withPackage), 0o666); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCmd("build", "flow.hcl"); code != exitOK {
		t.Fatalf("build = %d, stderr %q", code, stderr)
	}
	if src, _ := os.ReadFile("flow_gen.go"); !strings.Contains(string(src), "\npackage chosen\n") {
		t.Errorf("the package attribute lost to $GOPACKAGE")
	}

	// Another directory than go generate's is not $GOPACKAGE's package.
	mkdirFlows(t, map[string]string{"sub": validFlow})
	t.Setenv("GOPACKAGE", "myapp")
	if code, _, stderr := runCmd("build", "sub/flow.hcl"); code != exitOK {
		t.Fatalf("build sub = %d, stderr %q", code, stderr)
	}
	if src, _ := os.ReadFile("sub/flow_gen.go"); !strings.Contains(string(src), "\npackage content\n") {
		t.Errorf("sub/flow_gen.go took $GOPACKAGE of another directory")
	}

	t.Setenv("GOPACKAGE", "")
	chdirFiles(t, map[string]string{"flow.hcl": validFlow})
	if code, _, stderr := runCmd("build", "flow.hcl"); code != exitOK {
		t.Fatalf("build = %d, stderr %q", code, stderr)
	}
	if src, _ := os.ReadFile("flow_gen.go"); !strings.Contains(string(src), "\npackage content\n") {
		t.Errorf("outside go generate, flow_gen.go is not named after the label")
	}
}

// TestOneFlowPerPackage: under go generate, a second flow in the package's
// directory is an error naming both; given together, two flow blocks are a
// duplicate.
func TestOneFlowPerPackage(t *testing.T) {
	other := strings.ReplaceAll(validFlow, "content", "other")
	chdirFiles(t, map[string]string{"flow.hcl": validFlow, "other.hcl": other, "notes.hcl": "# not a flow\n"})
	t.Setenv("GOPACKAGE", "myapp")
	code, _, stderr := runCmd("build", "flow.hcl")
	want := "other.hcl:1:1: error: Two flows in one package\n"
	if code != exitDiags || !strings.HasPrefix(stderr, want) || !strings.Contains(stderr, `already holds flow "content" (flow.hcl): a package holds one flow`) {
		t.Errorf("build with a second flow in the package = %d, stderr:\n%s", code, stderr)
	}
	if got := dirNames(t, "."); got != "flow.hcl notes.hcl other.hcl" {
		t.Errorf("a failed build left %s", got)
	}

	t.Setenv("GOPACKAGE", "")
	code, _, stderr = runCmd("check", ".")
	if code != exitDiags || !strings.Contains(stderr, "error: Duplicate flow block") || !strings.Contains(stderr, "one flow per Go package") {
		t.Errorf("check . = %d, stderr:\n%s", code, stderr)
	}
}

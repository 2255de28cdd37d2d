package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/intelligen/intelligen"
	"github.com/intelligen/intelligen/ir"
)

// runBuild implements "intelligen build [-o DIR] [--target go] FILE.hcl...":
// check the flow, then write <base>_gen.go and <base>.dot atomically.
// Nothing is written when the flow has errors.
func runBuild(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("build", "build [-o DIR] [--target go] [-version-markers] FILE.hcl...")
	out := fs.String("o", "", "write <base>_gen.go and <base>.dot into `DIR` (default: the first file's directory; <base> is its name without .hcl)")
	target := fs.String("target", "go", "code generation `target`; go is the only one")
	markers := fs.Bool("version-markers", false, "name the intelligen version in the generated file's header")
	if code := parseFlags(fs, args, stderr, true); code >= 0 {
		return code
	}
	if *target != "go" {
		fmt.Fprintf(stderr, "intelligen build: unknown target %q: go is the only target\n", *target)
		fs.Usage()
		return exitUsage
	}
	res, dir, code := generate(stdout, stderr, fs.Args(), *out, *markers)
	if res == nil {
		return code
	}
	if err := res.Commit(dir); err != nil {
		fmt.Fprintf(stderr, "intelligen build: %v\n", err)
		return exitDiags
	}
	return exitOK
}

// generate loads the flow, prints its diagnostics and generates its files.
// It returns them with the directory they belong in (outDir, else the
// first file's), or nil and the exit code to stop with.
func generate(stdout, stderr io.Writer, names []string, outDir string, markers bool) (*intelligen.Result, string, int) {
	w, code := load(stderr, stdout, false, names)
	if w == nil {
		return nil, "", code
	}
	res, err := generateFlow(w, markers)
	if err != nil {
		fmt.Fprintf(stderr, "intelligen: %v\n", err)
		return nil, "", exitDiags
	}
	if outDir == "" {
		outDir = filepath.Dir(names[0])
	}
	return res, outDir, exitOK
}

func generateFlow(w *ir.Workflow, markers bool) (*intelligen.Result, error) {
	return intelligen.Generate(w, intelligen.GenerateOptions{VersionMarkers: markers, Version: intelligen.Version()})
}

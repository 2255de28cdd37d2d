package main

import (
	"cmp"
	"fmt"
	"io"

	"github.com/intelligen/intelligen"
)

// runBuild implements "intelligen build [-o DIR] [--target go|temporal] FILE.hcl...":
// check each flow named (files in one directory form one flow), then write
// its <base>_gen.go and <base>.dot (and <base>_temporal.go for the
// temporal target, docs/temporal.md) atomically. Nothing is written when any
// flow has errors.
func runBuild(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("build", "build [-o DIR] [--target go|temporal] [-version-markers] FILE.hcl|DIR...")
	out := fs.String("o", "", "write <base>_gen.go and <base>.dot into `DIR` (default: the first file's directory; <base> is its name without .hcl)")
	target := fs.String("target", intelligen.TargetGo, "code generation `target`: go, or temporal to add <base>_temporal.go, a Temporal workflow")
	markers := fs.Bool("version-markers", false, "name the intelligen version in the generated file's header")
	files, code := parseFlags(fs, args, stderr, true)
	if code >= 0 {
		return code
	}
	if *target != intelligen.TargetGo && *target != intelligen.TargetTemporal {
		fmt.Fprintf(stderr, "intelligen build: unknown target %q: go or temporal\n", *target)
		fs.Usage()
		return exitUsage
	}
	var outs []output
	outs, code = generate(stdout, stderr, files, *out, intelligen.GenerateOptions{VersionMarkers: *markers, Target: *target})
	if outs == nil {
		return code
	}
	for _, o := range outs {
		if err := o.res.Commit(o.dir); err != nil {
			fmt.Fprintf(stderr, "intelligen build: %v\n", err)
			return exitDiags
		}
	}
	return exitOK
}

// An output is one flow's generated files and the directory they belong in.
type output struct {
	res *intelligen.Result
	dir string
}

// generate loads the flows named (files in one directory form one flow),
// prints their diagnostics and generates their files. It returns them with
// the directory each belongs in (outDir, else the flow's own), or nil and
// the exit code to stop with: nothing is generated unless every flow is
// free of errors.
func generate(stdout, stderr io.Writer, names []string, outDir string, opts intelligen.GenerateOptions) ([]output, int) {
	flows, code := loadFlows(stderr, stdout, false, names)
	if code != exitOK {
		return nil, code
	}
	if outDir != "" && len(flows) > 1 {
		fmt.Fprintf(stderr, "intelligen: -o names one directory, but the files form %d flows (one per directory)\n", len(flows))
		return nil, exitUsage
	}
	opts.Version = intelligen.Version()
	outs := make([]output, len(flows))
	for i, f := range flows {
		res, err := intelligen.Generate(f.w, opts)
		if err != nil {
			fmt.Fprintf(stderr, "intelligen: %v\n", err)
			return nil, exitDiags
		}
		outs[i] = output{res: res, dir: cmp.Or(outDir, f.dir())}
	}
	return outs, exitOK
}

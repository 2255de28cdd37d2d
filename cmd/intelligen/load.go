package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"

	"github.com/hashicorp/hcl/v2"
	"github.com/intelligen/intelligen"
	"github.com/intelligen/intelligen/ir"
	"golang.org/x/term"
)

// A flow is one flow named on the command line: its files, as given, its
// checked workflow (nil when it has errors) and its diagnostics.
type flow struct {
	files []string
	w     *ir.Workflow
	diags hcl.Diagnostics
}

// dir returns the directory of the flow's first file.
func (f flow) dir() string { return filepath.Dir(f.files[0]) }

// groupFlows splits the files named on a command line into flows. Files in
// one directory form one flow, like a Terraform module; each directory is
// its own flow, so "intelligen diff examples/*/flow.hcl" checks every
// example. Paths are compared cleaned and absolute: "./flow.hcl" and
// "../d/more.hcl" run in d are one directory, and a file named twice is
// read once, under the name first given. Flows and their files keep the
// order of first appearance.
func groupFlows(names []string) []flow {
	var flows []flow
	index := map[string]int{}
	seen := map[string]bool{}
	for _, name := range names {
		path := absPath(name)
		if seen[path] {
			continue
		}
		seen[path] = true
		dir := filepath.Dir(path)
		i, ok := index[dir]
		if !ok {
			i = len(flows)
			index[dir] = i
			flows = append(flows, flow{})
		}
		flows[i].files = append(flows[i].files, name)
	}
	return flows
}

// absPath returns name cleaned and absolute, or only cleaned when the
// working directory is unknown.
func absPath(name string) string {
	if abs, err := filepath.Abs(name); err == nil {
		return abs
	}
	return filepath.Clean(name)
}

// loadFlows parses and checks every flow named by names (paths as given on
// the command line, directories standing for their .hcl files; see
// groupFlows) and prints all their diagnostics at once: as one JSON array
// on stdout if jsonOut ("[]" when there are none), else as text with
// snippets on stderr. It returns the flows and exitOK, or exitDiags when
// any flow has errors.
//
// Under go generate, a flow in the directory go generate runs in is
// generated into the package $GOPACKAGE names (see
// [intelligen.LoadFilesInPackage]).
func loadFlows(stderr, stdout io.Writer, jsonOut bool, names []string) ([]flow, int) {
	flows, code := namedFlows(stderr, names)
	if code != exitOK {
		return nil, code
	}
	return flows, checkFlows(stderr, stdout, jsonOut, flows)
}

// namedFlows expands the directories among names and groups the files into
// flows (see groupFlows), or returns nil and the exit code to stop with.
func namedFlows(stderr io.Writer, names []string) ([]flow, int) {
	names, err := expandDirs(names)
	if err != nil {
		fmt.Fprintf(stderr, "intelligen: %v\n", err)
		return nil, exitDiags
	}
	return groupFlows(names), exitOK
}

// checkFlows parses and checks flows, setting each one's workflow and
// diagnostics, and prints the diagnostics as loadFlows does. It returns
// exitOK, or exitDiags when any flow has errors.
func checkFlows(stderr, stdout io.Writer, jsonOut bool, flows []flow) int {
	files := map[string]*hcl.File{}
	var diags hcl.Diagnostics
	code := exitOK
	for i := range flows {
		w, fs, ds := intelligen.LoadFilesInPackage(goPackage(flows[i].dir()), flows[i].files...)
		maps.Copy(files, fs)
		diags = append(diags, ds...)
		if w == nil {
			code = exitDiags
		}
		flows[i].w, flows[i].diags = w, ds
	}
	if err := printDiagnostics(stderr, stdout, jsonOut, files, diags); err != nil {
		fmt.Fprintf(stderr, "intelligen: %v\n", err)
		return exitDiags
	}
	return code
}

// goPackage returns $GOPACKAGE when go generate runs intelligen in dir (the
// current directory), else "".
func goPackage(dir string) string {
	pkg := os.Getenv("GOPACKAGE")
	if pkg == "" {
		return ""
	}
	abs, err1 := filepath.Abs(dir)
	wd, err2 := os.Getwd()
	if err1 != nil || err2 != nil || abs != wd {
		return ""
	}
	return pkg
}

// load is loadFlows for a command that takes exactly one flow: names must
// all be in one directory.
func load(stderr, stdout io.Writer, jsonOut bool, names []string) (*ir.Workflow, int) {
	flows, code := namedFlows(stderr, names)
	if code != exitOK {
		return nil, code
	}
	if len(flows) > 1 {
		fmt.Fprintf(stderr, "intelligen: files in %s and %s form two flows; give the files of one flow (one directory)\n", flows[0].dir(), flows[1].dir())
		return nil, exitUsage
	}
	if code := checkFlows(stderr, stdout, jsonOut, flows); code != exitOK {
		return nil, code
	}
	return flows[0].w, exitOK
}

// printDiagnostics prints diags as JSON on stdout if jsonOut, else as text
// on stderr, coloured and wrapped only when stderr is a terminal.
func printDiagnostics(stderr, stdout io.Writer, jsonOut bool, files map[string]*hcl.File, diags hcl.Diagnostics) error {
	if jsonOut {
		return intelligen.WriteDiagnostics(stdout, files, diags, intelligen.JSON)
	}
	width, color := terminal(stderr)
	return intelligen.WriteDiagnosticsText(stderr, files, diags, width, color)
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// terminal returns the width of w and whether to use colour: both only
// when w is a terminal.
func terminal(w io.Writer) (width uint, color bool) {
	if !isTerminal(w) {
		return 0, false
	}
	if cols, _, err := term.GetSize(int(w.(*os.File).Fd())); err == nil && cols > 0 {
		width = uint(cols)
	}
	return width, true
}

// parseFlags parses a subcommand's flags, which may come before, between
// or after the file names ("check flow.hcl --json"); "--" ends the flags.
// It returns the other arguments, and the exit code to stop with or -1 to
// go on: exitOK for -h, exitUsage for a bad flag or, if needFiles, no file
// argument.
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer, needFiles bool) ([]string, int) {
	fs.SetOutput(stderr)
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, exitOK
			}
			return nil, exitUsage
		}
		left := fs.Args()
		if n := len(args) - len(left); n > 0 && args[n-1] == "--" {
			rest = append(rest, left...)
			break
		}
		if len(left) == 0 {
			break
		}
		rest = append(rest, left[0])
		args = left[1:]
	}
	if needFiles && len(rest) == 0 {
		fmt.Fprintf(stderr, "intelligen %s: no flow files given\n", fs.Name())
		fs.Usage()
		return nil, exitUsage
	}
	return rest, -1
}

// expandDirs replaces each directory among names by its .hcl files, in
// name order, so that "intelligen build ." builds the flow of the current
// directory. A directory without .hcl files is an error.
func expandDirs(names []string) ([]string, error) {
	var out []string
	for _, name := range names {
		fi, err := os.Stat(name)
		if err != nil || !fi.IsDir() {
			out = append(out, name) // reading it reports the error
			continue
		}
		files, err := filepath.Glob(filepath.Join(name, "*.hcl"))
		if err != nil {
			return nil, err
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("%s is a directory with no .hcl files", name)
		}
		out = append(out, files...)
	}
	return out, nil
}

// newFlagSet returns a flag set whose usage line is "usage: intelligen " +
// usage, followed by the flags.
func newFlagSet(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: intelligen %s\n", usage)
		fs.PrintDefaults()
	}
	return fs
}

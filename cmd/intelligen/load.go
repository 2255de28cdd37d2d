package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/hashicorp/hcl/v2"
	"github.com/intelligen/intelligen"
	"github.com/intelligen/intelligen/ir"
	"golang.org/x/term"
)

// load parses and checks the flow made of the named files (paths as given
// on the command line) and prints its diagnostics: as JSON on stdout if
// jsonOut (always, "[]" when there are none), else as text with snippets on
// stderr. It returns the workflow and exitOK, or nil and exitDiags when
// there are errors.
func load(stderr, stdout io.Writer, jsonOut bool, names []string) (*ir.Workflow, int) {
	w, files, diags := intelligen.LoadFiles(names...)
	if err := printDiagnostics(stderr, stdout, jsonOut, files, diags); err != nil {
		fmt.Fprintf(stderr, "intelligen: %v\n", err)
		return nil, exitDiags
	}
	if w == nil {
		return nil, exitDiags
	}
	return w, exitOK
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

// terminal returns the width of w and whether to use colour: both only
// when w is a terminal.
func terminal(w io.Writer) (width uint, color bool) {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return 0, false
	}
	if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 0 {
		width = uint(cols)
	}
	return width, true
}

// parseFlags parses a subcommand's flags. It returns the exit code to stop
// with, or -1 to go on: exitOK for -h, exitUsage for a bad flag or, if
// needFiles, no file argument.
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer, needFiles bool) int {
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if needFiles && fs.NArg() == 0 {
		fmt.Fprintf(stderr, "intelligen %s: no flow files given\n", fs.Name())
		fs.Usage()
		return exitUsage
	}
	return -1
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

// Command intelligen compiles AI workflows written in HCL into typed Go.
//
// (The full manual is written here in stringer's style: an example flow,
// the //go:generate line, the output naming rule and every subcommand.)
package main

import (
	"fmt"
	"io"
	"os"
)

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

// Exit codes (SPEC §2).
const (
	exitOK    = 0 // success; warnings alone
	exitDiags = 1 // diagnostics with errors, or diff / fmt -check found a change
	exitUsage = 2 // usage error
)

// A command is one subcommand: it parses its own flags from args.
type command struct {
	name  string
	usage string
	run   func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"build", "build  [-o DIR] [--target go] FILE.hcl...   check, then write Go + DOT", runBuild},
		{"check", "check  [--json] FILE.hcl...                  check only; print diagnostics", runCheck},
		{"diff", "diff   [-o DIR] FILE.hcl...                  like build, writes nothing; exit 1 if stale", runDiff},
		{"graph", "graph  [-T dot|svg|png] [-o FILE] FILE.hcl... DOT to stdout; svg/png via Graphviz", runGraph},
		{"fmt", "fmt    [-check] FILE.hcl...                  canonical HCL formatting", runFmt},
		{"version", "version                                      print the version", runVersion},
	}
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		usage(stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(args[1:], stdin, stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "intelligen: unknown command %q\n\n", args[0])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: intelligen <command> [flags] FILE.hcl...")
	fmt.Fprintln(w)
	for _, c := range commands() {
		fmt.Fprintln(w, "  intelligen "+c.usage)
	}
}

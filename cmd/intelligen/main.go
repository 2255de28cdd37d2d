// Intelligen compiles AI workflows ("flows") written in HCL into ordinary,
// typed Go: one goroutine per task and one typed channel per edge. At
// generate time it checks the flow (references, types, cycles) and reports
// every problem with its file, line and column.
//
// # Example
//
// Given a file flow.hcl:
//
//	flow "content" {
//	  description = "Blog content"
//	}
//
//	variable "topic" {
//	  default = "the environment"
//	}
//
//	agent "writer" {
//	  type     = "text"
//	  provider = "gemini"
//	  api_key  = env("GEMINI_API_KEY")
//	}
//
//	task "requirements" {
//	  agent = agent.writer
//	  input = "List the requirements of a blog about ${var.topic}."
//	}
//
//	task "design" {
//	  agent = agent.writer
//	  input = "Design the website from: ${task.requirements.output}"
//	}
//
// and a hand-written generate.go in the same directory holding only
//
//	package content
//
//	//go:generate go tool intelligen build flow.hcl
//
// (after go get -tool github.com/intelligen/intelligen/cmd/intelligen),
// running go generate writes flow_gen.go and flow.dot, the flow's graph.
// flow_gen.go is in the package of generate.go, content ($GOPACKAGE, which
// go generate sets; outside go generate, the flow's label lower-cased,
// keeping only a-z and 0-9; package = "name" in the flow block chooses
// another either way) and declares Input (one field per variable), Output
// (one field per task), New and Run. Under go generate, a second flow in
// the same directory is an error: a package holds one flow.
//
// # Output files
//
// build writes <base>_gen.go and <base>.dot next to the first file given, or
// into the directory named by -o, where <base> is the first file's name
// without .hcl: flow.hcl gives flow_gen.go and flow.dot. The files of one
// directory given together form one flow (one namespace); a directory
// argument stands for its .hcl files. Output is byte-for-byte
// deterministic.
//
// Flags may come before or after the files: "intelligen check flow.hcl
// --json" works; after "--" every argument is a file.
//
// # Commands
//
//	intelligen build [-o DIR] [--target go|temporal] [-version-markers] FILE.hcl|DIR...
//
// Check the flow, then write the Go and DOT files; --target temporal adds
// <base>_temporal.go, a Temporal workflow. Nothing is written if the flow
// has errors. With -version-markers, the generated file's header
// names the intelligen version (off by default, so that upgrading
// intelligen does not change generated files).
//
//	intelligen check [--json] FILE.hcl|DIR...
//
// Check the flow only. Diagnostics go to stderr, each headed
// FILE:LINE:COL: error|warning: Summary and followed by a source snippet
// and a detail that says how to fix it (coloured when stderr is a
// terminal); then one summary line per flow goes to stdout, as in
// "flow.hcl: 1 flow, 6 tasks, no problems". With --json the diagnostics go
// to stdout instead, as a JSON array of {severity, summary, detail, file,
// line, column, end_line, end_column} ("[]" when there are none), with no
// summary; file is named as given on the command line.
//
//	intelligen diff [-o DIR] [-version-markers] FILE.hcl|DIR...
//
// Like build, but write nothing: print a unified diff of every stale or
// missing file and exit 1 if there is one.
//
//	intelligen graph [-T dot|svg|png] [-o FILE] FILE.hcl|DIR...
//
// Print the flow's DOT graph to stdout, or render it with Graphviz's dot
// command, if installed, to svg or png. A png is never written to a
// terminal: give -o FILE or redirect stdout.
//
//	intelligen fmt [-check] FILE.hcl|DIR|-...
//
// Rewrite each file in canonical HCL formatting, only when it changes
// (atomically: a temporary file renamed over the original); "-" formats
// stdin to stdout. With -check, write nothing, list the files that would
// change and exit 1 if any. Files with syntax errors are reported and left
// alone.
//
//	intelligen run [--var name=value]... [--vars file.json] [--live] [--report FILE.html] FILE.hcl...
//
// Build the flow inside the enclosing Go module (in a temporary directory
// .intelligen-run-<hash>/ under its root, removed afterwards) and run it
// once, in simulation unless --live. The Output goes to stdout as indented
// JSON, one line per task to stderr as it ends; --report writes the run
// report, one HTML page. Variables are checked by name and type before
// anything is built. See docs/cli.md#run.
//
//	intelligen version
//
// Print intelligen's module version ("devel" for a source build).
//
// # Exit codes
//
// 0 success (warnings alone do not fail); 1 diagnostics with errors, a
// file that cannot be read or written, or diff or fmt -check found a
// change; 2 usage error (unknown command or flag, no files, -T png to a
// terminal).
//
// The full reference is docs/cli.md.
package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
)

func main() {
	// intelligen is a short batch process that allocates much and keeps
	// little: like the Go compiler, it trades memory for time by letting
	// the heap grow further between collections. On a 10,000-task flow
	// this takes `build` from about 0.8 s to 0.7 s, and peak memory from
	// 125 to 260 MB. GOGC, when set, wins.
	if _, ok := os.LookupEnv("GOGC"); !ok {
		debug.SetGCPercent(400)
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// Exit codes (docs/cli.md#exit-codes).
const (
	exitOK    = 0 // success; warnings alone
	exitDiags = 1 // diagnostics with errors, or diff / fmt -check found a change
	exitUsage = 2 // usage error
)

// A command is one subcommand: it parses its own flags from args.
type command struct {
	name    string
	summary string
	run     func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"build", "check, then write Go + DOT", runBuild},
		{"check", "check only; print diagnostics and a summary", runCheck},
		{"diff", "like build, writes nothing; exit 1 if stale", runDiff},
		{"graph", "DOT to stdout; svg/png via Graphviz", runGraph},
		{"run", "build and run once, in simulation unless --live", runRun},
		{"fmt", "canonical HCL formatting", runFmt},
		{"version", "print the version", runVersion},
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

// usage prints every command with its summary, then each command's own
// usage with all of its flags: the text "intelligen CMD -h" prints, so the
// two never disagree.
func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: intelligen <command> [flags] FILE.hcl|DIR...")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Flags may come before or after the files. A directory stands for its .hcl")
	fmt.Fprintln(w, "files; the files of one directory form one flow.")
	for _, c := range commands() {
		var help bytes.Buffer
		c.run([]string{"-h"}, strings.NewReader(""), io.Discard, &help)
		fmt.Fprintln(w)
		io.Copy(w, &help)
	}
}

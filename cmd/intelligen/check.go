package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// runCheck implements "intelligen check [--json] FILE.hcl|DIR...": check
// every flow named (files in one directory form one flow), print all their
// diagnostics and, without --json, one summary line per flow on stdout:
// "flow.hcl: 1 flow, 6 tasks, no problems".
func runCheck(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("check", "check [--json] FILE.hcl|DIR...")
	jsonOut := fs.Bool("json", false, "print diagnostics to stdout as a JSON array instead of text on stderr, and no summary")
	files, code := parseFlags(fs, args, stderr, true)
	if code >= 0 {
		return code
	}
	flows, code := loadFlows(stderr, stdout, *jsonOut, files)
	if !*jsonOut {
		for _, f := range flows {
			fmt.Fprintln(stdout, summary(f))
		}
	}
	return code
}

// summary says what check found in f: "a.hcl, b.hcl: 1 flow, 6 tasks, no
// problems", "...: 1 flow, 6 tasks, 2 warnings", or "...: 1 error, 1
// warning" (a flow with errors has no checked tasks to count).
func summary(f flow) string {
	var errs, warns int
	for _, d := range f.diags {
		if d.Severity == hcl.DiagError {
			errs++
		} else {
			warns++
		}
	}
	var parts []string
	if f.w != nil {
		parts = append(parts, "1 flow", count(len(f.w.Tasks), "task"))
	}
	if errs > 0 {
		parts = append(parts, count(errs, "error"))
	}
	if warns > 0 {
		parts = append(parts, count(warns, "warning"))
	}
	if errs+warns == 0 {
		parts = append(parts, "no problems")
	}
	return strings.Join(f.files, ", ") + ": " + strings.Join(parts, ", ")
}

// count returns "1 task", "2 tasks".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

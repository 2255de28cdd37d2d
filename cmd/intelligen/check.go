package main

import "io"

// runCheck implements "intelligen check [--json] FILE.hcl...": check every
// flow named (files in one directory form one flow) and print all their
// diagnostics.
func runCheck(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("check", "check [--json] FILE.hcl...")
	jsonOut := fs.Bool("json", false, "print diagnostics to stdout as a JSON array instead of text on stderr")
	if code := parseFlags(fs, args, stderr, true); code >= 0 {
		return code
	}
	_, code := loadFlows(stderr, stdout, *jsonOut, fs.Args())
	return code
}

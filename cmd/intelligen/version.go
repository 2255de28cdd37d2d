package main

import (
	"fmt"
	"io"

	"github.com/intelligen/intelligen"
)

// runVersion implements "intelligen version".
func runVersion(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("version", "version")
	rest, code := parseFlags(fs, args, stderr, false)
	if code >= 0 {
		return code
	}
	if len(rest) > 0 {
		fmt.Fprintln(stderr, "intelligen version: takes no arguments")
		fs.Usage()
		return exitUsage
	}
	fmt.Fprintf(stdout, "intelligen %s\n", intelligen.Version())
	return exitOK
}

package main

import (
	"fmt"
	"io"
)

func runCheck(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "intelligen check: not implemented yet")
	return exitUsage
}

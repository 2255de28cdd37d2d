package main

import (
	"fmt"
	"io"
)

func runFmt(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "intelligen fmt: not implemented yet")
	return exitUsage
}

package main

import (
	"fmt"
	"io"
)

func runVersion(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "intelligen version: not implemented yet")
	return exitUsage
}

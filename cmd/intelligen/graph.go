package main

import (
	"fmt"
	"io"
)

func runGraph(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "intelligen graph: not implemented yet")
	return exitUsage
}

package main

import (
	"fmt"
	"io"
)

func runBuild(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "intelligen build: not implemented yet")
	return exitUsage
}

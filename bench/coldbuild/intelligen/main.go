//go:build benchflows

// Command intelligen is the smallest program running the generated seed
// flow in simulation. bench's buildbench measures its cold build time,
// binary size and module count against coldbuild/eino.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/intelligen/intelligen/bench/flows/seed"
	"github.com/intelligen/intelligen/runtime"
)

func main() {
	f, err := seed.New(runtime.WithSimulation())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out, err := f.Run(context.Background(), seed.Input{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(out.Task1, out.Task2, out.Task3, out.Task5)
}

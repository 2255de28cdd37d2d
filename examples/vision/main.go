// Command vision paints a picture with an image model and has a vision
// model describe it: an image edge feeding a vision task.
//
// With OPENAI_API_KEY and ANTHROPIC_API_KEY set it calls the real
// providers; without them it runs offline in the simulator.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/intelligen/intelligen/runtime"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("vision", flag.ContinueOnError)
	fs.SetOutput(stderr)
	subject := fs.String("subject", "", "what to paint (default: the flow's)")
	picturePath := fs.String("o", "picture.png", "where to write the picture")
	if err := fs.Parse(args); err != nil {
		return 2
	}

	f, err := New()
	if missing := runtime.MissingKeys(err); len(missing) > 0 {
		fmt.Fprintf(stderr, "vision: %s not set: running offline in simulation\n", strings.Join(missing, ", "))
		f, err = New(runtime.WithSimulation())
	}
	if err != nil {
		fmt.Fprintln(stderr, "vision:", err)
		return 1
	}
	var in Input
	if *subject != "" {
		in.Subject = subject
	}
	out, err := f.Run(ctx, in)
	if err != nil {
		fmt.Fprintln(stderr, "vision:", err)
		return 1
	}
	if err := os.WriteFile(*picturePath, out.Picture.Data, 0o644); err != nil {
		fmt.Fprintln(stderr, "vision:", err)
		return 1
	}
	fmt.Fprintf(stdout, "picture: %s (%s, %d bytes)\ncaption: %s\n", *picturePath, out.Picture.MIME, len(out.Picture.Data), out.Caption)
	return 0
}

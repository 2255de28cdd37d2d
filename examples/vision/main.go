// Command vision paints a picture with an image model and has a vision
// model describe it: an image edge feeding a vision task. With -image it
// describes the user's own picture instead (the flow of package photo,
// whose image variable the file fills).
//
// With OPENAI_API_KEY and ANTHROPIC_API_KEY set it calls the real
// providers; without them it runs offline in the simulator.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/intelligen/intelligen/examples/vision/photo"
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
	imagePath := fs.String("image", "", "describe this picture file instead of painting one")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *imagePath != "" {
		return describe(ctx, *imagePath, stdout, stderr)
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

// describe runs the photo flow on the picture file at path and prints its
// caption.
func describe(ctx context.Context, path string, stdout, stderr io.Writer) int {
	data, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(stderr, "vision:", err)
		return 1
	}
	f, err := photo.New()
	if missing := runtime.MissingKeys(err); len(missing) > 0 {
		fmt.Fprintf(stderr, "vision: %s not set: running offline in simulation\n", strings.Join(missing, ", "))
		f, err = photo.New(runtime.WithSimulation())
	}
	if err != nil {
		fmt.Fprintln(stderr, "vision:", err)
		return 1
	}
	in := photo.Input{Photo: runtime.Image{MIME: http.DetectContentType(data), Data: data}}
	out, err := f.Run(ctx, in)
	if err != nil {
		fmt.Fprintln(stderr, "vision:", err)
		return 1
	}
	fmt.Fprintf(stdout, "caption: %s\n", out.Caption)
	return 0
}

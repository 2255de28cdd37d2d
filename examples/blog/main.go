// Command blog runs the seed flow of Intelli's documentation, compiled by
// intelligen from flow.hcl: requirements for a blogging website about the
// environment, its design, an image description, a logo and the code.
//
// With GEMINI_API_KEY, OPENAI_API_KEY and STABILITY_API_KEY set it calls the
// real providers. Without them it says so on stderr and runs offline in the
// built-in simulator. It prints every task's output and writes the logo
// (task4, which the flow excludes from Output) to the file named by -logo.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/intelligen/intelligen/runtime"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("blog", flag.ContinueOnError)
	fs.SetOutput(stderr)
	logoPath := fs.String("logo", "logo.png", "where to write the logo image")
	if err := fs.Parse(args); err != nil {
		return 2
	}

	logo := &imageSaver{task: "task4"}
	f, err := New(runtime.WithObserver(logo))
	if missing := runtime.MissingKeys(err); len(missing) > 0 {
		fmt.Fprintf(stderr, "blog: %s not set: running offline in simulation\n", strings.Join(missing, ", "))
		f, err = New(runtime.WithObserver(logo), runtime.WithSimulation())
	}
	if err != nil {
		fmt.Fprintln(stderr, "blog:", err)
		return 1
	}

	out, err := f.Run(ctx, Input{})
	if err != nil {
		fmt.Fprintln(stderr, "blog:", err)
		return 1
	}
	for _, t := range []struct{ name, output string }{
		{"task1: requirements", out.Task1},
		{"task2: website description and theme", out.Task2},
		{"task3: image description", out.Task3},
		{"task5: code", out.Task5},
	} {
		fmt.Fprintf(stdout, "== %s\n%s\n\n", t.name, t.output)
	}
	img, ok := logo.image()
	if !ok {
		fmt.Fprintln(stderr, "blog: task4 produced no logo")
		return 1
	}
	if err := os.WriteFile(*logoPath, img.Data, 0o644); err != nil {
		fmt.Fprintln(stderr, "blog:", err)
		return 1
	}
	fmt.Fprintf(stdout, "== task4: logo\nwrote %s (%s, %d bytes)\n", *logoPath, img.MIME, len(img.Data))
	return 0
}

// An imageSaver is a runtime.Observer that keeps the image one task
// produced, so the program can save the output of an excluded task.
type imageSaver struct {
	task string

	mu  sync.Mutex
	img *runtime.Image
}

func (s *imageSaver) image() (runtime.Image, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.img == nil {
		return runtime.Image{}, false
	}
	return *s.img, true
}

func (s *imageSaver) StartRun(ctx context.Context, _ *runtime.FlowConfig) (context.Context, func(error)) {
	return ctx, func(error) {}
}

func (s *imageSaver) StartTask(ctx context.Context, _ *runtime.Task, _ string) (context.Context, func(error)) {
	return ctx, func(error) {}
}

func (s *imageSaver) StartCall(ctx context.Context, req *runtime.Request, _ int) (context.Context, func(*runtime.Response, error)) {
	if req.Task != s.task {
		return ctx, func(*runtime.Response, error) {}
	}
	return ctx, func(resp *runtime.Response, err error) {
		if err != nil || resp == nil {
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		img := resp.Image
		s.img = &img
	}
}

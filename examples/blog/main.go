// Command blog runs the seed flow of Intelli's documentation, compiled by
// intelligen from flow.hcl: requirements for a blogging website about the
// environment, its design, an image description, a logo and the code.
//
// With GEMINI_API_KEY, OPENAI_API_KEY and STABILITY_API_KEY set it calls the
// real providers. Without them it says so on stderr and runs offline in the
// built-in simulator. It prints every task's output and writes the logo
// (task4, which the flow excludes from Output, kept by a report.Recorder)
// to the file named by -logo; with -report it also writes the run report,
// one HTML page (see docs/report.md).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/intelligen/intelligen/runtime"
	"github.com/intelligen/intelligen/runtime/report"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("blog", flag.ContinueOnError)
	fs.SetOutput(stderr)
	logoPath := fs.String("logo", "logo.png", "where to write the logo image")
	reportPath := fs.String("report", "", "write the run report, one HTML page, to `FILE`")
	if err := fs.Parse(args); err != nil {
		return 2
	}

	rec := &report.Recorder{}
	f, err := New(runtime.WithObserver(rec))
	if missing := runtime.MissingKeys(err); len(missing) > 0 {
		fmt.Fprintf(stderr, "blog: %s not set: running offline in simulation\n", strings.Join(missing, ", "))
		f, err = New(runtime.WithObserver(rec), runtime.WithSimulation())
	}
	if err != nil {
		fmt.Fprintln(stderr, "blog:", err)
		return 1
	}

	out, err := f.Run(ctx, Input{})
	if *reportPath != "" {
		if err := rec.WriteHTMLFile(*reportPath); err != nil {
			fmt.Fprintln(stderr, "blog:", err)
			return 1
		}
	}
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
	logo := rec.Run().Task("task4")
	if logo == nil || logo.Image == nil {
		fmt.Fprintln(stderr, "blog: task4 produced no logo")
		return 1
	}
	img := logo.Image
	if err := os.WriteFile(*logoPath, img.Data, 0o644); err != nil {
		fmt.Fprintln(stderr, "blog:", err)
		return 1
	}
	fmt.Fprintf(stdout, "== task4: logo\nwrote %s (%s, %d bytes)\n", *logoPath, img.MIME, len(img.Data))
	return 0
}

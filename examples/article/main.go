// Command article writes an article section by section: an editor
// outlines it as typed sections (a title and points each), a writer
// writes every section in parallel (for_each over the outline), the
// editor joins them, and summarizes the article when it has three
// sections or more (when).
//
//	go run ./examples/article -topic "coral reefs"
//
// With OPENAI_API_KEY set it calls OpenAI; without it it runs offline in
// the simulator.
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
	fs := flag.NewFlagSet("article", flag.ContinueOnError)
	fs.SetOutput(stderr)
	topic := fs.String("topic", "", "what the article is about (default: the flow's)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var in Input
	if *topic != "" {
		in.Topic = topic
	}

	f, err := New()
	if missing := runtime.MissingKeys(err); len(missing) > 0 {
		fmt.Fprintf(stderr, "article: %s not set: running offline in simulation\n", strings.Join(missing, ", "))
		f, err = New(runtime.WithSimulation())
	}
	if err != nil {
		fmt.Fprintln(stderr, "article:", err)
		return 1
	}
	out, err := f.Run(ctx, in)
	if err != nil {
		fmt.Fprintln(stderr, "article:", err)
		return 1
	}
	fmt.Fprintf(stdout, "%d sections written in parallel:\n", len(out.Section))
	for _, s := range out.Outline.Sections {
		fmt.Fprintf(stdout, "- %s\n", s.Title)
	}
	fmt.Fprintf(stdout, "\n%s\n", out.Article)
	if out.Summary != nil {
		fmt.Fprintf(stdout, "\nSummary: %s\n", *out.Summary)
	}
	return 0
}

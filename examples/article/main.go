// Command article writes an article section by section: one call per
// section of the outline, all in parallel (for_each), then an editor
// joins them, and summarizes the article when it has more than three
// sections (when).
//
//	go run ./examples/article -topic "coral reefs" -section Intro -section Threats
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

// sections collects repeated -section flags.
type sections []string

func (s *sections) String() string     { return strings.Join(*s, ", ") }
func (s *sections) Set(v string) error { *s = append(*s, v); return nil }

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("article", flag.ContinueOnError)
	fs.SetOutput(stderr)
	topic := fs.String("topic", "", "what the article is about (default: the flow's)")
	var outline sections
	fs.Var(&outline, "section", "a section title; repeat for each section (default: the flow's outline)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	in := Input{Sections: outline} // nil: the flow's outline
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
	fmt.Fprintf(stdout, "%d sections written in parallel.\n\n%s\n", len(out.Section), out.Article)
	if out.Summary != nil {
		fmt.Fprintf(stdout, "\nSummary: %s\n", *out.Summary)
	}
	return 0
}

// Command blog runs the seed flow of Intelli's documentation, compiled by
// intelligen from flow.hcl: requirements for a blogging website about the
// environment, its design, an image description, a logo and the code.
//
// With GEMINI_API_KEY, OPENAI_API_KEY and STABILITY_API_KEY set it calls the
// real providers. Without them it says so on stderr and runs offline in the
// built-in simulator (docs/simulator.md). Either way it prints, for every
// task, the prompt its agent received (shortened), its output and when it
// ran, so that the printout shows how data moved through the flow, and it
// writes the logo (task4) to the file named by -logo. With -report it also
// writes the run report, one HTML page (docs/report.md).
package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

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
	if len(out.Task4.Data) == 0 {
		fmt.Fprintln(stderr, "blog: task4 produced no logo")
		return 1
	}
	if err := os.WriteFile(*logoPath, out.Task4.Data, 0o644); err != nil {
		fmt.Fprintln(stderr, "blog:", err)
		return 1
	}
	print(stdout, rec.Run(), map[string]string{"task4": "wrote " + *logoPath})
	return 0
}

// print writes each task of run that called its agent, in the order the
// calls started (ties by task name): its agent and model, when it ran since
// the Run started, the prompt and the output, or note instead of a non-text
// output.
func print(w io.Writer, run *report.Run, note map[string]string) {
	var ts []*report.Task
	for _, t := range run.Tasks {
		if !t.Start.IsZero() {
			ts = append(ts, t)
		}
	}
	slices.SortFunc(ts, func(a, b *report.Task) int {
		return cmp.Or(ms(a.Start.Sub(run.Start))-ms(b.Start.Sub(run.Start)), strings.Compare(a.Name, b.Name))
	})
	for _, t := range ts {
		model := cmp.Or(t.Model, runtime.DefaultModel(t.Provider, t.Kind))
		fmt.Fprintf(w, "== %s  agent %s (%s %s, %s)  %dms → %dms\n", t.Name, t.Agent, t.Provider, t.Kind, model, ms(t.Start.Sub(run.Start)), ms(t.End.Sub(run.Start)))
		fmt.Fprintf(w, "   prompt  %s\n", shorten(t.Prompt, 100))
		switch {
		case t.Err != "":
			fmt.Fprintf(w, "   error   %s\n", t.Err)
		case t.Image != nil:
			fmt.Fprintf(w, "   output  %s, %d bytes: %s\n", t.Image.MIME, len(t.Image.Data), note[t.Name])
		default:
			fmt.Fprintf(w, "   output  %s\n", shorten(t.Text, 100))
		}
	}
}

// ms rounds d to whole milliseconds.
func ms(d time.Duration) int { return int(d.Round(time.Millisecond) / time.Millisecond) }

// shorten quotes s as a Go string, so that the "\n\n" joining the parts of
// a prompt shows, keeping its first and last runes when it is longer than
// n: the task's own text comes first and its predecessors' outputs last.
func shorten(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return strconv.Quote(s)
	}
	head, tail := n*3/5, n*2/5
	return strconv.Quote(string(rs[:head])) + " … " + strconv.Quote(string(rs[len(rs)-tail:]))
}

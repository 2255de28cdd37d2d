// Command blog runs the seed flow of Intelli's documentation, compiled by
// intelligen from flow.hcl: requirements for a blogging website about the
// environment, its design, an image description, a logo and the code.
//
// With GEMINI_API_KEY, OPENAI_API_KEY and STABILITY_API_KEY set it calls the
// real providers. Without them it says so on stderr and runs offline in the
// built-in simulator (docs/simulator.md). Either way it prints, for every
// task, the prompt its agent received (shortened), its output and when it
// ran, so that the report shows how data moved through the flow, and it
// writes the logo (task4) to the file named by -logo.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

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

	calls := newRecorder()
	f, err := New(runtime.WithObserver(calls))
	if missing := runtime.MissingKeys(err); len(missing) > 0 {
		fmt.Fprintf(stderr, "blog: %s not set: running offline in simulation\n", strings.Join(missing, ", "))
		f, err = New(runtime.WithObserver(calls), runtime.WithSimulation())
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
	if len(out.Task4.Data) == 0 {
		fmt.Fprintln(stderr, "blog: task4 produced no logo")
		return 1
	}
	if err := os.WriteFile(*logoPath, out.Task4.Data, 0o644); err != nil {
		fmt.Fprintln(stderr, "blog:", err)
		return 1
	}
	calls.report(stdout, map[string]string{"task4": "wrote " + *logoPath})
	return 0
}

// A recorder is a runtime.Observer that keeps, for each task, what its agent
// was asked and answered, and when.
type recorder struct {
	start time.Time

	mu    sync.Mutex
	calls map[string]*call
}

// A call is one task's agent call: its first try's request, its last try's
// answer, and its start and end since the Run started.
type call struct {
	req        runtime.Request
	resp       *runtime.Response
	err        error
	start, end time.Duration
}

func newRecorder() *recorder { return &recorder{calls: make(map[string]*call)} }

func (r *recorder) StartRun(ctx context.Context, _ *runtime.FlowConfig) (context.Context, func(error)) {
	r.mu.Lock()
	r.start = time.Now()
	r.mu.Unlock()
	return ctx, func(error) {}
}

func (r *recorder) StartTask(ctx context.Context, _ *runtime.Task, _ string) (context.Context, func(error)) {
	return ctx, func(error) {}
}

func (r *recorder) StartCall(ctx context.Context, req *runtime.Request, attempt int) (context.Context, func(*runtime.Response, error)) {
	r.mu.Lock()
	c := r.calls[req.Task]
	if c == nil {
		c = &call{req: *req, start: time.Since(r.start)}
		r.calls[req.Task] = c
	}
	r.mu.Unlock()
	return ctx, func(resp *runtime.Response, err error) {
		r.mu.Lock()
		defer r.mu.Unlock()
		c.resp, c.err, c.end = resp, err, time.Since(r.start)
	}
}

// report prints each task's call in the order the calls started (ties by
// task name): its agent and model, when it ran, the prompt and the output,
// or note instead of a non-text output.
func (r *recorder) report(w io.Writer, note map[string]string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var cs []*call
	for _, c := range r.calls {
		cs = append(cs, c)
	}
	slices.SortFunc(cs, func(a, b *call) int {
		if d := ms(a.start) - ms(b.start); d != 0 {
			return d
		}
		return strings.Compare(a.req.Task, b.req.Task)
	})
	for _, c := range cs {
		q := c.req
		model := q.Model
		if c.resp != nil && c.resp.Model != "" {
			model = c.resp.Model
		}
		if model == "" {
			model = runtime.DefaultModel(q.Provider, q.Kind)
		}
		fmt.Fprintf(w, "== %s  agent %s (%s %s, %s)  %dms → %dms\n", q.Task, q.Agent, q.Provider, q.Kind, model, ms(c.start), ms(c.end))
		fmt.Fprintf(w, "   prompt  %s\n", shorten(q.Prompt, 100))
		switch {
		case c.err != nil:
			fmt.Fprintf(w, "   error   %v\n", c.err)
		case c.resp.Image.Data != nil:
			fmt.Fprintf(w, "   output  %s, %d bytes: %s\n", c.resp.Image.MIME, len(c.resp.Image.Data), note[q.Task])
		default:
			fmt.Fprintf(w, "   output  %s\n", shorten(c.resp.Text, 100))
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

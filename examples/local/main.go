// Command local drafts release notes with a local model served by Ollama,
// has a house-rules checker review them, and applies the review.
//
// The checker is not a model: it is the Go function rules, given to the
// generated flow with runtime.WithAgent in place of the flow's "rules"
// agent. The flow has on_error = "continue": when the checker rejects the
// draft, only the task that depends on the review is skipped, and the
// headline still comes back.
//
// Point OLLAMA_BASE_URL at your Ollama server (default
// http://localhost:11434), or pass -simulate to run offline.
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

func run(ctx context.Context, args []string, stdout, stderr io.Writer, opts ...runtime.Option) int {
	fs := flag.NewFlagSet("local", flag.ContinueOnError)
	fs.SetOutput(stderr)
	change := fs.String("change", "Flows now compile to Go with typed channels.", "the change to write release notes for")
	simulate := fs.Bool("simulate", false, "run offline in the simulator")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	opts = append(opts, runtime.WithAgent("rules", runtime.AgentFunc(rules)))
	if *simulate {
		opts = append(opts, runtime.WithSimulation())
	}
	f, err := New(opts...)
	if err != nil {
		fmt.Fprintln(stderr, "local:", err)
		return 1
	}
	out, err := f.Run(ctx, Input{Change: *change})
	for _, t := range []struct{ name, output string }{
		{"draft", out.Draft},
		{"review", out.Review},
		{"headline", out.Headline},
		{"final", out.Final},
	} {
		if t.output != "" {
			fmt.Fprintf(stdout, "== %s\n%s\n\n", t.name, t.output)
		}
	}
	if err != nil {
		// With on_error = "continue", err joins one *runtime.TaskError per
		// failed task; the outputs above are those of the tasks that ran.
		fmt.Fprintln(stderr, "local:", err)
		return 1
	}
	return 0
}

// bannedWords are words the house rules reject in release notes.
var bannedWords = []string{"revolutionary", "seamless", "simply"}

// rules is the house-rules checker: it approves a draft or fails the task.
func rules(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
	draft := strings.ToLower(req.Prompt)
	for _, w := range bannedWords {
		if strings.Contains(draft, w) {
			return nil, fmt.Errorf("draft rejected: the house rules ban the word %q", w)
		}
	}
	return &runtime.Response{Text: "Approved: the draft follows the house rules."}, nil
}

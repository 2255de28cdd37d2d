// Command triage classifies a support ticket into a typed Ticket (its
// category, urgency, summary, tags and, when the ticket names them, its
// owner) and routes it on those fields: an urgent ticket is escalated to
// its team's lead, any other gets a drafted answer (when), and the reply
// to the customer is written from whichever ran (coalesce). A schema's
// values move between tasks as Go values, not text parsed by hand.
//
// With OPENAI_API_KEY set it calls OpenAI; without it, or with -simulate,
// it runs offline in the simulator.
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

const sampleTicket = "Hi, this is Ada Byron (ada@example.com). I was charged twice for my March invoice and my card is now over its limit. Please refund one charge today."

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// run runs the flow on the ticket given by args; opts are added to New's
// options (the tests point the agents at a fake server).
func run(ctx context.Context, args []string, stdout, stderr io.Writer, opts ...runtime.Option) int {
	fs := flag.NewFlagSet("triage", flag.ContinueOnError)
	fs.SetOutput(stderr)
	ticket := fs.String("ticket", sampleTicket, "the customer's message")
	simulate := fs.Bool("simulate", false, "run offline in the simulator")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *simulate {
		opts = append(opts, runtime.WithSimulation())
	}
	f, err := New(opts...)
	if missing := runtime.MissingKeys(err); len(missing) > 0 {
		fmt.Fprintf(stderr, "triage: %s not set: running offline in simulation\n", strings.Join(missing, ", "))
		f, err = New(append(opts, runtime.WithSimulation())...)
	}
	if err != nil {
		fmt.Fprintln(stderr, "triage:", err)
		return 1
	}
	out, err := f.Run(ctx, Input{Ticket: *ticket})
	if err != nil {
		fmt.Fprintln(stderr, "triage:", err)
		return 1
	}
	fmt.Fprint(stdout, report(out))
	return 0
}

// report shows the triaged ticket's fields, the escalation or the
// drafted answer (the other was skipped), and the reply.
func report(out Output) string {
	t := out.Triage
	var b strings.Builder
	fmt.Fprintf(&b, "category: %s\n", t.Category)
	fmt.Fprintf(&b, "urgent:   %t\n", t.Urgent)
	fmt.Fprintf(&b, "summary:  %s\n", t.Summary)
	fmt.Fprintf(&b, "tags:     %s\n", strings.Join(t.Tags, ", "))
	if t.Owner != nil {
		fmt.Fprintf(&b, "owner:    %s <%s>\n", t.Owner.Name, t.Owner.Email)
	} else {
		b.WriteString("owner:    not named\n")
	}
	if out.Escalate != nil {
		fmt.Fprintf(&b, "escalation:\n%s\n", *out.Escalate)
	}
	if out.Answer != nil {
		fmt.Fprintf(&b, "answer:\n%s\n", *out.Answer)
	}
	if out.Reply != nil {
		fmt.Fprintf(&b, "reply:\n%s\n", *out.Reply)
	}
	return b.String()
}

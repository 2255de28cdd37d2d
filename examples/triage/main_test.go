package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/intelligen/intelligen"
	"github.com/intelligen/intelligen/internal/simtest"
	"github.com/intelligen/intelligen/providers/providertest"
	"github.com/intelligen/intelligen/runtime"
)

// TestSimulated runs the flow offline on an urgent and a non-urgent
// ticket and checks every output against docs/simulator.md#typed-outputs,
// computed by internal/simtest: the typed answer of triage, the
// escalation or the answer drafted from its fields (the other skipped),
// and the reply written from whichever ran.
func TestSimulated(t *testing.T) {
	w, _, diags := intelligen.LoadFiles("flow.hcl")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	for ticket, urgent := range map[string]bool{"My invoice is wrong.": true, "Please reset my password.": false} {
		triage := simtest.Typed(w.Tasks[0].Type, "triage", "Triage this support ticket:\n\n"+ticket)
		var v Ticket
		if err := json.Unmarshal([]byte(triage), &v); err != nil {
			t.Fatal(err)
		}
		if v.Urgent != urgent {
			t.Fatalf("%q: the simulated triage changed: urgent is %t", ticket, v.Urgent)
		}
		name := ""
		if v.Owner != nil {
			name = v.Owner.Name
		}
		want := Output{Triage: v}
		var routed string
		if urgent {
			routed = simtest.Text("escalate", fmt.Sprintf("Brief the %s team lead on this urgent ticket from %s: %s\nKeywords: %s.\n",
				v.Category, name, v.Summary, strings.Join(v.Tags, ", ")))
			want.Escalate = &routed
		} else {
			routed = simtest.Text("answer", fmt.Sprintf("Draft the %s team's answer to %s about: %s\nKeywords: %s.\n",
				v.Category, name, v.Summary, strings.Join(v.Tags, ", ")))
			want.Answer = &routed
		}
		reply := simtest.Text("reply", "Write the reply to the customer from this:\n\n"+routed)
		want.Reply = &reply

		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), []string{"-simulate", "-ticket", ticket}, &stdout, &stderr); code != 0 {
			t.Fatalf("run = %d, stderr:\n%s", code, &stderr)
		}
		if got, want := stdout.String(), report(want); got != want {
			t.Errorf("%q: stdout:\n%s\nwant:\n%s", ticket, got, want)
		}
	}
}

// TestAgainstOpenAI runs the flow against a local fake OpenAI server,
// which checks the structured-output request and answers JSON of the
// schema: the first enum value, true, "text" and one-element lists. The
// ticket is urgent, so it is escalated; the answer makes no request.
func TestAgainstOpenAI(t *testing.T) {
	srv := providertest.NewOpenAI("test-key")
	t.Cleanup(srv.Close)
	opts := []runtime.Option{
		runtime.WithBaseURL("classifier", srv.URL+"/v1"),
		runtime.WithBaseURL("writer", srv.URL+"/v1"),
		runtime.WithLookupEnv(func(name string) (string, bool) {
			if name == "OPENAI_API_KEY" {
				return "test-key", true
			}
			return "", false
		}),
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"-ticket", "Please reset my password."}, &stdout, &stderr, opts...); code != 0 {
		t.Fatalf("run = %d, stderr:\n%s", code, &stderr)
	}
	want := "category: billing\nurgent:   true\nsummary:  text\ntags:     text\nowner:    text <text>\nescalation:\n" +
		"gpt-4o-mini: Brief the billing team lead on this urgent ticket from text: text\nKeywords: text.\n\n" +
		"reply:\ngpt-4o-mini: Write the reply to the customer from this:\n\n" +
		"gpt-4o-mini: Brief the billing team lead on this urgent ticket from text: text\nKeywords: text.\n\n"
	if got := stdout.String(); got != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", got, want)
	}
	reqs := srv.Requests()
	if len(reqs) != 3 {
		t.Fatalf("fake got %d requests, want 3 (triage, escalate, reply)", len(reqs))
	}
	if body := string(reqs[0].Body); !strings.Contains(body, `"json_schema"`) || !strings.Contains(body, `"name":"ticket"`) {
		t.Errorf("triage request lacks the ticket schema: %s", body)
	}
	for _, r := range reqs[1:] {
		if body := string(r.Body); strings.Contains(body, "response_format") {
			t.Errorf("a text request asks for structured output: %s", body)
		}
	}
}

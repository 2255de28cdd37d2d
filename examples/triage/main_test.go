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

// TestSimulated runs the flow offline and checks both outputs against
// docs/simulator.md#typed-outputs, computed by internal/simtest: the
// typed answer of triage, and the answer drafted from its fields.
func TestSimulated(t *testing.T) {
	w, _, diags := intelligen.LoadFiles("flow.hcl")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	const ticket = "My invoice is wrong."
	triage := simtest.Typed(w.Tasks[0].Type, "triage", "Triage this support ticket:\n\n"+ticket)
	var v Ticket
	if err := json.Unmarshal([]byte(triage), &v); err != nil {
		t.Fatal(err)
	}
	name := ""
	if v.Owner != nil {
		name = v.Owner.Name
	}
	prompt := fmt.Sprintf("Draft the %s team's answer to %s about: %s\nUrgent: %t. Keywords: %s.\n",
		v.Category, name, v.Summary, v.Urgent, strings.Join(v.Tags, ", "))
	want := report(Output{Triage: v, Answer: simtest.Text("answer", prompt)})

	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"-simulate", "-ticket", ticket}, &stdout, &stderr); code != 0 {
		t.Fatalf("run = %d, stderr:\n%s", code, &stderr)
	}
	if got := stdout.String(); got != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", got, want)
	}
}

// TestAgainstOpenAI runs the flow against a local fake OpenAI server,
// which checks the structured-output request and answers JSON of the
// schema: the first enum value, true, "text" and one-element lists.
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
	want := "category: billing\nurgent:   true\nsummary:  text\ntags:     text\nowner:    text <text>\nanswer:\n" +
		"gpt-4o-mini: Draft the billing team's answer to text about: text\nUrgent: true. Keywords: text.\n\n"
	if got := stdout.String(); got != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", got, want)
	}
	reqs := srv.Requests()
	if len(reqs) != 2 {
		t.Fatalf("fake got %d requests, want 2", len(reqs))
	}
	if body := string(reqs[0].Body); !strings.Contains(body, `"json_schema"`) || !strings.Contains(body, `"name":"ticket"`) {
		t.Errorf("triage request lacks the ticket schema: %s", body)
	}
	if body := string(reqs[1].Body); strings.Contains(body, "response_format") {
		t.Errorf("answer request asks for structured output: %s", body)
	}
}

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
)

// expect computes, from the prompt rule and the simulator's definition
// alone, what run prints for topic: the simulated outline
// (docs/simulator.md#typed-outputs), one element per section, the
// editor's join, and the summary when the outline has three sections or
// more.
func expect(t *testing.T, topic string) string {
	t.Helper()
	w, _, diags := intelligen.LoadFiles("flow.hcl")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var outline OutlineOutput
	js := simtest.Typed(w.Tasks[0].Type, "outline", "Outline an article about "+topic+": a title and the points to cover for each section.")
	if err := json.Unmarshal([]byte(js), &outline); err != nil {
		t.Fatal(err)
	}
	var parts []string
	out := fmt.Sprintf("%d sections written in parallel:\n", len(outline.Sections))
	for i, s := range outline.Sections {
		prompt := fmt.Sprintf("Write section %d of an article about %s, titled \"%s\", covering:\n%s", i, topic, s.Title, strings.Join(s.Points, "\n"))
		parts = append(parts, simtest.Text(fmt.Sprintf("section[%d]", i), prompt))
		out += "- " + s.Title + "\n"
	}
	article := simtest.Text("article", fmt.Sprintf("Join these sections into one article about %s, smoothing the transitions:\n\n%s", topic, strings.Join(parts, "\n\n")))
	out += "\n" + article + "\n"
	if len(outline.Sections) > 2 {
		out += "\nSummary: " + simtest.Text("summary", "Summarize this article in two sentences:\n\n"+article) + "\n"
	}
	return out
}

func offline(t *testing.T, args ...string) string {
	t.Helper()
	for _, k := range []string{"OPENAI_API_KEY", "INTELLIGEN_SIMULATE"} {
		t.Setenv(k, "")
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
		t.Fatalf("run = %d, stderr:\n%s", code, &stderr)
	}
	return stdout.String()
}

// The flow's own topic: the outline's sections are each written as
// their own element (section[i]) from their title and points, the editor
// joins them in order, and the summary does not run for its two sections.
func TestDefaultTopic(t *testing.T) {
	want := expect(t, "the deep sea")
	if !strings.HasPrefix(want, "2 sections") || strings.Contains(want, "Summary") {
		t.Fatalf("the simulated outline changed: %q", want)
	}
	if got := offline(t); got != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", got, want)
	}
}

// Topics from the flag whose simulated outlines have three sections (the
// summary runs) and none (no call, an empty join).
func TestTopicFlag(t *testing.T) {
	for topic, n := range map[string]string{"coral reefs": "3 sections", "whales": "0 sections"} {
		want := expect(t, topic)
		if !strings.HasPrefix(want, n) {
			t.Fatalf("%s: the simulated outline changed: %q", topic, want)
		}
		if got := offline(t, "-topic", topic); got != want {
			t.Errorf("%s: stdout:\n%s\nwant:\n%s", topic, got, want)
		}
	}
}

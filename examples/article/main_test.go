package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/intelligen/intelligen/internal/simtest"
)

// expect computes, from the prompt rule and the simulator's definition
// alone, what run prints for topic and outline.
func expect(topic string, outline []string, summary bool) string {
	var parts []string
	for i, s := range outline {
		prompt := fmt.Sprintf("Write section %d of an article about %s, titled \"%s\". The whole outline: %s.", i, topic, s, strings.Join(outline, "; "))
		parts = append(parts, simtest.Text(fmt.Sprintf("section[%d]", i), prompt))
	}
	article := simtest.Text("article", fmt.Sprintf("Join these sections into one article about %s, smoothing the transitions:\n\n%s", topic, strings.Join(parts, "\n\n")))
	out := fmt.Sprintf("%d sections written in parallel.\n\n%s\n", len(outline), article)
	if summary {
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

// The flow's own outline has four sections: each is written as its own
// element (section[i]), the editor joins them in order, and the summary
// runs.
func TestDefaultOutline(t *testing.T) {
	want := expect("the deep sea", []string{"Into the dark", "Life under pressure", "Food from above", "What we do not know"}, true)
	if got := offline(t); got != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", got, want)
	}
}

// A short outline from the flags: no summary (its when is false).
func TestShortOutline(t *testing.T) {
	want := expect("coral reefs", []string{"Intro", "Threats"}, false)
	if got := offline(t, "-topic", "coral reefs", "-section", "Intro", "-section", "Threats"); got != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", got, want)
	}
}

package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/intelligen/intelligen/providers/providertest"
	"github.com/intelligen/intelligen/runtime"
)

// withOllama points the flow's Ollama agent at a local fake Ollama server.
func withOllama(t *testing.T) runtime.Option {
	srv := providertest.NewOllama("")
	t.Cleanup(srv.Close)
	return runtime.WithLookupEnv(func(name string) (string, bool) {
		if name == "OLLAMA_BASE_URL" {
			return srv.URL, true
		}
		return "", false
	})
}

func TestAgainstOllama(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-change", "typed channels"}, &stdout, &stderr, withOllama(t))
	if code != 0 {
		t.Fatalf("run = %d, stderr:\n%s", code, &stderr)
	}
	draft := "llama3.2: Write release notes of at most 120 words for: typed channels"
	for _, want := range []string{
		"== draft\n" + draft + "\n",
		"== review\nApproved: the draft follows the house rules.\n",
		"== headline\nllama3.2: Write a one-line headline for: typed channels\n",
		"== final\nllama3.2: Apply this review to the draft.\n\nApproved: the draft follows the house rules.\n\n" + draft + "\n",
	} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("stdout lacks %q; got:\n%s", want, &stdout)
		}
	}
}

// TestRejectedDraft: the rules agent fails the review; with
// on_error = "continue" the final task is skipped and the headline, which
// does not depend on the review, still comes back.
func TestRejectedDraft(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-change", "a revolutionary scheduler"}, &stdout, &stderr, withOllama(t))
	if code != 1 {
		t.Fatalf("run = %d, want 1; stderr:\n%s", code, &stderr)
	}
	if !strings.Contains(stdout.String(), "== headline\nllama3.2: Write a one-line headline for: a revolutionary scheduler\n") {
		t.Errorf("headline missing; stdout:\n%s", &stdout)
	}
	if strings.Contains(stdout.String(), "== final") || strings.Contains(stdout.String(), "== review") {
		t.Errorf("review or final present after a failed review; stdout:\n%s", &stdout)
	}
	wantErr := `local: task "review" (agent "rules", custom): draft rejected: the house rules ban the word "revolutionary"` + "\n"
	if got := stderr.String(); got != wantErr {
		t.Errorf("stderr = %q, want %q", got, wantErr)
	}
}

func TestSimulated(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"-simulate"}, &stdout, &stderr); code != 0 {
		t.Fatalf("run = %d, stderr:\n%s", code, &stderr)
	}
	if !strings.Contains(stdout.String(), "== review\nApproved: the draft follows the house rules.\n") {
		t.Errorf("stdout:\n%s", &stdout)
	}
}

package main

import (
	"bytes"
	"context"
	"math"
	"testing"

	"github.com/intelligen/intelligen/runtime"
)

func TestOffline(t *testing.T) {
	for _, k := range []string{"GEMINI_API_KEY", "INTELLIGEN_SIMULATE"} {
		t.Setenv(k, "")
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), &stdout, &stderr); code != 0 {
		t.Fatalf("run = %d, stderr:\n%s", code, &stderr)
	}
	// Simulated embeddings are fixed by docs/simulator.md, so the ranking is too.
	want := "1. doc_simulation  0.7778\n2. doc_retries     0.6512\n3. doc_graph       0.6035\n"
	if got := stdout.String(); got != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", got, want)
	}
}

func TestCosine(t *testing.T) {
	for _, tc := range []struct {
		a, b runtime.Embedding
		want float64
	}{
		{runtime.Embedding{1, 0}, runtime.Embedding{1, 0}, 1},
		{runtime.Embedding{1, 0}, runtime.Embedding{0, 1}, 0},
		{runtime.Embedding{1, 1}, runtime.Embedding{-1, -1}, -1},
		{runtime.Embedding{1}, runtime.Embedding{1, 0}, 0}, // lengths differ
		{runtime.Embedding{0, 0}, runtime.Embedding{1, 0}, 0},
	} {
		if got := cosine(tc.a, tc.b); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("cosine(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

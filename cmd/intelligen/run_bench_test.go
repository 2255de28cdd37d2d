package main

import (
	"context"
	"io"
	"sync"
	"testing"
	"time"
)

// firstWrite records when it is first written to.
type firstWrite struct {
	once sync.Once
	at   time.Time
}

func (f *firstWrite) Write(p []byte) (int, error) {
	f.once.Do(func() { f.at = time.Now() })
	return len(p), nil
}

// BenchmarkRunBlog measures intelligen run of the blog flow with a warm
// build cache: the time to its first output (a task's line on stderr) and
// to the end.
func BenchmarkRunBlog(b *testing.B) {
	w, code := load(io.Discard, io.Discard, false, []string{"../../examples/blog/flow.hcl"})
	if w == nil {
		b.Fatal(code)
	}
	spec := runSpec{input: map[string]any{}}
	if err := runFlow(context.Background(), w, spec, io.Discard, io.Discard); err != nil { // warm the cache
		b.Fatal(err)
	}
	var first float64
	for b.Loop() {
		start := time.Now()
		out := &firstWrite{}
		if err := runFlow(context.Background(), w, spec, io.Discard, out); err != nil {
			b.Fatal(err)
		}
		first += float64(out.at.Sub(start).Milliseconds())
	}
	b.ReportMetric(first/float64(b.N), "first-output-ms")
}

package vars

import (
	"context"
	"fmt"
	"testing"

	"go.uber.org/goleak"

	"github.com/intelligen/intelligen/runtime"
)

// TestRunAll runs the generated RunAll: each Result holds its input and
// that input's Run, in input order with InOrder, and an input that fails
// its Run (a required variable left empty) fails alone.
func TestRunAll(t *testing.T) {
	defer goleak.VerifyNone(t)
	f, err := New(runtime.WithAgent("llm", echo))
	if err != nil {
		t.Fatal(err)
	}
	topics := []string{"rivers", "forests", "", "deserts", "glaciers"}
	inputs := func(yield func(Input) bool) {
		for i, topic := range topics {
			if !yield(Input{Topic: topic, Count: float64(i)}) {
				return
			}
		}
	}
	n := 0
	for res, err := range f.RunAll(context.Background(), inputs, runtime.WithMaxInFlight(2), runtime.InOrder()) {
		if res.Index != n || res.Input.Topic != topics[n] {
			t.Errorf("result %d is input %d (%q), want %q", n, res.Index, res.Input.Topic, topics[n])
		}
		if topics[n] == "" {
			if err == nil {
				t.Errorf("input %d has no topic but no error", n)
			}
		} else if want := fmt.Sprintf("%s|friendly|2.5|true|%d", topics[n], n); err != nil || res.Output.Write != want {
			t.Errorf("input %d: %q, %v; want %q", n, res.Output.Write, err, want)
		}
		n++
	}
	if n != len(topics) {
		t.Errorf("%d results, want %d", n, len(topics))
	}
}

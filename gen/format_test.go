package gen_test

import (
	"fmt"
	"go/format"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/intelligen/intelligen/gen"
	"github.com/intelligen/intelligen/internal/flowtest"
	"github.com/intelligen/intelligen/ir"
)

// TestFormatted checks that go/format leaves generated files as they are.
// Go writes the task goroutines of Run itself, already formatted (most of
// a large flow's code), and formats only the rest; this test is what
// holds the goroutines to gofmt's rules, on the committed flows and on
// random ones (every agent type, excluded tasks, media inputs, variables
// of every type, literals with quotes, newlines and non-ASCII text, task
// configs with and without params, timeouts and logging), and
// on a flow of several chunks of task configs.
func TestFormatted(t *testing.T) {
	flows := append(flowtest.Committed(), flowtest.Large(40), flowtest.Large(600), flowtest.Chain(7))
	b := flowtest.New("nothing")
	// Descriptions that look like the markers, without and with tasks.
	markers := "@@intelligen:chans@@\n\t// @@intelligen:tasks@@\n// @@intelligen:configs@@\n// @@intelligen:decl@@"
	b.W.Description = markers
	seed := flowtest.Seed()
	seed.Description = markers
	flows = append(flows, b.Build(), seed)
	// Labels whose Go names are longer in bytes than in runes: gofmt
	// aligns the channels' comments by runes.
	u := flowtest.New("unicode")
	llm := u.Agent("llm", ir.Text, "openai")
	café := u.Task("café", llm, "x")
	long := u.After(u.Task("日本語のタスク", llm, café), café)
	u.After(u.Task("z", llm, "y"), café, long)
	flows = append(flows, u.Build())
	n := 300
	if testing.Short() {
		n = 30
	}
	timeouts := []time.Duration{0, time.Minute, 90 * time.Second, 1500 * time.Millisecond, 7, time.Hour + time.Nanosecond}
	for i := range n {
		r := rand.New(rand.NewPCG(uint64(i), 11))
		w, _ := randomFlow(r, i)
		// Every shape of task config: written directly or rendered.
		for _, t := range w.Tasks {
			t.Timeout = timeouts[r.IntN(len(timeouts))]
			t.Log = r.IntN(2) == 0
			if r.IntN(3) == 0 {
				temp, seed := 0.5, int64(-3)
				t.Params = ir.Params{Temperature: &temp, Seed: &seed, Stop: []string{"a", "\n"}}
				t.Params.Extra = [][]byte{nil, []byte(`{"a":1}`), []byte("{\n\"b\": \"`\"}")}[r.IntN(3)]
			}
		}
		flows = append(flows, w)
	}
	for _, w := range flows {
		got, err := gen.Go(w, nil)
		if err != nil {
			t.Fatalf("flow %s: %v", w.Name, err)
		}
		want, err := format.Source(got)
		if err != nil {
			t.Fatalf("flow %s: %v", w.Name, err)
		}
		if diff := cmp.Diff(string(want), string(got)); diff != "" {
			t.Errorf("flow %s: gofmt changes the generated file (-gofmt +generated):\n%s", w.Name, diff)
		}
	}
}

func BenchmarkGo(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		w := flowtest.Large(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := gen.Go(w, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

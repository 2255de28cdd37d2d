//go:build benchflows

package flowbench_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/cloudwego/eino/compose"

	"github.com/intelligen/intelligen/bench"
	"github.com/intelligen/intelligen/runtime"
)

// seedWant is the seed flow's outputs computed straight from docs/language.md#the-prompt
// and docs/simulator.md#outputs.
func seedWant() bench.SeedOutput {
	text := func(task, prompt string) string {
		return runtime.Simulate(&runtime.Request{Task: task, Kind: runtime.KindText, Prompt: prompt}).Text
	}
	var w bench.SeedOutput
	w.Task1 = text("task1", "Identify requirements for building a blogging website about the environment")
	w.Task2 = text("task2", "Generate the website description and theme details from the requirements\n\n"+w.Task1)
	w.Task3 = text("task3", "Generate short image description for image model\n\n"+w.Task2)
	w.Task4 = runtime.Simulate(&runtime.Request{Task: "task4", Kind: runtime.KindImage, Prompt: "Design a logo with colorful style from the description\n\n" + w.Task3}).Image
	w.Task5 = text("task5", "Generate code based on combined tasks\n\n"+w.Task1+"\n\n"+w.Task2)
	return w
}

func sameSeed(t *testing.T, impl string, got, want bench.SeedOutput) {
	t.Helper()
	if got.Task1 != want.Task1 || got.Task2 != want.Task2 || got.Task3 != want.Task3 || got.Task5 != want.Task5 ||
		got.Task4.MIME != want.Task4.MIME || !bytes.Equal(got.Task4.Data, want.Task4.Data) {
		t.Errorf("%s: seed outputs differ:\ngot  %q %q %q %q\nwant %q %q %q %q", impl,
			got.Task1, got.Task2, got.Task3, got.Task5, want.Task1, want.Task2, want.Task3, want.Task5)
	}
}

func einoSeed(ctx context.Context, e *bench.Eino) (bench.SeedOutput, error) {
	m, err := e.Run(ctx)
	if err != nil {
		return bench.SeedOutput{}, err
	}
	var o bench.SeedOutput
	o.Task1, _ = m["task1"].(string)
	o.Task2, _ = m["task2"].(string)
	o.Task3, _ = m["task3"].(string)
	o.Task4, _ = m["task4"].(runtime.Image)
	o.Task5, _ = m["task5"].(string)
	return o, nil
}

func TestSameOutputsSeed(t *testing.T) {
	ctx := t.Context()
	want := seedWant()
	if !strings.HasPrefix(want.Task1, "task1:") || len(want.Task4.Data) == 0 {
		t.Fatalf("simulator: unexpected outputs %+v", want)
	}
	got, err := bench.HandSeed(ctx, bench.Sim)
	if err != nil {
		t.Fatal(err)
	}
	sameSeed(t, "hand", got, want)
	if got, err = bench.SequentialSeed(ctx, bench.Sim); err != nil {
		t.Fatal(err)
	}
	sameSeed(t, "sequential", got, want)
	e, err := bench.NewEino(ctx, bench.Seed(), bench.Sim)
	if err != nil {
		t.Fatal(err)
	}
	if got, err = einoSeed(ctx, e); err != nil {
		t.Fatal(err)
	}
	sameSeed(t, "eino", got, want)
	got, err = intelligenSeed(ctx, runtime.WithSimulation())
	if err != nil {
		t.Fatal(err)
	}
	sameSeed(t, "intelligen", got, want)
}

func TestSameOutputsDAGs(t *testing.T) {
	ctx := t.Context()
	for _, d := range bench.Generated() {
		t.Run(d.Name, func(t *testing.T) {
			want, err := bench.Sequential(ctx, d, bench.Sim)
			if err != nil {
				t.Fatal(err)
			}
			for i, w := range want {
				if !strings.HasPrefix(w, d.Nodes[i].Name+":") {
					t.Fatalf("sequential: output %d = %q", i, w)
				}
			}
			check := func(impl string, got []string) {
				t.Helper()
				for i := range want {
					if got[i] != want[i] {
						t.Fatalf("%s: output of %s = %q, want %q", impl, d.Nodes[i].Name, got[i], want[i])
					}
				}
			}
			got, err := bench.Hand(ctx, d, bench.Sim)
			if err != nil {
				t.Fatal(err)
			}
			check("hand", got)
			e, err := bench.NewEino(ctx, d, bench.Sim)
			if err != nil {
				t.Fatal(err)
			}
			m, err := e.Run(ctx)
			if err != nil {
				t.Fatal(err)
			}
			got = make([]string, len(d.Nodes))
			for i, nd := range d.Nodes {
				got[i], _ = m[nd.Name].(string)
			}
			check("eino", got)
			if got, err = intelligenDAG(ctx, d, bench.Sim); err != nil {
				t.Fatal(err)
			}
			check("intelligen", got)
		})
	}
}

// TestEinoPregel records why the Eino side uses DAG mode: in Eino's
// default Pregel mode (AnyPredecessor) the seed graph returns after task1,
// because END fires on its first predecessor, so it cannot be compared.
func TestEinoPregel(t *testing.T) {
	ctx := t.Context()
	e, err := bench.NewEino(ctx, bench.Seed(), bench.Sim, compose.WithNodeTriggerMode(compose.AnyPredecessor))
	if err != nil {
		t.Fatalf("Pregel mode: compile: %v", err)
	}
	got, err := einoSeed(ctx, e)
	if err != nil {
		t.Fatalf("Pregel mode: run: %v", err)
	}
	if got.Task1 != seedWant().Task1 || got.Task2 != "" || got.Task3 != "" || got.Task5 != "" || got.Task4.Data != nil {
		t.Errorf("Pregel mode no longer returns after task1 (update docs/benchmarks.md): got %q %q %q %q, image %d bytes",
			got.Task1, got.Task2, got.Task3, got.Task5, len(got.Task4.Data))
	}
}

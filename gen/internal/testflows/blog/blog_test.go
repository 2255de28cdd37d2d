package blog

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"sync"
	"testing"

	"go.uber.org/goleak"

	"github.com/intelligen/intelligen/runtime"
)

// sim is SPEC §5 for a text task, written independently of package runtime.
func sim(task, prompt string) string {
	h := sha256.Sum256([]byte(task + "\x00" + prompt))
	return task + ":" + hex.EncodeToString(h[:])[:12]
}

func TestRunSimulated(t *testing.T) {
	f, err := New(runtime.WithSimulation(), runtime.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.Run(context.Background(), Input{})
	if err != nil {
		t.Fatal(err)
	}
	t1 := sim("task1", "Identify requirements for building a blogging website about the environment")
	t2 := sim("task2", "Generate the website description and theme details from the requirements\n\n"+t1)
	t3 := sim("task3", "Generate short image description for image model\n\n"+t2)
	t5 := sim("task5", "Generate code based on combined tasks\n\n"+t1+"\n\n"+t2)
	want := Output{Task1: t1, Task2: t2, Task3: t3, Task5: t5}
	if got != want {
		t.Errorf("Run = %+v, want %+v", got, want)
	}
	hand, err := handRun(context.Background(), runtime.Simulator{})
	if err != nil {
		t.Fatal(err)
	}
	if hand != want {
		t.Errorf("handRun = %+v, want %+v", hand, want)
	}
}

// TestConcurrentRuns runs one Flow from several goroutines at once (run
// it with -race) and checks that no goroutine outlives the Runs.
func TestConcurrentRuns(t *testing.T) {
	defer goleak.VerifyNone(t)
	f, err := New(runtime.WithSimulation(), runtime.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	want, err := f.Run(context.Background(), Input{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 5 {
				got, err := f.Run(context.Background(), Input{})
				if err != nil || got != want {
					t.Errorf("concurrent Run = %+v, %v; want %+v", got, err, want)
				}
			}
		})
	}
	wg.Wait()
}

// BenchmarkRun compares the generated Run of the seed flow with handRun,
// both calling the zero-latency simulator.
func BenchmarkRun(b *testing.B) {
	ctx := context.Background()
	b.Run("generated", func(b *testing.B) {
		f, err := New(runtime.WithSimulation(), runtime.WithLogger(slog.New(slog.DiscardHandler)))
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := f.Run(ctx, Input{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	// The seed flow logs every task (log = true), which the hand version
	// does not do: measure the generated Run without logging too.
	b.Run("generated-nolog", func(b *testing.B) {
		tasks := []*runtime.Task{&taskConfigTask1, &taskConfigTask2, &taskConfigTask3, &taskConfigTask4, &taskConfigTask5}
		for _, t := range tasks {
			t.Log = false
		}
		defer func() {
			for _, t := range tasks {
				t.Log = true
			}
		}()
		f, err := New(runtime.WithSimulation(), runtime.WithLogger(slog.New(slog.DiscardHandler)))
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := f.Run(ctx, Input{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("hand", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := handRun(ctx, runtime.Simulator{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

package main

import (
	"bytes"
	"context"
	"image/color"
	"image/png"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"go.uber.org/goleak"

	"github.com/intelligen/intelligen/internal/simtest"
	"github.com/intelligen/intelligen/runtime"
)

// TestDemoOffline runs the blog example as `make demo` does: no API keys,
// so it says so and runs in simulation. Every output is checked against
// the SPEC §3.4 prompt rule and the SPEC §5 simulator.
func TestDemoOffline(t *testing.T) {
	for _, k := range []string{"GEMINI_API_KEY", "OPENAI_API_KEY", "STABILITY_API_KEY", "INTELLIGEN_SIMULATE"} {
		t.Setenv(k, "")
	}
	logoPath := filepath.Join(t.TempDir(), "logo.png")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"-logo", logoPath}, &stdout, &stderr); code != 0 {
		t.Fatalf("run = %d, stderr:\n%s", code, &stderr)
	}

	t1 := simtest.Text("task1", "Identify requirements for building a blogging website about the environment")
	t2 := simtest.Text("task2", "Generate the website description and theme details from the requirements\n\n"+t1)
	t3 := simtest.Text("task3", "Generate short image description for image model\n\n"+t2)
	t5 := simtest.Text("task5", "Generate code based on combined tasks\n\n"+t1+"\n\n"+t2)
	want := "== task1: requirements\n" + t1 + "\n\n" +
		"== task2: website description and theme\n" + t2 + "\n\n" +
		"== task3: image description\n" + t3 + "\n\n" +
		"== task5: code\n" + t5 + "\n\n" +
		"== task4: logo\nwrote " + logoPath + " (image/png, 82 bytes)\n"
	if got := stdout.String(); got != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", got, want)
	}
	wantErr := "blog: GEMINI_API_KEY, OPENAI_API_KEY, STABILITY_API_KEY not set: running offline in simulation\n"
	if got := stderr.String(); got != wantErr {
		t.Errorf("stderr = %q, want %q", got, wantErr)
	}

	// The logo is task4's output, excluded from Output and saved through
	// an Observer: an 8×8 PNG of the colour h[0], h[1], h[2].
	f, err := os.Open(logoPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("logo: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 8 || b.Dy() != 8 {
		t.Errorf("logo is %v, want 8×8", b)
	}
	wantImg, err := png.Decode(bytes.NewReader(simtest.Image("task4", "Design logo from the description\n\n"+t3)))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := color.NRGBAModel.Convert(img.At(3, 5)), color.NRGBAModel.Convert(wantImg.At(3, 5)); got != want {
		t.Errorf("logo colour = %v, want %v", got, want)
	}
}

func TestBadFlag(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"-nope"}, &stdout, &stderr); code != 2 {
		t.Errorf("run(-nope) = %d, want 2", code)
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

package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/intelligen/intelligen/internal/browser"
)

// sim is SPEC §5's simulated text output, computed independently of the
// runtime: task + ":" + hex(SHA-256(task + "\x00" + prompt))[:12].
func sim(task, prompt string) string {
	h := sha256.Sum256([]byte(task + "\x00" + prompt))
	return task + ":" + hex.EncodeToString(h[:])[:12]
}

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

	t1 := sim("task1", "Identify requirements for building a blogging website about the environment")
	t2 := sim("task2", "Generate the website description and theme details from the requirements\n\n"+t1)
	t3 := sim("task3", "Generate short image description for image model\n\n"+t2)
	t5 := sim("task5", "Generate code based on combined tasks\n\n"+t1+"\n\n"+t2)
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
	h := sha256.Sum256([]byte("task4\x00Design logo from the description\n\n" + t3))
	if b := img.Bounds(); b.Dx() != 8 || b.Dy() != 8 {
		t.Errorf("logo is %v, want 8×8", b)
	}
	wantColor := color.NRGBA{h[0], h[1], h[2], 255}
	if got := color.NRGBAModel.Convert(img.At(3, 5)); got != wantColor {
		t.Errorf("logo colour = %v, want %v", got, wantColor)
	}
}

func TestBadFlag(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"-nope"}, &stdout, &stderr); code != 2 {
		t.Errorf("run(-nope) = %d, want 2", code)
	}
}

// TestReport writes the run report with -report and opens it in headless
// Chromium: every task is there, done, with the logo shown.
func TestReport(t *testing.T) {
	for _, k := range []string{"GEMINI_API_KEY", "OPENAI_API_KEY", "STABILITY_API_KEY", "INTELLIGEN_SIMULATE"} {
		t.Setenv(k, "")
	}
	dir := browser.ArtifactDir(t)
	page := filepath.Join(dir, "blog.html")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"-logo", filepath.Join(t.TempDir(), "logo.png"), "-report", page}, &stdout, &stderr); code != 0 {
		t.Fatalf("run = %d, stderr:\n%s", code, &stderr)
	}
	data, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"task1", "task2", "task3", "task4", "task5"} {
		if want := `<section class="task s-done" id="task-` + name + `"`; !bytes.Contains(data, []byte(want)) {
			t.Errorf("report lacks %s", want)
		}
	}

	browser.Find(t)
	p := browser.Open(t, page)
	if len(p.Errors) > 0 {
		t.Errorf("the page had errors: %q", p.Errors)
	}
	var shown []string
	for _, s := range p.Sections {
		if !s.Visible || s.Status != "done" {
			t.Errorf("section %+v: want visible and done", s)
		}
		shown = append(shown, s.Task)
	}
	// In start order, as the generated code does not list the tasks in its
	// FlowConfig (docs/report.md#the-flows-graph): task4 and task5 race.
	slices.Sort(shown)
	if got := strings.Join(shown, " "); got != "task1 task2 task3 task4 task5" {
		t.Errorf("sections %s, want every task", got)
	}
	if len(p.Bars) != 5 || len(p.Images) != 1 || p.Images[0].Width != 8 {
		t.Errorf("page shows %d bars and images %+v, want 5 and the 8×8 logo", len(p.Bars), p.Images)
	}
	browser.Screenshot(t, page, filepath.Join(dir, "blog.png"), 1400, 1800)
}

package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"go.uber.org/goleak"

	"github.com/intelligen/intelligen/internal/browser"
	"github.com/intelligen/intelligen/internal/simtest"
	"github.com/intelligen/intelligen/runtime"
)

// TestDemoOffline runs the blog example as `make demo` does: no API keys,
// so it says so and runs in simulation, here with 20ms of simulated latency
// per call. Every prompt and output in the report is checked against the
// prompt rule (docs/language.md#the-prompt) and the simulator
// (docs/simulator.md#outputs), and the times against the flow's edges.
func TestDemoOffline(t *testing.T) {
	for _, k := range []string{"GEMINI_API_KEY", "OPENAI_API_KEY", "STABILITY_API_KEY", "INTELLIGEN_SIMULATE"} {
		t.Setenv(k, "")
	}
	t.Setenv("INTELLIGEN_SIM_LATENCY", "20ms")
	logoPath := filepath.Join(t.TempDir(), "logo.png")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"-logo", logoPath}, &stdout, &stderr); code != 0 {
		t.Fatalf("run = %d, stderr:\n%s", code, &stderr)
	}

	t1 := simtest.Text("task1", "Identify requirements for building a blogging website about the environment")
	t2 := simtest.Text("task2", "Generate the website description and theme details from the requirements\n\n"+t1)
	t3 := simtest.Text("task3", "Generate short image description for image model\n\n"+t2)
	t5 := simtest.Text("task5", "Generate code based on combined tasks\n\n"+t1+"\n\n"+t2)
	want := map[string]string{
		"task1": "agent text_generator (gemini text, gemini-3.8-flash)\n" +
			`   prompt  "Identify requirements for building a blogging website about the environment"` + "\n" +
			`   output  "` + t1 + `"`,
		"task2": "agent ux_designer (openai text, gpt-4o-mini)\n" +
			`   prompt  "Generate the website description and theme details from the requirements\n\n` + t1 + `"` + "\n" +
			`   output  "` + t2 + `"`,
		"task3": "agent image_desc_creator (openai text, gpt-4o-mini)\n" +
			`   prompt  "Generate short image description for image model\n\n` + t2 + `"` + "\n" +
			`   output  "` + t3 + `"`,
		"task4": "agent image_processor (stability image, core)\n" +
			`   prompt  "Design a logo with colorful style from the description\n\n` + t3 + `"` + "\n" +
			"   output  image/png, 82 bytes: wrote " + logoPath,
		"task5": "agent text_generator (gemini text, gemini-3.8-flash)\n" +
			`   prompt  "Generate code based on combined tasks\n\n` + t1 + `\n\n` + t2 + `"` + "\n" +
			`   output  "` + t5 + `"`,
	}
	// Each block: "== task  agent ...  START ms → END ms\n   prompt ...\n   output ...".
	head := regexp.MustCompile(`^== (task\d)  (.*)  (\d+)ms → (\d+)ms$`)
	type span struct{ start, end int }
	times := map[string]span{}
	for _, block := range strings.Split(strings.TrimPrefix(stdout.String(), "\n"), "\n== ")[0:] {
		block = "== " + strings.TrimPrefix(strings.TrimSuffix(block, "\n"), "== ")
		first, rest, _ := strings.Cut(block, "\n")
		m := head.FindStringSubmatch(first)
		if m == nil {
			t.Errorf("report block does not start with a task line:\n%s", block)
			continue
		}
		if got := m[2] + "\n" + rest; got != want[m[1]] {
			t.Errorf("%s:\n%s\nwant:\n%s", m[1], got, want[m[1]])
		}
		start, _ := strconv.Atoi(m[3])
		end, _ := strconv.Atoi(m[4])
		times[m[1]] = span{start, end}
		delete(want, m[1])
	}
	for task := range want {
		t.Errorf("the report lacks %s:\n%s", task, &stdout)
	}
	// A task starts only when its inputs have arrived.
	for _, e := range [][2]string{{"task1", "task2"}, {"task2", "task3"}, {"task2", "task5"}, {"task1", "task5"}, {"task3", "task4"}} {
		if times[e[1]].start < times[e[0]].end {
			t.Errorf("%s started at %dms, before %s, its input, ended at %dms", e[1], times[e[1]].start, e[0], times[e[0]].end)
		}
	}
	wantErr := "blog: GEMINI_API_KEY, OPENAI_API_KEY, STABILITY_API_KEY not set: running offline in simulation\n"
	if got := stderr.String(); got != wantErr {
		t.Errorf("stderr = %q, want %q", got, wantErr)
	}

	// The logo is task4's output, the simulated image.
	logo, err := os.ReadFile(logoPath)
	if err != nil {
		t.Fatal(err)
	}
	if want := simtest.Image("task4", "Design a logo with colorful style from the description\n\n"+t3); !bytes.Equal(logo, want) {
		t.Errorf("logo is not the simulated image of task4's prompt")
	}
}

func TestShorten(t *testing.T) {
	long := strings.Repeat("a", 70) + strings.Repeat("b", 70)
	if got, want := shorten(long, 100), `"`+strings.Repeat("a", 60)+`" … "`+strings.Repeat("b", 40)+`"`; got != want {
		t.Errorf("shorten = %s, want %s", got, want)
	}
	if got := shorten("x\n\ny", 100); got != `"x\n\ny"` {
		t.Errorf("shorten short = %s", got)
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
				if err != nil || !reflect.DeepEqual(got, want) {
					t.Errorf("concurrent Run = %+v, %v; want %+v", got, err, want)
				}
			}
		})
	}
	wg.Wait()
}

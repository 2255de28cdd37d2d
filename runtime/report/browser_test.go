package report_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/intelligen/intelligen/internal/browser"
	"github.com/intelligen/intelligen/runtime"
	"github.com/intelligen/intelligen/runtime/report"
)

// The colours of the statuses, as Chromium computes them.
var statusFill = map[string]string{
	"done":      "rgb(47, 158, 91)",
	"failed":    "rgb(214, 69, 69)",
	"skipped":   "rgb(154, 160, 166)",
	"cancelled": "rgb(227, 154, 45)",
}

// CheckPage checks what Chromium showed of run's report: every task in
// the graph, coloured by its status, and in its own section; one bar per
// task that ran, ordered by start on the screen; the others listed as
// never run; every image decoded; no error.
func checkPage(t *testing.T, run *report.Run, p browser.Page) {
	t.Helper()
	if len(p.Errors) > 0 {
		t.Errorf("the page had errors: %q", p.Errors)
	}
	edges := 0
	nodes := map[string]browser.Node{}
	for _, n := range p.Nodes {
		nodes[n.Task] = n
	}
	sections := map[string]browser.Item{}
	for _, s := range p.Sections {
		sections[s.Task] = s
	}
	var ran, never []string
	for _, task := range run.Tasks {
		edges += len(task.After)
		status := string(task.Status)
		n, ok := nodes[task.Name]
		switch {
		case !ok:
			t.Errorf("graph lacks task %s", task.Name)
		case n.Status != status || n.Fill != statusFill[status] || n.Width < 100 || n.Height < 20:
			t.Errorf("graph shows %s as %+v, want status %s in %s", task.Name, n, status, statusFill[status])
		}
		if s := sections[task.Name]; s.Status != status || !s.Visible {
			t.Errorf("section of %s = %+v, want visible with status %s", task.Name, s, status)
		}
		if task.Start.IsZero() {
			never = append(never, task.Name)
		} else {
			ran = append(ran, task.Name)
		}
	}
	if len(p.Nodes) != len(run.Tasks) || len(p.Sections) != len(run.Tasks) {
		t.Errorf("page shows %d nodes and %d sections for %d tasks", len(p.Nodes), len(p.Sections), len(run.Tasks))
	}
	if p.Edges != edges {
		t.Errorf("graph has %d edges, want %d", p.Edges, edges)
	}

	var bars []string
	for i, b := range p.Bars {
		bars = append(bars, b.Task)
		if b.Fill != statusFill[b.Status] || b.Width <= 0 {
			t.Errorf("bar %+v: want its status' colour and a width", b)
		}
		if i > 0 && (b.StartUs < p.Bars[i-1].StartUs || b.Left < p.Bars[i-1].Left) {
			t.Errorf("bar %s (start %dµs, at %.1fpx) is below %s (start %dµs, at %.1fpx): bars must be ordered by start",
				b.Task, b.StartUs, b.Left, p.Bars[i-1].Task, p.Bars[i-1].StartUs, p.Bars[i-1].Left)
		}
	}
	slices.Sort(bars)
	slices.Sort(ran)
	if !slices.Equal(bars, ran) {
		t.Errorf("timeline bars %v, want one per task that ran: %v", bars, ran)
	}
	var shown []string
	for _, n := range p.Never {
		shown = append(shown, n.Task)
	}
	if !slices.Equal(shown, never) {
		t.Errorf("timeline lists %v as never run, want %v", shown, never)
	}
	for _, img := range p.Images {
		if !img.Complete || img.Width == 0 {
			t.Errorf("an image did not decode: %+v", img)
		}
	}
}

// writeAndOpen writes rec's report as name in the test's artifact
// directory, opens it in Chromium, saves a screenshot next to it and
// returns what the page showed.
func writeAndOpen(t *testing.T, rec *report.Recorder, name string) browser.Page {
	t.Helper()
	browser.Find(t)
	dir := browser.ArtifactDir(t)
	page := filepath.Join(dir, name+".html")
	if err := rec.WriteHTMLFile(page); err != nil {
		t.Fatal(err)
	}
	p := browser.Open(t, page)
	shot := filepath.Join(dir, name+".png")
	browser.Screenshot(t, page, shot, 1400, 1800)
	t.Logf("report %s, screenshot %s", page, shot)
	return p
}

func TestBrowserBlog(t *testing.T) {
	browser.Find(t)
	rec := &report.Recorder{}
	run, err := runFlow(t, "blog", runtime.Cancel, blogTasks, rec, nil, 20e6)
	if err != nil {
		t.Fatal(err)
	}
	p := writeAndOpen(t, rec, "blog")
	checkPage(t, run, p)
	if len(p.Images) != 1 {
		t.Errorf("page shows %d images, want task4's logo", len(p.Images))
	}
	// task5 waits for task2, which waits for task1: on the timeline its
	// bar starts right of theirs.
	at := map[string]float64{}
	for _, b := range p.Bars {
		at[b.Task] = b.Left
	}
	if !(at["task1"] < at["task2"] && at["task2"] < at["task5"] && at["task2"] < at["task3"] && at["task3"] < at["task4"]) {
		t.Errorf("bars do not follow the dependencies: %v", at)
	}
	// task4 ends last, after task3, task2 and task1: they are outlined.
	var critical []string
	for _, b := range p.Bars {
		if b.Critical {
			critical = append(critical, b.Task)
		}
	}
	for _, n := range p.Nodes {
		if n.Critical {
			critical = append(critical, n.Task)
		}
	}
	if got := strings.Join(critical, " "); got != "task1 task2 task3 task4 task1 task2 task3 task4" {
		t.Errorf("outlined as critical: %s; want task1 to task4 on the timeline, then in the graph", got)
	}
}

func TestBrowserFailing(t *testing.T) {
	browser.Find(t)
	for _, onError := range []runtime.OnError{runtime.Continue, runtime.Cancel} {
		t.Run(string(onError), func(t *testing.T) {
			rec := &report.Recorder{}
			run, err := runFlow(t, "failing", onError, failingTasks, rec, brokenAgent, 100e6)
			if err == nil {
				t.Fatal("the run succeeded")
			}
			p := writeAndOpen(t, rec, "failing-"+string(onError))
			checkPage(t, run, p)
			if p.Audio != 1 && onError == runtime.Continue {
				t.Errorf("page has %d audio players, want jingle's", p.Audio)
			}
		})
	}
}

// BenchmarkBrowserOpen measures how long the report of a flow of 5 and
// of 1,000 tasks takes to open in Chromium: the page's own time from
// navigation to laid out (load-ms), and the browser's whole run with its
// start-up (wall-ms).
func BenchmarkBrowserOpen(b *testing.B) {
	browser.Find(b)
	for _, n := range []int{5, 1000} {
		b.Run(fmt.Sprintf("tasks=%d", n), func(b *testing.B) {
			rec := &report.Recorder{}
			if _, err := runFlow(b, "wide", runtime.Cancel, wideTasks(n), rec, nil, 0); err != nil {
				b.Fatal(err)
			}
			page := filepath.Join(b.TempDir(), "wide.html")
			if err := rec.WriteHTMLFile(page); err != nil {
				b.Fatal(err)
			}
			var load, wall float64
			for b.Loop() {
				p := browser.Open(b, page)
				if len(p.Nodes) != n || len(p.Errors) > 0 {
					b.Fatalf("page shows %d nodes, errors %q", len(p.Nodes), p.Errors)
				}
				load += p.LoadMs
				wall += float64(p.Wall.Milliseconds())
			}
			b.ReportMetric(load/float64(b.N), "load-ms")
			b.ReportMetric(wall/float64(b.N), "wall-ms")
		})
	}
}

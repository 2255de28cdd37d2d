package report_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/intelligen/intelligen/runtime"
	"github.com/intelligen/intelligen/runtime/report"
)

func statuses(run *report.Run) map[string]report.Status {
	m := map[string]report.Status{}
	for _, t := range run.Tasks {
		m[t.Name] = t.Status
	}
	return m
}

func checkStatuses(t *testing.T, run *report.Run, want map[string]report.Status) {
	t.Helper()
	got := statuses(run)
	for name, s := range want {
		if got[name] != s {
			t.Errorf("task %s: status %q, want %q", name, got[name], s)
		}
	}
	if len(got) != len(want) {
		t.Errorf("recorded %d tasks, want %d: %v", len(got), len(want), got)
	}
}

func html(t *testing.T, rec *report.Recorder) string {
	t.Helper()
	var b bytes.Buffer
	if err := rec.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// checkSelfContained fails if page could load anything: every URL in it
// must be a data: URI or a fragment, and it must carry a CSP that forbids
// the rest.
func checkSelfContained(t *testing.T, page string) {
	t.Helper()
	if !strings.Contains(page, `content="default-src 'none';`) {
		t.Error("page has no Content-Security-Policy")
	}
	for _, m := range regexp.MustCompile(`(?i)(src|href)="([^"]*)"`).FindAllStringSubmatch(page, -1) {
		if !strings.HasPrefix(m[2], "data:") && !strings.HasPrefix(m[2], "#") {
			t.Errorf("page loads %s=%q", m[1], m[2])
		}
	}
	if strings.Contains(page, "ZgotmplZ") {
		t.Error("html/template rejected a value (ZgotmplZ in the page)")
	}
}

func checkContains(t *testing.T, page string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
}

func TestBlogRun(t *testing.T) {
	var progress bytes.Buffer
	rec := &report.Recorder{Progress: &progress}
	run, err := runFlow(t, "blog", runtime.Cancel, blogTasks, rec, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	checkStatuses(t, run, map[string]report.Status{"task1": report.Done, "task2": report.Done, "task3": report.Done, "task4": report.Done, "task5": report.Done})
	t4 := run.Tasks[3]
	if t4.Image == nil || t4.Image.MIME != "image/png" || t4.Attempts != 1 || !strings.HasPrefix(t4.Prompt, "Do task4\n\ntask3:") {
		t.Errorf("task4 = %+v", t4)
	}
	if run.Tasks[4].Start.Before(run.Tasks[1].End) {
		t.Error("task5 started before its input task2 ended")
	}

	lines := strings.Split(strings.TrimSpace(progress.String()), "\n")
	if len(lines) != 5 {
		t.Fatalf("progress has %d lines, want one per task:\n%s", len(lines), &progress)
	}
	if !regexp.MustCompile(`^task1  done\s+\S+  "Do task1"$`).MatchString(lines[0]) {
		t.Errorf("first progress line = %q", lines[0])
	}

	page := html(t, rec)
	checkSelfContained(t, page)
	checkContains(t, page,
		`data-task="task5" data-status="done"><title>task5: done</title>`,
		`data-from="task2" data-to="task5"`,
		`<img class="output" src="data:image/png;base64,`,
		`<dt>inputs</dt><dd><a href="#task-task1">task1</a>, <a href="#task-task2">task2</a></dd>`,
		`excluded from Output`,
	)
	if strings.Contains(page, "<script") {
		t.Error("page has a script")
	}
}

// The critical path is the chain of last-ending inputs back from the
// task that ended last: here task4, task3, task2, task1, not task5.
func TestCriticalPath(t *testing.T) {
	rec := &report.Recorder{}
	if _, err := runFlow(t, "blog", runtime.Cancel, blogTasks, rec, nil, 30e6); err != nil {
		t.Fatal(err)
	}
	page := html(t, rec)
	for _, name := range []string{"task1", "task2", "task3", "task4"} {
		checkContains(t, page,
			`<g class="node s-done critical" data-task="`+name+`"`,
			`<div class="bar s-done critical" data-task="`+name+`"`)
	}
	checkContains(t, page, `<g class="node s-done" data-task="task5"`, `<div class="bar s-done" data-task="task5"`)
}

func TestFailingRunContinue(t *testing.T) {
	var progress bytes.Buffer
	rec := &report.Recorder{Progress: &progress}
	run, err := runFlow(t, "failing", runtime.Continue, failingTasks, rec, brokenAgent, 0)
	if err == nil {
		t.Fatal("Run succeeded; draft should fail")
	}
	checkStatuses(t, run, map[string]report.Status{"plan": report.Done, "draft": report.Failed, "review": report.Skipped, "publish": report.Skipped, "jingle": report.Done, "summary": report.Done})
	draft := run.Tasks[1]
	if draft.Attempts != 2 || len(draft.Errors) != 2 || !strings.Contains(draft.Err, "model overloaded") {
		t.Errorf("draft: attempts %d, errors %q, err %q", draft.Attempts, draft.Errors, draft.Err)
	}
	if run.Err == "" {
		t.Error("run has no error")
	}
	if !regexp.MustCompile(`(?m)^review   skipped\s+-\n(publish  skipped\s+-\n)`).MatchString(progress.String()) {
		t.Errorf("progress lacks review's skipped line:\n%s", &progress)
	}

	page := html(t, rec)
	checkSelfContained(t, page)
	checkContains(t, page,
		`data-task="draft" data-status="failed"`,
		`<span class="never s-skipped" data-task="publish" data-status="skipped">skipped: never ran</span>`,
		`model overloaded &lt;try later&gt; &amp; retry`,
		`<audio controls src="data:audio/wav;base64,`,
		`id="run-error"`,
	)
	if strings.Contains(page, "<try later>") {
		t.Error("an error reached the page unescaped")
	}
}

func TestFailingRunCancel(t *testing.T) {
	rec := &report.Recorder{}
	run, err := runFlow(t, "failing", runtime.Cancel, failingTasks, rec, brokenAgent, 200e6)
	if err == nil {
		t.Fatal("Run succeeded; draft should fail")
	}
	// jingle and summary were in flight when draft failed, review and
	// publish were waiting on it.
	checkStatuses(t, run, map[string]report.Status{"plan": report.Done, "draft": report.Failed, "review": report.Skipped, "publish": report.Skipped, "jingle": report.Cancelled, "summary": report.Cancelled})
}

// A flow that does not list its tasks is drawn from the tasks that ran.
func TestNoStaticTasks(t *testing.T) {
	rec := &report.Recorder{}
	f := runtime.NewFlow(&runtime.FlowConfig{Name: "bare"}, runtime.WithSimulation(), runtime.WithObserver(rec))
	a := &runtime.AgentConfig{Name: "llm", Provider: "openai", Kind: runtime.KindText}
	h := f.Agent(a, nil)
	r := f.Start(t.Context())
	r.Text(&runtime.Task{Name: "only", Agent: a}, h, "hi")
	if err := r.Wait(); err != nil {
		t.Fatal(err)
	}
	checkStatuses(t, rec.Run(), map[string]report.Status{"only": report.Done})
	checkSelfContained(t, html(t, rec))
}

func TestNoRun(t *testing.T) {
	if err := (&report.Recorder{}).WriteHTML(&bytes.Buffer{}); err == nil {
		t.Error("WriteHTML without a Run succeeded")
	}
}

// The Recorder's static tasks apply when the FlowConfig has none, and the
// FlowConfig's win over them.
func TestStaticTasksPrecedence(t *testing.T) {
	rec := &report.Recorder{Tasks: []runtime.FlowTask{{Name: "a"}, {Name: "b", After: []string{"a"}}}}
	_, end := rec.StartRun(t.Context(), &runtime.FlowConfig{Name: "x"})
	end(nil)
	checkStatuses(t, rec.Run(), map[string]report.Status{"a": report.Skipped, "b": report.Skipped})
	_, end = rec.StartRun(t.Context(), &runtime.FlowConfig{Name: "x", Tasks: []runtime.FlowTask{{Name: "c"}}})
	end(nil)
	checkStatuses(t, rec.Run(), map[string]report.Status{"c": report.Skipped})
}

// BenchmarkWriteHTML1000 measures writing the report of a 1,000-task Run.
func BenchmarkWriteHTML1000(b *testing.B) {
	rec := &report.Recorder{}
	if _, err := runFlow(b, "wide", runtime.Cancel, wideTasks(1000), rec, nil, 0); err != nil {
		b.Fatal(err)
	}
	var n int
	for b.Loop() {
		var buf bytes.Buffer
		if err := rec.WriteHTML(&buf); err != nil {
			b.Fatal(err)
		}
		n = buf.Len()
	}
	b.ReportMetric(float64(n)/1024, "KiB")
}

package report_test

import (
	"context"
	"testing"

	"github.com/intelligen/intelligen/runtime"
	"github.com/intelligen/intelligen/runtime/report"
)

// A for_each task has one row per element, t[i], with its agent, kind,
// prompt and output, and its own row spanning them: done when every
// element is, failed when one failed.
func TestForEachRows(t *testing.T) {
	for _, fail := range []bool{false, true} {
		rec := &report.Recorder{}
		f := runtime.NewFlow(&runtime.FlowConfig{Name: "f"}, runtime.WithObserver(rec),
			runtime.WithAgent("w", runtime.AgentFunc(func(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
				if fail && req.Task == "sec[1]" {
					return nil, context.DeadlineExceeded
				}
				return &runtime.Response{Text: "out " + req.Task}, nil
			})))
		cfg := &runtime.AgentConfig{Name: "w", Provider: "openai", Kind: runtime.KindText, Retry: runtime.Retry{Attempts: 1}}
		h := f.Agent(cfg, nil)
		task := &runtime.Task{Name: "sec", Agent: cfg}
		r := f.Start(context.Background())
		r.Go(func() {
			r.Each(task, 3, 1, func(et *runtime.Task, i int) bool {
				_, ok := r.Text(et, h, "write")
				return ok
			})
		})
		r.Wait()
		run := rec.Run()
		want := map[string]report.Status{"sec": report.Done, "sec[0]": report.Done, "sec[1]": report.Done, "sec[2]": report.Done}
		if fail {
			// Concurrency 1: element 2 never starts once element 1 failed.
			want = map[string]report.Status{"sec": report.Failed, "sec[0]": report.Done, "sec[1]": report.Failed}
		}
		checkStatuses(t, run, want)
		if e := run.Task("sec[0]"); e == nil || e.Kind != runtime.KindText || e.Prompt != "write" || e.Text != "out sec[0]" || e.Agent != "w" {
			t.Errorf("fail=%v: element row %+v", fail, e)
		}
		if p := run.Task("sec"); p == nil || p.Start.IsZero() || p.End.Before(p.Start) {
			t.Errorf("fail=%v: task row %+v does not span its elements", fail, p)
		}
	}
}

package temporal_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	sdktemporal "go.temporal.io/sdk/temporal"

	"github.com/intelligen/intelligen/runtime"
	"github.com/intelligen/intelligen/temporal"
	"github.com/intelligen/intelligen/temporal/internal/testflows/fanout"
)

func runFanout(t *testing.T, agent *fakeAgent, in fanout.Input) (fanout.Output, error) {
	t.Helper()
	e := env(t)
	a, err := fanout.NewActivities(runtime.WithAgent("llm", agent))
	if err != nil {
		t.Fatal(err)
	}
	fanout.Register(e, a)
	e.ExecuteWorkflow(fanout.WorkflowName, in)
	if !e.IsWorkflowCompleted() {
		t.Fatal("workflow did not complete")
	}
	var out fanout.Output
	if err := e.GetWorkflowError(); err != nil {
		return out, err
	}
	if err := e.GetWorkflowResult(&out); err != nil {
		t.Fatal(err)
	}
	return out, nil
}

// A for_each task makes one activity per element, each named t[i] to the
// agent, and its output keeps element order; a false when skips its task
// (a nil output) and a coalesce falls back to its literal.
func TestForEachAndSkip(t *testing.T) {
	agent := &fakeAgent{}
	out, err := runFanout(t, agent, fanout.Input{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"each[0]:ok(item a)", "each[1]:ok(item b)", "each[2]:ok(item c)", "each[3]:ok(item d)"}
	if !slices.Equal(out.Each, want) {
		t.Errorf("each = %q, want %q", out.Each, want)
	}
	if out.Urgent != nil || agent.count("urgent") != 0 {
		t.Errorf("urgent = %v after %d calls, want skipped", out.Urgent, agent.count("urgent"))
	}
	if out.Reply != "reply:ok(reply calm)" {
		t.Errorf("reply = %v, want the coalesce's literal", out.Reply)
	}

	yes := true
	out, err = runFanout(t, &fakeAgent{}, fanout.Input{Urgent: &yes, Items: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Each) != 0 || out.Urgent == nil || *out.Urgent != "urgent:ok(urgent )" || out.Reply != "reply:ok(reply urgent:ok(urgent ))" {
		t.Errorf("with no items and urgent: %+v", out)
	}
}

// An element that fails fails its task: the error names the task and the
// element's index, and no successor runs.
func TestForEachElementFails(t *testing.T) {
	yes := true
	agent := &fakeAgent{fail: func(_ context.Context, task string, _ int) error {
		if task == "each[2]" {
			return &runtime.APIError{StatusCode: 400, Message: "bad element"}
		}
		return nil
	}}
	_, err := runFanout(t, agent, fanout.Input{Urgent: &yes})
	te, ok := temporal.TaskErrorOf(err)
	if !ok || te.Task != "each" || te.Item != 2 || !strings.Contains(te.Err.Error(), "bad element") {
		t.Fatalf("err = %v (%+v), want task each, item 2", err, te)
	}
	var appErr *sdktemporal.ApplicationError
	if !errors.As(err, &appErr) {
		t.Errorf("err = %T, want an application error", err)
	}
	if n := agent.count("urgent") + agent.count("reply"); n != 0 {
		t.Errorf("%d successor calls after a failed fan-out, want 0", n)
	}
}

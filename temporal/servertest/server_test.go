package servertest

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
	"go.temporal.io/server/temporaltest"
	"google.golang.org/protobuf/proto"

	"github.com/intelligen/intelligen/runtime"
	"github.com/intelligen/intelligen/temporal/examples/blog/flow"
	"github.com/intelligen/intelligen/temporal/internal/testflows/large"
)

var quiet = []runtime.Option{runtime.WithSimulation(), runtime.WithLogger(slog.New(slog.DiscardHandler))}

func newServer(t *testing.T) (*temporaltest.TestServer, client.Client) {
	ts := temporaltest.NewServer(temporaltest.WithT(t))
	c := ts.NewClientWithOptions(client.Options{Logger: log.NewStructuredLogger(slog.New(slog.DiscardHandler))})
	return ts, c
}

// history reads back the whole history of a workflow run.
func history(t *testing.T, c client.Client, id, runID string) *historypb.History {
	t.Helper()
	it := c.GetWorkflowHistory(context.Background(), id, runID, false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	h := &historypb.History{}
	for it.HasNext() {
		e, err := it.Next()
		if err != nil {
			t.Fatal(err)
		}
		h.Events = append(h.Events, e)
	}
	return h
}

// TestBlogOnServer runs the blog flow through a client, with a worker
// whose activities are simulated, checks that it gives Run's outputs, and
// replays its history.
func TestBlogOnServer(t *testing.T) {
	_, c := newServer(t)
	a, err := flow.NewActivities(quiet...)
	if err != nil {
		t.Fatal(err)
	}
	w := worker.New(c, "blog", worker.Options{})
	flow.Register(w, a)
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	defer w.Stop()

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{TaskQueue: "blog"}, flow.WorkflowName, flow.Input{})
	if err != nil {
		t.Fatal(err)
	}
	var got flow.Output
	if err := run.Get(ctx, &got); err != nil {
		t.Fatal(err)
	}
	f, err := flow.New(quiet...)
	if err != nil {
		t.Fatal(err)
	}
	want, err := f.Run(ctx, flow.Input{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Task1 != want.Task1 || got.Task2 != want.Task2 || got.Task3 != want.Task3 || got.Task5 != want.Task5 ||
		got.Task4.MIME != want.Task4.MIME || string(got.Task4.Data) != string(want.Task4.Data) {
		t.Errorf("workflow outputs %+v differ from Run's %+v", got, want)
	}

	h := history(t, c, run.GetID(), run.GetRunID())
	r := worker.NewWorkflowReplayer()
	r.RegisterWorkflowWithOptions(flow.Workflow, workflow.RegisterOptions{Name: flow.WorkflowName})
	if err := r.ReplayWorkflowHistory(nil, h); err != nil {
		t.Errorf("replaying the history: %v", err)
	}
}

// counter counts the calls of each task and answers as the simulator,
// except that the task block, if set, waits until its call is cancelled.
type counter struct {
	block string

	mu      sync.Mutex
	calls   map[string]int
	blocked chan struct{} // closed when block's call has begun
}

func newCounter(block string) *counter {
	return &counter{block: block, calls: make(map[string]int), blocked: make(chan struct{})}
}

func (c *counter) Call(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
	c.mu.Lock()
	c.calls[req.Task]++
	c.mu.Unlock()
	if req.Task == c.block {
		close(c.blocked)
		<-ctx.Done()
		return nil, ctx.Err()
	}
	return runtime.Simulator{}.Call(ctx, req)
}

func (c *counter) count(task string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.calls[task]
}

func agents(c *counter) []runtime.Option {
	opts := append([]runtime.Option(nil), quiet...)
	for _, name := range []string{"text_generator", "ux_designer", "image_desc_creator", "image_processor"} {
		opts = append(opts, runtime.WithAgent(name, c))
	}
	return opts
}

// TestWorkerKilledMidRun stops a worker while task2's activity runs; a
// new worker finishes the workflow without running task1 again.
func TestWorkerKilledMidRun(t *testing.T) {
	_, c := newServer(t)
	first, second := newCounter("task2"), newCounter("")
	a1, err := flow.NewActivities(agents(first)...)
	if err != nil {
		t.Fatal(err)
	}
	w1 := worker.New(c, "blog", worker.Options{WorkerStopTimeout: time.Millisecond})
	flow.Register(w1, a1)
	if err := w1.Start(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{TaskQueue: "blog"}, flow.WorkflowName, flow.Input{})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-first.blocked:
	case <-ctx.Done():
		t.Fatal("task2 never started")
	}
	w1.Stop()

	a2, err := flow.NewActivities(agents(second)...)
	if err != nil {
		t.Fatal(err)
	}
	w2 := worker.New(c, "blog", worker.Options{})
	flow.Register(w2, a2)
	if err := w2.Start(); err != nil {
		t.Fatal(err)
	}
	defer w2.Stop()
	var out flow.Output
	if err := run.Get(ctx, &out); err != nil {
		t.Fatal(err)
	}
	if first.count("task1") != 1 || second.count("task1") != 0 {
		t.Errorf("task1 ran %d times on the first worker and %d on the second, want once, on the first", first.count("task1"), second.count("task1"))
	}
	if second.count("task2") != 1 || out.Task2 == "" || out.Task5 == "" {
		t.Errorf("the second worker did not finish the run: task2 called %d times, output %+v", second.count("task2"), out)
	}
}

// TestBlogExample runs the example's worker and starter, as programs,
// against the server.
func TestBlogExample(t *testing.T) {
	ts, _ := newServer(t)
	bin := filepath.Join(t.TempDir(), "blog")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/intelligen/intelligen/temporal/examples/blog").CombinedOutput(); err != nil {
		t.Fatalf("build the example: %v\n%s", err, out)
	}
	args := []string{"-address", ts.GetFrontendHostPort(), "-namespace", ts.GetDefaultNamespace()}
	w := exec.Command(bin, append([]string{"worker"}, args...)...)
	w.Env = append(os.Environ(), "INTELLIGEN_SIMULATE=1")
	var werr strings.Builder
	w.Stderr = &werr
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		w.Process.Signal(os.Interrupt)
		w.Wait()
	}()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, append([]string{"start"}, args...)...).Output()
	var exit *exec.ExitError
	if errors.As(err, &exit) || err != nil {
		t.Fatalf("start: %v\n%s\nworker: %s", err, out, werr.String())
	}
	for _, want := range []string{"task1: \"task1:", "task4: image/png", "task5: \"task5:"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("start printed %q, want a line with %q", out, want)
		}
	}
}

// TestLargeHistory runs a flow of 100 tasks on the server and reports the
// size of its history (docs/benchmarks.md#temporal): one scheduled,
// started and completed event per activity, and the workflow tasks.
func TestLargeHistory(t *testing.T) {
	_, c := newServer(t)
	a, err := large.NewActivities(quiet...)
	if err != nil {
		t.Fatal(err)
	}
	w := worker.New(c, "large", worker.Options{})
	large.Register(w, a)
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{TaskQueue: "large"}, large.WorkflowName, large.Input{})
	if err != nil {
		t.Fatal(err)
	}
	if err := run.Get(ctx, nil); err != nil {
		t.Fatal(err)
	}
	h := history(t, c, run.GetID(), run.GetRunID())
	completed := 0
	for _, e := range h.Events {
		if e.GetEventType() == enumspb.EVENT_TYPE_ACTIVITY_TASK_COMPLETED {
			completed++
		}
	}
	if completed != 100 {
		t.Errorf("%d activities completed, want 100", completed)
	}
	t.Logf("history of 100 tasks: %d events, %d bytes", len(h.Events), proto.Size(h))
}

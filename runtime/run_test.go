package runtime_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/goleak"

	"github.com/intelligen/intelligen/runtime"
)

// script is an Agent whose behaviour is set per task: each call takes
// delay[task] (default 1s, cut short by the context) and then fails with
// fail[task] or answers like the simulator. It records how each call ended.
type script struct {
	delay map[string]time.Duration
	fail  map[string]error

	mu    sync.Mutex
	ended []string // "task:ok", "task:failed", "task:cancelled"
}

func (s *script) Call(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
	d, ok := s.delay[req.Task]
	if !ok {
		d = time.Second
	}
	result := "ok"
	defer func() {
		s.mu.Lock()
		s.ended = append(s.ended, req.Task+":"+result)
		s.mu.Unlock()
	}()
	select {
	case <-time.After(d):
	case <-ctx.Done():
		result = "cancelled"
		return nil, ctx.Err()
	}
	if err := s.fail[req.Task]; err != nil {
		result = "failed"
		return nil, err
	}
	resp := runtime.Simulate(req)
	return &resp, nil
}

func (s *script) Ended() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := slices.Clone(s.ended)
	slices.Sort(e) // order between independent tasks is up to the scheduler
	return strings.Join(e, " ")
}

// allAgents replaces every agent of the content flow by a.
func allAgents(a runtime.Agent) []runtime.Option {
	return []runtime.Option{
		runtime.WithAgent("writer", a), runtime.WithAgent("painter", a), runtime.WithAgent("viewer", a),
		runtime.WithLookupEnv(noEnv),
	}
}

func bad(task string) error {
	return &runtime.APIError{Provider: "openai", StatusCode: 400, Message: "bad " + task}
}

func TestOnErrorCancel(t *testing.T) {
	defer goleak.VerifyNone(t)
	synctest.Test(t, func(t *testing.T) {
		// requirements fails at 1s while summary (1h) is in flight: the
		// Run is cancelled then; design, logo and caption never start.
		a := &script{
			delay: map[string]time.Duration{"summary": time.Hour},
			fail:  map[string]error{"requirements": bad("requirements")},
		}
		f, err := newContent(runtime.FlowConfig{Name: "content", OnError: runtime.Cancel}, allAgents(a)...)
		if err != nil {
			t.Fatalf("New: %v", err)
		}
		start := time.Now()
		out, err := f.Run(context.Background(), contentInput{Topic: "blue whales"})
		const want = `task "requirements" (agent "writer", custom): openai: HTTP 400: bad requirements`
		if err == nil || err.Error() != want {
			t.Fatalf("Run error = %v, want %s", err, want)
		}
		var te *runtime.TaskError
		if !errors.As(err, &te) || te.Task != "requirements" || te.Agent != "writer" || te.Provider != "custom" {
			t.Errorf("errors.As(*TaskError) = %+v, want requirements/writer/custom", te)
		}
		if got := time.Since(start); got != time.Second {
			t.Errorf("Run took %v, want 1s (cancelled at the failure)", got)
		}
		if got, want := a.Ended(), "requirements:failed summary:cancelled"; got != want {
			t.Errorf("calls ended %q, want %q", got, want)
		}
		if out.Requirements != "" || out.Summary != "" || out.Logo.Data != nil {
			t.Errorf("outputs = %+v, want none", out)
		}
	})
}

func TestOnErrorCancelKeepsCompletedOutputs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// summary (1s) completes before design fails (2s).
		a := &script{fail: map[string]error{"design": bad("design")}, delay: map[string]time.Duration{"logo": time.Hour}}
		f, err := newContent(runtime.FlowConfig{Name: "content"}, allAgents(a)...) // "" means cancel
		if err != nil {
			t.Fatalf("New: %v", err)
		}
		out, err := f.Run(context.Background(), contentInput{Topic: "blue whales"})
		var te *runtime.TaskError
		if !errors.As(err, &te) || te.Task != "design" {
			t.Fatalf("Run error = %v, want design's TaskError", err)
		}
		if out.Requirements != "requirements:f65c0a9e3f74" || out.Summary != "summary:c43d0eb5e80a" || out.Design != "" {
			t.Errorf("outputs = %q %q %q, want requirements and summary only", out.Requirements, out.Summary, out.Design)
		}
		if got, want := a.Ended(), "design:failed logo:cancelled requirements:ok summary:ok"; got != want {
			t.Errorf("calls ended %q, want %q", got, want)
		}
	})
}

func TestOnErrorContinue(t *testing.T) {
	defer goleak.VerifyNone(t)
	synctest.Test(t, func(t *testing.T) {
		// design and logo fail; caption (logo's successor) is skipped;
		// summary, independent, finishes.
		a := &script{fail: map[string]error{"design": bad("design"), "logo": bad("logo")}}
		f, err := newContent(runtime.FlowConfig{Name: "content", OnError: runtime.Continue}, allAgents(a)...)
		if err != nil {
			t.Fatalf("New: %v", err)
		}
		out, err := f.Run(context.Background(), contentInput{Topic: "blue whales"})
		if err == nil {
			t.Fatal("Run error = nil, want two failures")
		}
		joined, ok := err.(interface{ Unwrap() []error })
		if !ok {
			t.Fatalf("Run error %T is not an errors.Join", err)
		}
		var tasks []string
		for _, e := range joined.Unwrap() {
			var te *runtime.TaskError
			if !errors.As(e, &te) {
				t.Fatalf("joined error %v is not a *TaskError", e)
			}
			tasks = append(tasks, te.Task)
		}
		slices.Sort(tasks)
		if !slices.Equal(tasks, []string{"design", "logo"}) {
			t.Errorf("failed tasks = %v, want [design logo]", tasks)
		}
		for _, line := range []string{
			`task "design" (agent "writer", custom): openai: HTTP 400: bad design`,
			`task "logo" (agent "painter", custom): openai: HTTP 400: bad logo`,
		} {
			if !strings.Contains(err.Error(), line) {
				t.Errorf("Run error %q lacks line %q", err, line)
			}
		}
		if got, want := a.Ended(), "design:failed logo:failed requirements:ok summary:ok"; got != want {
			t.Errorf("calls ended %q, want %q", got, want)
		}
		if out.Requirements != "requirements:f65c0a9e3f74" || out.Summary != "summary:c43d0eb5e80a" || out.Caption != "" {
			t.Errorf("outputs = %+v", out)
		}
	})
}

func TestRunSucceedsWithoutLeaks(t *testing.T) {
	defer goleak.VerifyNone(t)
	f, err := newContent(runtime.FlowConfig{Name: "content"}, runtime.WithSimulation(), runtime.WithLookupEnv(noEnv))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	// Concurrent Runs of one Flow (docs/api.md#run), under -race.
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			out, err := f.Run(context.Background(), contentInput{Topic: "blue whales"})
			if err != nil || out.Caption != "caption:a40a8f8ffc8d" {
				t.Errorf("Run = %q, %v", out.Caption, err)
			}
		})
	}
	wg.Wait()
}

// TestCancelHangingCall cancels, in real time, a Run whose calls block
// until their context is done: Run must return within 50ms, with every
// goroutine ended.
func TestCancelHangingCall(t *testing.T) {
	defer goleak.VerifyNone(t)
	a := &recorder{block: true}
	f, err := newContent(runtime.FlowConfig{Name: "content"}, allAgents(a)...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	type result struct {
		err error
		at  time.Time
	}
	done := make(chan result, 1)
	go func() {
		_, err := f.Run(ctx, contentInput{Topic: "blue whales"})
		done <- result{err, time.Now()}
	}()
	for a.live.Load() < 2 { // requirements and summary are in flight
		time.Sleep(time.Millisecond)
	}
	cancelled := time.Now()
	cancel()
	select {
	case r := <-done:
		if d := r.at.Sub(cancelled); d > 50*time.Millisecond {
			t.Errorf("Run returned %v after cancel, want ≤ 50ms", d)
		}
		var te *runtime.TaskError
		if !errors.Is(r.err, context.Canceled) || !errors.As(r.err, &te) {
			t.Errorf("Run error = %v, want a *TaskError wrapping context.Canceled", r.err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return 5s after cancel")
	}
	if n := a.live.Load(); n != 0 {
		t.Errorf("%d agent calls still running after Run returned", n)
	}
}

func TestCancelledBeforeStart(t *testing.T) {
	a := &recorder{}
	f, err := newContent(runtime.FlowConfig{Name: "content", OnError: runtime.Continue}, allAgents(a)...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = f.Run(ctx, contentInput{Topic: "blue whales"})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Run error = %v, want context.Canceled", err)
	}
	if n := len(a.Calls()); n != 0 {
		t.Errorf("%d agent calls on a cancelled context, want 0", n)
	}
}

func TestMissingInput(t *testing.T) {
	f, err := newContent(runtime.FlowConfig{Name: "content"}, runtime.WithSimulation(), runtime.WithLookupEnv(noEnv))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	_, err = f.Run(context.Background(), contentInput{})
	var ie *runtime.InputError
	if !errors.As(err, &ie) || ie.Variable != "topic" || err.Error() != `input "topic" is required and empty` {
		t.Errorf("Run error = %v, want the InputError of topic", err)
	}
}

func TestPrompt(t *testing.T) {
	for _, tc := range []struct {
		input string
		after []string
		want  string
	}{
		{"a", nil, "a"},
		{"", nil, ""},
		{"", []string{"x"}, "x"},
		{"", []string{"x", "y"}, "x\n\ny"},
		{"a", []string{"x"}, "a\n\nx"},
		{"a", []string{"x", "", "y"}, "a\n\nx\n\n\n\ny"},
	} {
		if got := runtime.Prompt(tc.input, tc.after...); got != tc.want {
			t.Errorf("Prompt(%q, %q) = %q, want %q", tc.input, tc.after, got, tc.want)
		}
	}
}

// TestCancelWhileWaiting cancels a Run at 5s while its tasks wait: in a
// backoff, for the requests_per_minute limit, for the concurrency limit
// and for max_parallel. Run must return at 5s, with context.Canceled.
func TestCancelWhileWaiting(t *testing.T) {
	for _, tc := range []struct {
		name  string
		limit runtime.Limit
		fc    runtime.FlowConfig
		agent runtime.Agent
	}{
		{"backoff", runtime.Limit{}, runtime.FlowConfig{Name: "fan"},
			&failing{errs: []error{&runtime.APIError{StatusCode: 503, RetryAfter: 5 * time.Minute}}, n: 100}},
		{"requests_per_minute", runtime.Limit{RequestsPerMinute: 1}, runtime.FlowConfig{Name: "fan"}, &recorder{}},
		{"concurrency", runtime.Limit{Concurrency: 1}, runtime.FlowConfig{Name: "fan"}, &recorder{hold: time.Hour}},
		{"max_parallel", runtime.Limit{}, runtime.FlowConfig{Name: "fan", MaxParallel: 1}, &recorder{hold: time.Hour}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer goleak.VerifyNone(t)
			synctest.Test(t, func(t *testing.T) {
				ac := &runtime.AgentConfig{Name: "w", Provider: "openai", Kind: runtime.KindText, Limit: tc.limit,
					Retry: runtime.Retry{Attempts: 5}}
				f := newFan(t, 2, tc.fc, ac, tc.agent)
				ctx, cancel := context.WithCancel(context.Background())
				time.AfterFunc(5*time.Second, cancel)
				start := time.Now()
				_, err := f.Run(ctx)
				if got := time.Since(start); got != 5*time.Second {
					t.Errorf("Run returned after %v, want 5s", got)
				}
				var te *runtime.TaskError
				if !errors.Is(err, context.Canceled) || !errors.As(err, &te) {
					t.Errorf("Run error = %v, want a *TaskError wrapping context.Canceled", err)
				}
			})
		})
	}
}

// TestGate checks that a gate starts its task exactly once, when both its
// function is set and its last input has arrived, whichever comes last,
// and that Wait waits for the task.
func TestGate(t *testing.T) {
	rt := runtime.NewFlow(&runtime.FlowConfig{Name: "gates"}, runtime.WithLookupEnv(noEnv))
	for _, goFirst := range []bool{true, false} {
		r := rt.Start(context.Background())
		var started sync.WaitGroup
		started.Add(1)
		var runs int
		g := r.Gate(3)
		fn := func() {
			defer r.Done()
			runs++
			started.Done()
		}
		if goFirst {
			g.Go(fn)
		}
		g.Arrive()
		g.Arrive()
		if !goFirst {
			g.Go(fn)
		}
		if runs != 0 {
			t.Fatalf("goFirst=%v: the task ran before its last input", goFirst)
		}
		g.Arrive()
		started.Wait()
		if err := r.Wait(); err != nil {
			t.Fatal(err)
		}
		if runs != 1 {
			t.Errorf("goFirst=%v: the task ran %d times, want 1", goFirst, runs)
		}
	}
}

// TestGateConcurrentArrivals starts a task whose inputs arrive from many
// goroutines at once (run it with -race).
func TestGateConcurrentArrivals(t *testing.T) {
	rt := runtime.NewFlow(&runtime.FlowConfig{Name: "gates"}, runtime.WithLookupEnv(noEnv))
	for range 100 {
		r := rt.Start(context.Background())
		const n = 8
		var runs int
		g := r.Gate(n)
		var ready sync.WaitGroup
		for range n {
			ready.Go(g.Arrive)
		}
		g.Go(func() { defer r.Done(); runs++ })
		if err := r.Wait(); err != nil {
			t.Fatal(err)
		}
		ready.Wait()
		if runs != 1 {
			t.Fatalf("the task ran %d times, want 1", runs)
		}
	}
}

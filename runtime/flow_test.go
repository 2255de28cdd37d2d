package runtime_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/intelligen/intelligen/runtime"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// This file holds a hand-written copy of what intelligen generates for the
// flow below, so that the tests drive the runtime exactly as generated code
// does: one goroutine per task, one buffered typed channel per edge, closed
// by a deferred close so that a skipped task skips its successors.
//
//	flow "content" { on_error = "cancel" }
//	agent "writer"   { type = "text",   provider = "openai" }
//	agent "painter"  { type = "image",  provider = "openai" }
//	agent "viewer"   { type = "vision", provider = "anthropic" }
//	task "requirements" { agent = agent.writer, input = "Requirements for ${var.topic}" }
//	task "design"  { agent = agent.writer, input = "Design from:", after = [task.requirements] }
//	task "logo"    { agent = agent.painter, input = "Logo for ${task.requirements.output}" }
//	task "caption" { agent = agent.viewer, input = "Caption this", after = [task.logo] }
//	task "summary" { agent = agent.writer, input = "Summarize ${var.topic}" }

var (
	agentWriter = &runtime.AgentConfig{
		Name: "writer", Provider: "openai", Kind: runtime.KindText, Model: "gpt-4o-mini",
		APIKeyEnv: "OPENAI_API_KEY", KeyRequired: true,
		Retry: runtime.Retry{Attempts: 3, Backoff: time.Second, MaxBackoff: 30 * time.Second},
	}
	agentPainter = &runtime.AgentConfig{
		Name: "painter", Provider: "openai", Kind: runtime.KindImage, Model: "gpt-image-1",
		APIKeyEnv: "OPENAI_API_KEY", KeyRequired: true,
		Retry: runtime.Retry{Attempts: 3, Backoff: time.Second, MaxBackoff: 30 * time.Second},
	}
	agentViewer = &runtime.AgentConfig{
		Name: "viewer", Provider: "anthropic", Kind: runtime.KindVision,
		APIKeyEnv: "ANTHROPIC_API_KEY", KeyRequired: true,
		Retry: runtime.Retry{Attempts: 3, Backoff: time.Second, MaxBackoff: 30 * time.Second},
	}

	taskRequirements = &runtime.Task{Name: "requirements", Agent: agentWriter, Timeout: 120 * time.Second}
	taskDesign       = &runtime.Task{Name: "design", Agent: agentWriter, Timeout: 120 * time.Second}
	taskLogo         = &runtime.Task{Name: "logo", Agent: agentPainter, Timeout: 120 * time.Second}
	taskCaption      = &runtime.Task{Name: "caption", Agent: agentViewer, Timeout: 120 * time.Second}
	taskSummary      = &runtime.Task{Name: "summary", Agent: agentWriter, Timeout: 120 * time.Second}
)

type contentInput struct{ Topic string }

type contentOutput struct {
	Requirements string
	Design       string
	Logo         runtime.Image
	Caption      string
	Summary      string
}

type contentFlow struct {
	rt      *runtime.Flow
	writer  *runtime.Handle
	painter *runtime.Handle
	viewer  *runtime.Handle
}

// newContent is the generated New, with the flow's on_error and
// max_parallel as parameters so that tests can vary them.
func newContent(cfg runtime.FlowConfig, opts ...runtime.Option) (*contentFlow, error) {
	rt := runtime.NewFlow(&cfg, opts...)
	f := &contentFlow{rt: rt}
	f.writer = rt.Agent(agentWriter, noNetwork)
	f.painter = rt.Agent(agentPainter, noNetwork)
	f.viewer = rt.Agent(agentViewer, noNetwork)
	if err := rt.Err(); err != nil {
		return nil, err
	}
	return f, nil
}

// noNetwork stands for a provider package's New; tests never reach the
// network because they simulate or replace agents.
func noNetwork(runtime.ClientConfig) (runtime.Agent, error) {
	return runtime.AgentFunc(func(context.Context, *runtime.Request) (*runtime.Response, error) {
		return nil, errors.New("test used the network client")
	}), nil
}

// Run is the generated Run.
func (f *contentFlow) Run(ctx context.Context, in contentInput) (contentOutput, error) {
	if in.Topic == "" {
		return contentOutput{}, runtime.MissingInput("topic")
	}
	run := f.rt.Start(ctx)
	var out contentOutput
	requirementsToDesign := make(chan string, 1)
	requirementsToLogo := make(chan string, 1)
	logoToCaption := make(chan runtime.Image, 1)

	run.Go(func() {
		defer close(requirementsToDesign)
		defer close(requirementsToLogo)
		v, ok := run.Text(taskRequirements, f.writer, runtime.Prompt("Requirements for "+in.Topic))
		if !ok {
			return
		}
		out.Requirements = v
		requirementsToDesign <- v
		requirementsToLogo <- v
	})
	run.Go(func() {
		after0, ok := <-requirementsToDesign
		if !ok {
			return
		}
		v, ok := run.Text(taskDesign, f.writer, runtime.Prompt("Design from:", after0))
		if !ok {
			return
		}
		out.Design = v
	})
	run.Go(func() {
		defer close(logoToCaption)
		ref0, ok := <-requirementsToLogo
		if !ok {
			return
		}
		v, ok := run.Image(taskLogo, f.painter, runtime.Prompt("Logo for "+ref0))
		if !ok {
			return
		}
		out.Logo = v
		logoToCaption <- v
	})
	run.Go(func() {
		img, ok := <-logoToCaption
		if !ok {
			return
		}
		v, ok := run.Vision(taskCaption, f.viewer, runtime.Prompt("Caption this"), img)
		if !ok {
			return
		}
		out.Caption = v
	})
	run.Go(func() {
		v, ok := run.Text(taskSummary, f.writer, runtime.Prompt("Summarize "+in.Topic))
		if !ok {
			return
		}
		out.Summary = v
	})
	err := run.Wait()
	return out, err
}

// noEnv is a lookup that finds nothing, so tests never depend on the
// machine's environment.
func noEnv(string) (string, bool) { return "", false }

func envOf(kv ...string) func(string) (string, bool) {
	m := make(map[string]string)
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

// recorder is an Agent that answers every call with the simulator and
// records the calls it got and how many were in flight at once.
type recorder struct {
	mu    sync.Mutex
	calls []string // task names, in call order
	block bool     // block until the context is done
	live  atomic.Int32
	peak  atomic.Int32
	hold  time.Duration // time each call takes
}

func (r *recorder) Call(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
	r.mu.Lock()
	r.calls = append(r.calls, req.Task)
	r.mu.Unlock()
	n := r.live.Add(1)
	defer r.live.Add(-1)
	for {
		p := r.peak.Load()
		if n <= p || r.peak.CompareAndSwap(p, n) {
			break
		}
	}
	if r.block {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	if r.hold > 0 {
		select {
		case <-time.After(r.hold):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	resp := runtime.Simulate(req)
	return &resp, nil
}

func (r *recorder) Calls() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.calls...)
}

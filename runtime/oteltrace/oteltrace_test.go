package oteltrace_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"
	"go.uber.org/goleak"

	"github.com/intelligen/intelligen/runtime"
	"github.com/intelligen/intelligen/runtime/oteltrace"
)

var (
	writer = &runtime.AgentConfig{Name: "writer", Provider: "gemini", Kind: runtime.KindText, Model: "gemini-2.5-flash",
		Retry: runtime.Retry{Attempts: 2, Backoff: time.Millisecond, MaxBackoff: time.Millisecond}}
	embedder = &runtime.AgentConfig{Name: "embedder", Provider: "openai", Kind: runtime.KindEmbed,
		APIKeyEnv: "OPENAI_API_KEY", KeyRequired: true}
	draft = &runtime.Task{Name: "draft", Agent: writer, Timeout: time.Minute}
	index = &runtime.Task{Name: "index", Agent: embedder, Timeout: time.Minute}
)

const key = "sk-SENTINEL-oteltrace"

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// run is the generated code of a two-task flow: draft -> index. The
// writer's first try gets a 503, its second answers with usage; the
// embedder (a provider client) fails with the key in its message.
func run(t *testing.T, opt runtime.Option) error {
	t.Helper()
	tries := 0
	gemini := runtime.AgentFunc(func(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
		if tries++; tries == 1 {
			return nil, &runtime.APIError{Provider: "gemini", StatusCode: 503, Code: "UNAVAILABLE"}
		}
		return &runtime.Response{Text: "a draft", Model: "gemini-2.5-flash-001", Usage: runtime.Usage{InputTokens: 12, OutputTokens: 34}}, nil
	})
	leaky := func(cc runtime.ClientConfig) (runtime.Agent, error) {
		return runtime.AgentFunc(func(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
			return nil, &runtime.APIError{Provider: "openai", StatusCode: 401, Code: "invalid_api_key", Message: "bad key " + cc.APIKey.Reveal()}
		}), nil
	}
	rt := runtime.NewFlow(&runtime.FlowConfig{Name: "notes"}, opt,
		runtime.WithLookupEnv(func(k string) (string, bool) {
			if k == "OPENAI_API_KEY" {
				return key, true
			}
			return "", false
		}))
	w := rt.Agent(writer, func(runtime.ClientConfig) (runtime.Agent, error) { return gemini, nil })
	e := rt.Agent(embedder, leaky)
	if err := rt.Err(); err != nil {
		t.Fatalf("New: %v", err)
	}
	r := rt.Start(context.Background())
	draftToIndex := make(chan string, 1)
	r.Go(func() {
		defer close(draftToIndex)
		v, ok := r.Text(draft, w, "write")
		if !ok {
			return
		}
		draftToIndex <- v
	})
	r.Go(func() {
		p, ok := <-draftToIndex
		if !ok {
			return
		}
		r.Embed(index, e, runtime.Prompt("", p))
	})
	return r.Wait()
}

func TestSpans(t *testing.T) {
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	defer tp.Shutdown(context.Background())

	err := run(t, oteltrace.WithTracerProvider(tp))
	if err == nil || !strings.Contains(err.Error(), "invalid_api_key") {
		t.Fatalf("Run error = %v, want index's 401", err)
	}

	spans := exp.GetSpans()
	byName := map[string][]tracetest.SpanStub{}
	var names []string
	for _, s := range spans {
		byName[s.Name] = append(byName[s.Name], s)
		names = append(names, s.Name)
	}
	slices.Sort(names)
	want := []string{"chat gemini-2.5-flash", "chat gemini-2.5-flash", "embeddings", "invoke_agent draft", "invoke_agent index", "invoke_workflow notes"}
	if !slices.Equal(names, want) {
		t.Fatalf("spans = %q, want %q", names, want)
	}
	wf := byName["invoke_workflow notes"][0]
	agentDraft := byName["invoke_agent draft"][0]
	agentIndex := byName["invoke_agent index"][0]
	calls := byName["chat gemini-2.5-flash"]

	check := func(s tracetest.SpanStub, kind trace.SpanKind, parent trace.SpanContext, attrs string, status codes.Code) {
		t.Helper()
		if s.SpanKind != kind {
			t.Errorf("%s: kind %v, want %v", s.Name, s.SpanKind, kind)
		}
		if s.Parent.SpanID() != parent.SpanID() {
			t.Errorf("%s: parent %v, want %v", s.Name, s.Parent.SpanID(), parent.SpanID())
		}
		if got := attrString(s.Attributes); got != attrs {
			t.Errorf("%s: attributes\n%s\nwant\n%s", s.Name, got, attrs)
		}
		if s.Status.Code != status {
			t.Errorf("%s: status %v, want %v", s.Name, s.Status.Code, status)
		}
		for _, a := range s.Attributes {
			if strings.Contains(a.Value.Emit(), key) {
				t.Errorf("%s: key in attribute %s", s.Name, a.Key)
			}
		}
		if strings.Contains(s.Status.Description, key) {
			t.Errorf("%s: key in status %q", s.Name, s.Status.Description)
		}
	}
	check(wf, trace.SpanKindInternal, trace.SpanContext{},
		"error.type=invalid_api_key gen_ai.operation.name=invoke_workflow gen_ai.workflow.name=notes", codes.Error)
	check(agentDraft, trace.SpanKindInternal, wf.SpanContext,
		"gen_ai.agent.name=writer gen_ai.operation.name=invoke_agent gen_ai.provider.name=gcp.gemini gen_ai.request.model=gemini-2.5-flash intelligen.task=draft", codes.Unset)
	check(agentIndex, trace.SpanKindInternal, wf.SpanContext,
		"error.type=invalid_api_key gen_ai.agent.name=embedder gen_ai.operation.name=invoke_agent gen_ai.provider.name=openai intelligen.task=index", codes.Error)
	slices.SortFunc(calls, func(a, b tracetest.SpanStub) int { return a.StartTime.Compare(b.StartTime) })
	check(calls[0], trace.SpanKindClient, agentDraft.SpanContext,
		"error.type=UNAVAILABLE gen_ai.operation.name=chat gen_ai.provider.name=gcp.gemini gen_ai.request.model=gemini-2.5-flash intelligen.attempt=1 intelligen.task=draft", codes.Error)
	check(calls[1], trace.SpanKindClient, agentDraft.SpanContext,
		"gen_ai.operation.name=chat gen_ai.provider.name=gcp.gemini gen_ai.request.model=gemini-2.5-flash gen_ai.response.model=gemini-2.5-flash-001 gen_ai.usage.input_tokens=12 gen_ai.usage.output_tokens=34 intelligen.attempt=2 intelligen.task=draft", codes.Unset)
	check(byName["embeddings"][0], trace.SpanKindClient, agentIndex.SpanContext,
		"error.type=invalid_api_key gen_ai.operation.name=embeddings gen_ai.provider.name=openai intelligen.attempt=1 intelligen.task=index", codes.Error)
	if d := byName["embeddings"][0].Status.Description; d != "openai: HTTP 401 invalid_api_key: bad key [REDACTED]" {
		t.Errorf("embeddings status = %q, want the redacted error", d)
	}
}

func attrString(kvs []attribute.KeyValue) string {
	var s []string
	for _, kv := range kvs {
		s = append(s, fmt.Sprintf("%s=%s", kv.Key, kv.Value.Emit()))
	}
	slices.Sort(s)
	return strings.Join(s, " ")
}

// TestNoopProvider checks that with a provider that records nothing the
// flow runs as usual.
func TestNoopProvider(t *testing.T) {
	err := run(t, oteltrace.WithTracerProvider(noop.NewTracerProvider()))
	if err == nil || !strings.Contains(err.Error(), "bad key [REDACTED]") {
		t.Fatalf("Run error = %v, want index's redacted 401", err)
	}
	err = run(t, oteltrace.WithTracing()) // the global provider, a no-op by default
	if err == nil || !strings.Contains(err.Error(), "bad key [REDACTED]") {
		t.Fatalf("Run error = %v, want index's redacted 401", err)
	}
}

func TestErrorType(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&runtime.APIError{StatusCode: 429, Code: "rate_limit_exceeded"}, "rate_limit_exceeded"},
		{fmt.Errorf("x: %w", &runtime.APIError{StatusCode: 500}), "500"},
		{context.DeadlineExceeded, "timeout"},
		{context.Canceled, "canceled"},
		{fmt.Errorf("boom"), "_OTHER"},
	} {
		if got := oteltrace.ErrorType(tc.err); got != tc.want {
			t.Errorf("ErrorType(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}

// BenchmarkRun measures what tracing adds to a Run of 5 simulated tasks:
// off, on with the default (no-op) global provider, and on with an SDK
// provider that records every span.
func BenchmarkRun(b *testing.B) {
	ac := &runtime.AgentConfig{Name: "w", Provider: "openai", Kind: runtime.KindText, Model: "gpt-4o-mini"}
	var tasks []*runtime.Task
	for _, name := range []string{"t0", "t1", "t2", "t3", "t4"} {
		tasks = append(tasks, &runtime.Task{Name: name, Agent: ac})
	}
	sdk := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sdktrace.NewSimpleSpanProcessor(tracetest.NewNoopExporter())))
	defer sdk.Shutdown(context.Background())
	for _, bc := range []struct {
		name string
		opt  runtime.Option
	}{{"off", nil}, {"noop", oteltrace.WithTracing()}, {"sdk", oteltrace.WithTracerProvider(sdk)}} {
		b.Run(bc.name, func(b *testing.B) {
			rt := runtime.NewFlow(&runtime.FlowConfig{Name: "fan"}, runtime.WithSimulation(), bc.opt)
			h := rt.Agent(ac, nil)
			b.ReportAllocs()
			for b.Loop() {
				r := rt.Start(context.Background())
				for _, task := range tasks {
					r.Go(func() { r.Text(task, h, "go") })
				}
				if err := r.Wait(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

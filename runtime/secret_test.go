package runtime_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/intelligen/intelligen/runtime"
)

const sentinelKey = "sk-SENTINEL-0123456789abcdef"

// TestSecretNeverPrinted checks every way a key could be printed: fmt
// verbs, slog text and JSON, json.Marshal of a ClientConfig, and errors
// from a careless provider client that puts the key in its messages.
func TestSecretNeverPrinted(t *testing.T) {
	var captured runtime.ClientConfig
	leaky := func(cc runtime.ClientConfig) (runtime.Agent, error) {
		captured = cc
		return runtime.AgentFunc(func(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
			switch req.Task {
			case "design":
				return nil, &runtime.APIError{Provider: "openai", StatusCode: 401, Code: "invalid_api_key",
					Message: "Incorrect API key provided: " + cc.APIKey.Reveal()}
			default:
				return nil, fmt.Errorf("post https://api.example/v1?key=%s: %w", cc.APIKey.Reveal(), context.Canceled)
			}
		}), nil
	}
	var text, js bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&text, nil))
	jsonLogger := slog.New(slog.NewJSONHandler(&js, nil))

	rt := runtime.NewFlow(&runtime.FlowConfig{Name: "leak", OnError: runtime.Continue},
		runtime.WithLogger(logger), runtime.WithLookupEnv(envOf("OPENAI_API_KEY", sentinelKey)))
	h := rt.Agent(agentWriter, leaky)
	if err := rt.Err(); err != nil {
		t.Fatalf("New: %v", err)
	}
	if captured.APIKey.Reveal() != sentinelKey {
		t.Fatalf("client got key %q, want the sentinel", captured.APIKey.Reveal())
	}
	run := rt.Start(context.Background())
	logged := &runtime.Task{Name: "design", Agent: agentWriter, Log: true, Timeout: time.Minute}
	other := &runtime.Task{Name: "other", Agent: agentWriter, Log: true, Timeout: time.Minute}
	run.Go(func() { run.Text(logged, h, "x") })
	run.Go(func() { run.Text(other, h, "y") })
	err := run.Wait()
	if err == nil {
		t.Fatal("Run error = nil, want two failures")
	}
	var apiErr *runtime.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 401 || apiErr.Message != "Incorrect API key provided: [REDACTED]" {
		t.Errorf("errors.As(*APIError) = %+v, want the 401 with the key redacted", apiErr)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("scrubbed error no longer matches context.Canceled: %v", err)
	}
	jsonLogger.Info("config", "cc", captured, "key", captured.APIKey)
	logger.Info("config", "cc", captured, "key", captured.APIKey)

	var printed []string
	for _, v := range []any{captured, &captured, captured.APIKey} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
			printed = append(printed, fmt.Sprintf(verb, v))
		}
	}
	b, jerr := json.Marshal(captured)
	if jerr != nil {
		t.Errorf("json.Marshal(ClientConfig): %v", jerr)
	}
	printed = append(printed, string(b), err.Error(), fmt.Sprintf("%+v", err), apiErr.Error(), text.String(), js.String())
	for _, p := range printed {
		if strings.Contains(p, sentinelKey) || strings.Contains(p, "SENTINEL") {
			t.Errorf("key printed: %s", p)
		}
	}
	if !strings.Contains(text.String(), "Incorrect API key provided: [REDACTED]") {
		t.Errorf("text log lacks the redacted error:\n%s", text.String())
	}
	if got := fmt.Sprintf("%q|%v|%#v", captured.APIKey, captured.APIKey, captured.APIKey); got != `"[REDACTED]"|[REDACTED]|[REDACTED]` {
		t.Errorf("Secret formats as %s", got)
	}
	if !strings.Contains(string(b), `"APIKey":"[REDACTED]"`) {
		t.Errorf("json.Marshal(ClientConfig) = %s, want APIKey [REDACTED]", b)
	}
}

// TestNewErrors checks New's errors: a missing required key names its
// variable; WithAgent and simulation need no key.
func TestNewErrors(t *testing.T) {
	_, err := newContent(runtime.FlowConfig{Name: "content"}, runtime.WithLookupEnv(envOf("OPENAI_API_KEY", "k")))
	const want = `agent "viewer" (anthropic): environment variable ANTHROPIC_API_KEY is not set: set it to your API key, or run in simulation (INTELLIGEN_SIMULATE=1)`
	if err == nil || err.Error() != want {
		t.Errorf("New error = %v, want %s", err, want)
	}
	var ke *runtime.KeyError
	if !errors.As(err, &ke) || *ke != (runtime.KeyError{Agent: "viewer", Provider: "anthropic", Variable: "ANTHROPIC_API_KEY"}) {
		t.Errorf("errors.As(*KeyError) = %+v, want viewer/anthropic/ANTHROPIC_API_KEY", ke)
	}

	_, err = newContent(runtime.FlowConfig{Name: "content"}, runtime.WithLookupEnv(noEnv))
	if err == nil || !strings.Contains(err.Error(), "OPENAI_API_KEY") || !strings.Contains(err.Error(), "ANTHROPIC_API_KEY") {
		t.Errorf("New error = %v, want both variables named", err)
	}
	if n := strings.Count(err.Error(), "\n") + 1; n != 3 {
		t.Errorf("New error has %d lines, want one per agent (3):\n%v", n, err)
	}

	if _, err := newContent(runtime.FlowConfig{Name: "content"}, runtime.WithSimulation(), runtime.WithLookupEnv(noEnv)); err != nil {
		t.Errorf("New with simulation: %v", err)
	}
	if _, err := newContent(runtime.FlowConfig{Name: "content"}, allAgents(&recorder{})...); err != nil {
		t.Errorf("New with every agent replaced: %v", err)
	}
	// Replacing one agent leaves the others needing their keys.
	_, err = newContent(runtime.FlowConfig{Name: "content"}, runtime.WithAgent("viewer", &recorder{}), runtime.WithLookupEnv(envOf("OPENAI_API_KEY", "k")))
	if err != nil {
		t.Errorf("New with viewer replaced and OPENAI_API_KEY set: %v", err)
	}

	_, err = newContent(runtime.FlowConfig{Name: "content"}, runtime.WithSimulation(), runtime.WithAgent("wrtier", &recorder{}))
	if err == nil || err.Error() != `WithAgent("wrtier"): the flow has no agent of that name` {
		t.Errorf("New error = %v, want the unknown WithAgent name", err)
	}

	rt := runtime.NewFlow(&runtime.FlowConfig{Name: "x"}, runtime.WithLookupEnv(envOf("OPENAI_API_KEY", sentinelKey)))
	rt.Agent(agentWriter, func(cc runtime.ClientConfig) (runtime.Agent, error) {
		return nil, fmt.Errorf("bad key %s", cc.APIKey.Reveal())
	})
	if err := rt.Err(); err == nil || err.Error() != `agent "writer" (openai): bad key [REDACTED]` {
		t.Errorf("Err() = %v, want the constructor's error with the key redacted", err)
	}
}

// TestLogging checks the log lines of docs/api.md#run exactly, under synctest so
// that durations are exact.
func TestLogging(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var buf bytes.Buffer
		logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{
			ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
				if a.Key == slog.TimeKey {
					return slog.Attr{}
				}
				return a
			},
		}))
		var flaky atomic.Int32
		a := runtime.AgentFunc(func(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
			time.Sleep(1500 * time.Millisecond)
			if req.Task == "fails" {
				return nil, &runtime.APIError{Provider: "openai", StatusCode: 400, Message: "no"}
			}
			if flaky.Add(1) == 1 {
				h := http.Header{"Retry-After": {"2"}}
				after, _ := runtime.RetryHint(h)
				return nil, &runtime.APIError{Provider: "openai", StatusCode: 503, RetryAfter: after}
			}
			return &runtime.Response{Text: "hello", Model: "gpt-4o-mini-2024-07-18", Usage: runtime.Usage{InputTokens: 3, OutputTokens: 1}}, nil
		})
		rt := runtime.NewFlow(&runtime.FlowConfig{Name: "log"}, runtime.WithAgent("writer", a),
			runtime.WithLogger(logger), runtime.WithLookupEnv(noEnv))
		h := rt.Agent(agentWriter, noNetwork)
		run := rt.Start(context.Background())
		run.Go(func() {
			run.Text(&runtime.Task{Name: "greet", Agent: agentWriter, Log: true, Timeout: time.Minute}, h, "hi")
		})
		run.Go(func() { run.Text(&runtime.Task{Name: "quiet", Agent: agentWriter, Timeout: time.Minute}, h, "hi") })
		if err := run.Wait(); err != nil {
			t.Fatalf("Run: %v", err)
		}
		run = rt.Start(context.Background())
		run.Go(func() {
			run.Text(&runtime.Task{Name: "fails", Agent: agentWriter, Log: true, Timeout: time.Minute}, h, "hi")
		})
		_ = run.Wait()

		got := buf.String()
		// greet and quiet run at once; only greet logs. Whichever call
		// came first got the 503, so greet made 1 or 2 tries.
		want1 := `level=INFO msg="task start" task=greet agent=writer provider=custom model=gpt-4o-mini
level=INFO msg="task done" task=greet agent=writer provider=custom model=gpt-4o-mini-2024-07-18 duration=1.5s attempts=1 output_size=5 input_tokens=3 output_tokens=1
level=INFO msg="task start" task=fails agent=writer provider=custom model=gpt-4o-mini
level=ERROR msg="task failed" task=fails agent=writer provider=custom model=gpt-4o-mini duration=1.5s attempts=1 error="openai: HTTP 400: no"
`
		want2 := `level=INFO msg="task start" task=greet agent=writer provider=custom model=gpt-4o-mini
level=WARN msg="task retry" task=greet agent=writer provider=custom attempt=1 wait=2s error="openai: HTTP 503"
level=INFO msg="task done" task=greet agent=writer provider=custom model=gpt-4o-mini-2024-07-18 duration=5s attempts=2 output_size=5 input_tokens=3 output_tokens=1
level=INFO msg="task start" task=fails agent=writer provider=custom model=gpt-4o-mini
level=ERROR msg="task failed" task=fails agent=writer provider=custom model=gpt-4o-mini duration=1.5s attempts=1 error="openai: HTTP 400: no"
`
		if got != want1 && got != want2 {
			t.Errorf("log =\n%s\nwant\n%s\nor\n%s", got, want1, want2)
		}
	})
}

// TestDefaultLoggerIsStderr checks that without WithLogger, task logs go to
// stderr as text, and nothing to stdout.
func TestDefaultLoggerIsStderr(t *testing.T) {
	outR, outW, _ := os.Pipe()
	errR, errW, _ := os.Pipe()
	stdout, stderr := os.Stdout, os.Stderr
	os.Stdout, os.Stderr = outW, errW
	rt := runtime.NewFlow(&runtime.FlowConfig{Name: "x"}, runtime.WithSimulation(), runtime.WithLookupEnv(noEnv))
	os.Stdout, os.Stderr = stdout, stderr
	h := rt.Agent(agentWriter, noNetwork)
	run := rt.Start(context.Background())
	run.Go(func() { run.Text(&runtime.Task{Name: "greet", Agent: agentWriter, Log: true}, h, "hi") })
	if err := run.Wait(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	outW.Close()
	errW.Close()
	out, _ := io.ReadAll(outR)
	logs, _ := io.ReadAll(errR)
	if len(out) != 0 {
		t.Errorf("stdout = %q, want nothing", out)
	}
	for _, want := range []string{`level=INFO msg="task start" task=greet agent=writer provider=openai model=gpt-4o-mini`, `msg="task done" task=greet`, "output_size=18"} {
		if !strings.Contains(string(logs), want) {
			t.Errorf("stderr lacks %q:\n%s", want, logs)
		}
	}
}

// TestRetryLogScrubbed checks that the "task retry" log line, written
// before the error reaches the Run, does not print the key either.
func TestRetryLogScrubbed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var buf bytes.Buffer
		logger := slog.New(slog.NewTextHandler(&buf, nil))
		var tries atomic.Int32
		leaky := func(cc runtime.ClientConfig) (runtime.Agent, error) {
			return runtime.AgentFunc(func(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
				if tries.Add(1) == 1 {
					return nil, &runtime.APIError{Provider: "openai", StatusCode: 503, Message: "busy for " + cc.APIKey.Reveal()}
				}
				return &runtime.Response{Text: "ok"}, nil
			}), nil
		}
		rt := runtime.NewFlow(&runtime.FlowConfig{Name: "retry"},
			runtime.WithLogger(logger), runtime.WithLookupEnv(envOf("OPENAI_API_KEY", sentinelKey)))
		h := rt.Agent(agentWriter, leaky)
		if err := rt.Err(); err != nil {
			t.Fatalf("New: %v", err)
		}
		run := rt.Start(context.Background())
		run.Go(func() {
			run.Text(&runtime.Task{Name: "greet", Agent: agentWriter, Log: true, Timeout: time.Minute}, h, "hi")
		})
		if err := run.Wait(); err != nil {
			t.Fatalf("Run: %v", err)
		}
		logs := buf.String()
		if strings.Contains(logs, sentinelKey) || !strings.Contains(logs, `msg="task retry"`) ||
			!strings.Contains(logs, `error="openai: HTTP 503: busy for [REDACTED]"`) {
			t.Errorf("log = %s, want a task retry line with the key redacted", logs)
		}
	})
}

func TestRedact(t *testing.T) {
	key40 := "sk-" + strings.Repeat("abcdefghij", 3) + "0123456"
	for _, tt := range []struct{ s, key, want string }{
		// Short keys are no secrets: ordinary words stay whole.
		{"stability: HTTP 401", "b", "stability: HTTP 401"},
		{"stability: HTTP 401 ab", "ab", "stability: HTTP 401 ab"},
		// Whole tokens go, so no fragment of the key is left around it.
		{"Incorrect API key provided: " + key40 + ".", key40, "Incorrect API key provided: [REDACTED]"},
		{"url https://x/v1?key=" + key40 + "&a=1 failed", key40, "url [REDACTED] failed"},
		{`{"key":"` + key40 + `"}`, key40, `{"key":"[REDACTED]"}`},
		{"stability " + key40 + " stability", key40, "stability [REDACTED] stability"},
		// A key cut short at 8 bytes or more is still the key.
		{"echo: " + key40[:8], key40, "echo: [REDACTED]"},
		{"echo: " + key40[:20] + " (request r1)", key40, "echo: [REDACTED] (request r1)"},
		{"echo: " + key40[:7], key40, "echo: " + key40[:7]},
		{"masked: " + key40[:10] + "****" + key40[36:], key40, "masked: [REDACTED]"},
		{"no key here", key40, "no key here"},
	} {
		if got := runtime.Redact(tt.s, runtime.Secret(tt.key)); got != tt.want {
			t.Errorf("Redact(%q, %d-byte key) = %q, want %q", tt.s, len(tt.key), got, tt.want)
		}
	}
}

// The scrubbed error keeps nothing unredacted that reflection could reach
// (a go-cmp or spew dump walks unexported fields), yet still matches its
// sentinels and unwraps to a redacted *APIError.
func TestScrubbedErrorHoldsNoKey(t *testing.T) {
	leaky := func(cc runtime.ClientConfig) (runtime.Agent, error) {
		return runtime.AgentFunc(func(ctx context.Context, req *runtime.Request) (*runtime.Response, error) {
			return nil, fmt.Errorf("call: %w: %w", &runtime.APIError{Provider: "openai", StatusCode: 401,
				Message: "bad key " + cc.APIKey.Reveal()}, context.Canceled)
		}), nil
	}
	rt := runtime.NewFlow(&runtime.FlowConfig{Name: "leak", OnError: runtime.Continue},
		runtime.WithLookupEnv(envOf("OPENAI_API_KEY", sentinelKey)))
	h := rt.Agent(agentWriter, leaky)
	run := rt.Start(context.Background())
	task := &runtime.Task{Name: "t", Agent: agentWriter, Timeout: time.Minute}
	run.Go(func() { run.Text(task, h, "x") })
	err := run.Wait()
	if err == nil {
		t.Fatal("no error")
	}
	var apiErr *runtime.APIError
	if !errors.As(err, &apiErr) || apiErr.Message != "bad key [REDACTED]" {
		t.Errorf("errors.As(*APIError) = %+v", apiErr)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error no longer matches context.Canceled: %v", err)
	}
	if s := reachableStrings(reflect.ValueOf(err), map[uintptr]bool{}); strings.Contains(s, sentinelKey[:8]) {
		t.Errorf("the key is reachable by reflection from the error: %q", s)
	}
}

// reachableStrings concatenates every string reachable from v, through
// unexported fields too.
func reachableStrings(v reflect.Value, seen map[uintptr]bool) string {
	switch v.Kind() {
	case reflect.String:
		return v.String() + "\n"
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return ""
		}
		if v.Kind() == reflect.Pointer {
			if seen[v.Pointer()] {
				return ""
			}
			seen[v.Pointer()] = true
		}
		return reachableStrings(v.Elem(), seen)
	case reflect.Struct:
		var b strings.Builder
		for i := range v.NumField() {
			b.WriteString(reachableStrings(v.Field(i), seen))
		}
		return b.String()
	case reflect.Slice, reflect.Array:
		var b strings.Builder
		for i := range v.Len() {
			b.WriteString(reachableStrings(v.Index(i), seen))
		}
		return b.String()
	}
	return ""
}

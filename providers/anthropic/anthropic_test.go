package anthropic_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/intelligen/intelligen/providers/anthropic"
	"github.com/intelligen/intelligen/providers/internal/clienttest"
	"github.com/intelligen/intelligen/providers/providertest"
	"github.com/intelligen/intelligen/runtime"
)

// key is the fake's API key; it must never appear in an error.
const key = "sk-ant-test-0123456789"

// png is enough of a PNG for content sniffing.
var png = []byte("\x89PNG\r\n\x1a\nfake image data")

// setup starts a fake and a client of kind for it.
func setup(t *testing.T, kind runtime.Kind, model string) (*providertest.Server, runtime.Agent) {
	t.Helper()
	srv := providertest.NewAnthropic(key)
	t.Cleanup(srv.Close)
	return srv, clienttest.New(t, anthropic.New, runtime.ClientConfig{
		Agent:   &runtime.AgentConfig{Name: "a", Provider: "anthropic", Kind: kind, Model: model},
		APIKey:  key,
		BaseURL: srv.URL,
	})
}

// checkHeaders asserts the request line and headers of the last request.
func checkHeaders(t *testing.T, r providertest.Request) {
	t.Helper()
	if r.Method != http.MethodPost || r.Path != "/v1/messages" || r.Query != "" {
		t.Errorf("request = %s %s?%s, want POST /v1/messages", r.Method, r.Path, r.Query)
	}
	for h, want := range map[string]string{
		"X-Api-Key":         key,
		"Anthropic-Version": "2023-06-01",
		"Content-Type":      "application/json",
		"Authorization":     "",
	} {
		if got := r.Header.Get(h); got != want {
			if h == "X-Api-Key" {
				t.Errorf("header %s is not the API key", h) // never print the key
			} else {
				t.Errorf("header %s = %q, want %q", h, got, want)
			}
		}
	}
}

func TestText(t *testing.T) {
	srv, a := setup(t, runtime.KindText, "claude-haiku-4-5") // takes temperature
	resp, err := a.Call(context.Background(), &runtime.Request{
		Kind: runtime.KindText, Mission: "be brief", Prompt: "say hi",
		Params: &runtime.Params{
			Temperature: new(0.2), MaxTokens: 64, Seed: new(int64(7)),
			Stop: []string{"END"}, Size: "1024x1024", Voice: "alloy", Dimensions: 3,
		},
	})
	if err != nil {
		t.Fatalf("Call: %v", err)
	}
	checkHeaders(t, srv.Last())
	clienttest.GoldenJSON(t, "text.json", srv.Last().Body)
	want := runtime.Response{Text: "claude-haiku-4-5: say hi", Model: "claude-haiku-4-5", Usage: runtime.Usage{InputTokens: 4, OutputTokens: 3}}
	if fmt.Sprint(*resp) != fmt.Sprint(want) {
		t.Errorf("response = %+v, want %+v", *resp, want)
	}
}

// TestSampling: temperature with top_p goes to models that take them
// together; for the models that take one of them, or neither (the default
// among them), the client fails before sending, as the API would answer
// 400.
func TestSampling(t *testing.T) {
	both := &runtime.Params{Temperature: new(0.2), TopP: new(0.9)}
	for _, tc := range []struct {
		model  string
		params *runtime.Params
		want   string
	}{
		{"claude-haiku-4-5", both, "anthropic: model claude-haiku-4-5 does not accept temperature and top_p together: set only one of them"},
		{"claude-opus-4-1-20250805", both, "anthropic: model claude-opus-4-1-20250805 does not accept temperature and top_p together: set only one of them"},
		{"", &runtime.Params{Temperature: new(0.2)}, "anthropic: model claude-sonnet-5 takes no temperature nor top_p: remove them"},
		{"claude-opus-4-7", &runtime.Params{TopP: new(0.5)}, "anthropic: model claude-opus-4-7 takes no temperature nor top_p: remove them"},
	} {
		srv, a := setup(t, runtime.KindText, tc.model)
		_, err := a.Call(context.Background(), &runtime.Request{Kind: runtime.KindText, Prompt: "x", Params: tc.params})
		if err == nil || err.Error() != tc.want {
			t.Errorf("model %q: err = %v, want %s", tc.model, err, tc.want)
		}
		clienttest.NoRequests(t, srv)
	}
	// A model set at run time is checked too.
	srv, a := setup(t, runtime.KindText, "claude-3-7-sonnet-latest")
	if _, err := a.Call(context.Background(), &runtime.Request{Kind: runtime.KindText, Model: "claude-sonnet-4-5", Prompt: "x", Params: both}); err == nil {
		t.Error("request model claude-sonnet-4-5: no error")
	}
	clienttest.NoRequests(t, srv)
	if _, err := a.Call(context.Background(), &runtime.Request{Kind: runtime.KindText, Prompt: "x", Params: both}); err != nil {
		t.Errorf("claude-3-7-sonnet-latest: %v", err)
	}
	if body := string(srv.Last().Body); !strings.Contains(body, `"temperature":0.2,"top_p":0.9`) {
		t.Errorf("body = %s, want temperature and top_p", body)
	}
	// What the guard prevents: the fake answers as the API does.
	for extra, msg := range map[string]string{
		`{"model":"claude-sonnet-4-5","temperature":0.2,"top_p":0.9}`: "`temperature` and `top_p` cannot both be specified for this model. Please use only one.",
		`{"model":"claude-sonnet-5","temperature":0.2}`:               "`temperature` is deprecated for this model.",
	} {
		_, err := a.Call(context.Background(), &runtime.Request{Kind: runtime.KindText, Prompt: "x", Params: &runtime.Params{Extra: json.RawMessage(extra)}})
		var e *runtime.APIError
		if !errors.As(err, &e) || e.StatusCode != 400 || e.Code != "invalid_request_error" || e.Message != msg {
			t.Errorf("extra %s: err = %v, want the API's 400 %q", extra, err, msg)
		}
	}
}

func TestTextDefaults(t *testing.T) {
	// No params, no mission, the agent's model; Kind from the agent.
	srv, a := setup(t, runtime.KindText, "claude-x")
	resp, err := a.Call(context.Background(), &runtime.Request{Prompt: "hello there"})
	if err != nil {
		t.Fatalf("Call: %v", err)
	}
	clienttest.GoldenJSON(t, "text_defaults.json", srv.Last().Body)
	if resp.Text != "claude-x: hello there" || resp.Model != "claude-x" || resp.Usage != (runtime.Usage{InputTokens: 2, OutputTokens: 3}) {
		t.Errorf("response = %+v", *resp)
	}
}

func TestTextRequestModelWins(t *testing.T) {
	srv, a := setup(t, runtime.KindText, "claude-agent")
	resp, err := a.Call(context.Background(), &runtime.Request{Kind: runtime.KindText, Model: "claude-task", Prompt: "x"})
	if err != nil {
		t.Fatalf("Call: %v", err)
	}
	if resp.Model != "claude-task" || !bytes.Contains(srv.Last().Body, []byte(`"model":"claude-task"`)) {
		t.Errorf("model = %q, body %s", resp.Model, srv.Last().Body)
	}
}

func TestExtra(t *testing.T) {
	srv, a := setup(t, runtime.KindText, "claude-haiku-4-5") // takes top_k
	resp, err := a.Call(context.Background(), &runtime.Request{
		Kind: runtime.KindText, Prompt: "one two three four",
		Params: &runtime.Params{MaxTokens: 100, Extra: json.RawMessage(`{"top_k": 5, "max_tokens": 3, "metadata": {"user_id": "u1"}}`)},
	})
	if err != nil {
		t.Fatalf("Call: %v", err)
	}
	clienttest.GoldenJSON(t, "extra.json", srv.Last().Body)
	// extra's max_tokens won: the fake cut the answer to 3 words.
	if resp.Text != "claude-haiku-4-5: one two" {
		t.Errorf("text = %q, want %q", resp.Text, "claude-haiku-4-5: one two")
	}
}

func TestExtraNotObject(t *testing.T) {
	srv, a := setup(t, runtime.KindText, "")
	_, err := a.Call(context.Background(), &runtime.Request{Kind: runtime.KindText, Prompt: "x", Params: &runtime.Params{Extra: json.RawMessage(`[1]`)}})
	want := "anthropic: encode request: params.extra is not a JSON object: json: cannot unmarshal array into Go value of type map[string]json.RawMessage"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
	clienttest.NoRequests(t, srv)
}

func TestVision(t *testing.T) {
	srv, a := setup(t, runtime.KindVision, "")
	resp, err := a.Call(context.Background(), &runtime.Request{
		Kind: runtime.KindVision, Mission: "describe images", Prompt: "what is this",
		Images: []runtime.Image{{Data: png}, {MIME: "image/jpeg", Data: []byte{0xff, 0xd8, 0xff}}}, // the first MIME sniffed
		Params: &runtime.Params{MaxTokens: 200},
	})
	if err != nil {
		t.Fatalf("Call: %v", err)
	}
	checkHeaders(t, srv.Last())
	clienttest.GoldenJSON(t, "vision.json", srv.Last().Body)
	if want := fmt.Sprintf("claude-sonnet-5: what is this [image/png %d bytes] [image/jpeg 3 bytes]", len(png)); resp.Text != want {
		t.Errorf("text = %q, want %q", resp.Text, want)
	}
}

func TestVisionNoPrompt(t *testing.T) {
	srv, a := setup(t, runtime.KindVision, "")
	resp, err := a.Call(context.Background(), &runtime.Request{Kind: runtime.KindVision, Images: []runtime.Image{{MIME: "image/jpeg", Data: []byte{0xff, 0xd8, 0xff}}}})
	if err != nil {
		t.Fatalf("Call: %v", err)
	}
	clienttest.GoldenJSON(t, "vision_no_prompt.json", srv.Last().Body)
	if want := "claude-sonnet-5:  [image/jpeg 3 bytes]"; resp.Text != want {
		t.Errorf("text = %q, want %q", resp.Text, want)
	}
}

func TestVisionBadInput(t *testing.T) {
	srv, a := setup(t, runtime.KindVision, "")
	for _, tc := range []struct {
		imgs []runtime.Image
		want string
	}{
		{nil, "anthropic: vision request has no image"},
		{[]runtime.Image{{MIME: "image/png"}}, "anthropic: vision request image 1 has no data"},
		{[]runtime.Image{{Data: []byte{0xff, 0xd8, 0xff}}, {}}, "anthropic: vision request image 2 has no data"},
		{[]runtime.Image{{MIME: "image/tiff", Data: []byte("II*")}}, `anthropic: image type "image/tiff" is not supported: use image/jpeg, image/png, image/gif or image/webp`},
		{[]runtime.Image{{Data: []byte("plain text")}}, `anthropic: image type "text/plain; charset=utf-8" is not supported: use image/jpeg, image/png, image/gif or image/webp`},
	} {
		_, err := a.Call(context.Background(), &runtime.Request{Kind: runtime.KindVision, Prompt: "x", Images: tc.imgs})
		if err == nil || err.Error() != tc.want {
			t.Errorf("err = %v, want %s", err, tc.want)
		}
	}
	clienttest.NoRequests(t, srv)
}

func TestUnsupportedKind(t *testing.T) {
	_, err := anthropic.New(runtime.ClientConfig{Agent: &runtime.AgentConfig{Name: "a", Kind: runtime.KindEmbed}})
	want := `anthropic: agent type "embed" is not supported (supported: text, vision)`
	if err == nil || err.Error() != want {
		t.Errorf("New: err = %v, want %s", err, want)
	}
	_, a := setup(t, runtime.KindText, "")
	_, err = a.Call(context.Background(), &runtime.Request{Kind: runtime.KindImage, Prompt: "x"})
	want = `anthropic: agent type "image" is not supported (supported: text, vision)`
	if err == nil || err.Error() != want {
		t.Errorf("Call: err = %v, want %s", err, want)
	}
}

func TestRefusal(t *testing.T) {
	_, a := setup(t, runtime.KindText, "")
	_, err := a.Call(context.Background(), &runtime.Request{Kind: runtime.KindText, Prompt: "REFUSE this"})
	want := `anthropic: model claude-sonnet-5: model refused to answer (stop_reason "refusal")`
	if !errors.Is(err, anthropic.ErrRefused) || err.Error() != want || runtime.Temporary(err) {
		t.Errorf("err = %v, want %s, not temporary", err, want)
	}
}

func TestDefaultBaseURL(t *testing.T) {
	var got string
	hc := &http.Client{Transport: clienttest.RoundTripFunc(func(r *http.Request) (*http.Response, error) {
		got = r.URL.String()
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(
			`{"type":"message","content":[{"type":"text","text":"ok"}],"usage":{"input_tokens":1,"output_tokens":1}}`))}, nil
	})}
	a, err := anthropic.New(runtime.ClientConfig{Agent: &runtime.AgentConfig{Kind: runtime.KindText}, APIKey: key, HTTPClient: hc})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := a.Call(context.Background(), &runtime.Request{Prompt: "x"})
	// No model in the answer: the requested one is reported.
	if err != nil || resp.Text != "ok" || resp.Model != anthropic.DefaultModel {
		t.Fatalf("Call = %+v, %v", resp, err)
	}
	if got != "https://api.anthropic.com/v1/messages" {
		t.Errorf("URL = %s, want https://api.anthropic.com/v1/messages", got)
	}
}

func TestBaseURLTrailingSlash(t *testing.T) {
	srv := providertest.NewAnthropic(key)
	defer srv.Close()
	a, err := anthropic.New(runtime.ClientConfig{Agent: &runtime.AgentConfig{Kind: runtime.KindText}, APIKey: key, BaseURL: srv.URL + "/"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Call(context.Background(), &runtime.Request{Prompt: "x"}); err != nil {
		t.Fatalf("Call: %v", err)
	}
	if p := srv.Last().Path; p != "/v1/messages" {
		t.Errorf("path = %s, want /v1/messages", p)
	}
}

// TestFaults injects each fault into the fake: the common ones, and
// Anthropic's retry-after-ms, 529 and x-should-retry.
func TestFaults(t *testing.T) {
	srv, a := setup(t, runtime.KindText, "")
	fault := func(status int, code, msg string, retryAfter time.Duration, temporary bool) func(testing.TB, error) {
		return clienttest.WantAPIError(clienttest.APIError{Provider: "anthropic", Status: status, Code: code, Message: msg,
			RequestID: "req_fake_fault", RetryAfter: retryAfter, Temporary: temporary})
	}
	faults := append(clienttest.CommonFaults(clienttest.Provider{
		Name: "anthropic", RateLimited: "rate_limit_error", ServerError: "api_error", Unavailable: "api_error", RequestID: "req_fake_fault",
	}), clienttest.Fault{
		Name:  "429 retry-after-ms",
		Fault: providertest.Fault{Kind: providertest.Status, Status: 429, Header: http.Header{"Retry-After-Ms": {"1500"}}},
		Check: fault(429, "rate_limit_error", "Too Many Requests", 1500*time.Millisecond, true),
	}, clienttest.Fault{
		Name:  "overloaded",
		Fault: providertest.Overloaded,
		Check: fault(529, "overloaded_error", "Overloaded", 0, true),
	}, clienttest.Fault{
		Name:  "x-should-retry false",
		Fault: providertest.Fault{Kind: providertest.Status, Status: 529, Header: http.Header{"X-Should-Retry": {"false"}}},
		Check: fault(529, "overloaded_error", "Overloaded", 0, false),
	})
	clienttest.RunFaults(t, faults, []string{key}, func(t *testing.T, ctx context.Context, f providertest.Fault) (*runtime.Response, error) {
		srv.Inject(f)
		return a.Call(ctx, &runtime.Request{Kind: runtime.KindText, Prompt: "x"})
	})
}

func TestBadKey(t *testing.T) {
	srv := providertest.NewAnthropic("sk-ant-the-right-one")
	defer srv.Close()
	a, err := anthropic.New(runtime.ClientConfig{Agent: &runtime.AgentConfig{Kind: runtime.KindText}, APIKey: key, BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.Call(context.Background(), &runtime.Request{Prompt: "x"})
	clienttest.AssertAPIError(t, err, clienttest.APIError{Provider: "anthropic", Status: 401, Code: "authentication_error", Message: "invalid x-api-key", RequestID: "req_fake_1"}, key)
	if want := "anthropic: HTTP 401 authentication_error: invalid x-api-key (request req_fake_1)"; err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
}

func TestNoKey(t *testing.T) {
	srv := providertest.NewAnthropic(key)
	defer srv.Close()
	a, err := anthropic.New(runtime.ClientConfig{Agent: &runtime.AgentConfig{Kind: runtime.KindText}, BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.Call(context.Background(), &runtime.Request{Prompt: "x"})
	clienttest.AssertAPIError(t, err, clienttest.APIError{Provider: "anthropic", Status: 401, Code: "authentication_error", Message: "x-api-key header is required", RequestID: "req_fake_1"}, key)
	if _, ok := srv.Last().Header["X-Api-Key"]; ok {
		t.Error("x-api-key sent without a key")
	}
}

func TestInvalidRequest(t *testing.T) {
	// The fake validates as the API does: temperature above 1 is a 400.
	_, a := setup(t, runtime.KindText, "claude-haiku-4-5")
	_, err := a.Call(context.Background(), &runtime.Request{Kind: runtime.KindText, Prompt: "x", Params: &runtime.Params{Temperature: new(1.5)}})
	clienttest.AssertAPIError(t, err, clienttest.APIError{Provider: "anthropic", Status: 400, Code: "invalid_request_error", Message: "temperature: Input should be less than or equal to 1", RequestID: "req_fake_1"}, key)
}

func TestNonJSONErrorBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "<html>bad gateway</html>", http.StatusBadGateway)
	}))
	defer srv.Close()
	a, _ := anthropic.New(runtime.ClientConfig{Agent: &runtime.AgentConfig{Kind: runtime.KindText}, APIKey: key, BaseURL: srv.URL})
	_, err := a.Call(context.Background(), &runtime.Request{Prompt: "x"})
	clienttest.AssertAPIError(t, err, clienttest.APIError{Provider: "anthropic", Status: 502, Message: "<html>bad gateway</html>", Temporary: true}, key)
}

func TestNotAMessage(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"ok":true}`)
	}))
	defer srv.Close()
	a, _ := anthropic.New(runtime.ClientConfig{Agent: &runtime.AgentConfig{Kind: runtime.KindText}, APIKey: key, BaseURL: srv.URL})
	_, err := a.Call(context.Background(), &runtime.Request{Prompt: "x"})
	if want := `anthropic: malformed response body: type "", want "message"`; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}

// TestRuntimeRetry runs a text task through the runtime: one 529, then
// the same body again.
func TestRuntimeRetry(t *testing.T) {
	srv := providertest.NewAnthropic(key)
	defer srv.Close()
	cfg := &runtime.AgentConfig{
		Name: "writer", Provider: "anthropic", Kind: runtime.KindText, Mission: "be brief",
		APIKeyEnv: "ANTHROPIC_API_KEY", KeyRequired: true, BaseURL: srv.URL,
		Retry: runtime.Retry{Attempts: 3, Backoff: time.Millisecond},
	}
	v, ok, reqs := clienttest.RetryThroughRuntime(t, clienttest.RetryRun{
		Server: srv, Fault: providertest.Fault{Kind: providertest.Status, Status: 529, RetryAfter: "0"},
		Env: map[string]string{"ANTHROPIC_API_KEY": key}, New: anthropic.New,
		Task: runtime.Task{Name: "draft", Agent: cfg, Params: runtime.Params{MaxTokens: 50}}, Prompt: "hi",
	}, (*runtime.Run).Text)
	if !ok || v != "claude-sonnet-5: hi" {
		t.Errorf("output = %q, %v; want %q", v, ok, "claude-sonnet-5: hi")
	}
	if !bytes.Equal(reqs[0].Body, reqs[1].Body) {
		t.Errorf("retry sent a different body:\n%s\n%s", reqs[0].Body, reqs[1].Body)
	}
}

func TestTypedOutputs(t *testing.T) {
	clienttest.TypedOutputs(t, clienttest.Typed{
		Server: func() *providertest.Server { return providertest.NewAnthropic(key) },
		New:    anthropic.New,
		Agent: runtime.AgentConfig{Name: "writer", Provider: "anthropic", Kind: runtime.KindText,
			APIKeyEnv: "ANTHROPIC_API_KEY", KeyRequired: true},
		Env:    map[string]string{"ANTHROPIC_API_KEY": key},
		Refuse: "REFUSE this",
	})
}

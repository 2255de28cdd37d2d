package mistral

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/intelligen/intelligen/providers/internal/clienttest"
	"github.com/intelligen/intelligen/providers/providertest"
	"github.com/intelligen/intelligen/runtime"
)

const testKey = "mk-test-0123456789abcdef"

func newClient(t *testing.T, srv *providertest.Server, kind runtime.Kind, key string) runtime.Agent {
	t.Helper()
	return clienttest.New(t, New, runtime.ClientConfig{
		Agent:   &runtime.AgentConfig{Name: "a", Provider: "mistral", Kind: kind},
		APIKey:  runtime.Secret(key),
		BaseURL: srv.URL + "/v1/",
	})
}

// apiError is the APIError of status, code and msg that is not retried.
func apiError(status int, code, msg string) clienttest.APIError {
	return clienttest.APIError{Provider: provider, Status: status, Code: code, Message: msg}
}

func TestText(t *testing.T) {
	srv := providertest.NewMistral(testKey)
	defer srv.Close()
	c := newClient(t, srv, runtime.KindText, testKey)

	resp, err := c.Call(t.Context(), &runtime.Request{
		Kind:    runtime.KindText,
		Mission: "be brief",
		Prompt:  "hi there",
		Params: &runtime.Params{
			Temperature:    new(0.2),
			TopP:           new(0.9),
			MaxTokens:      64,
			Seed:           new(int64(7)),
			Stop:           []string{"END"},
			Size:           "1024x1024", // no Mistral field: ignored
			Voice:          "alloy",     // idem
			Dimensions:     8,           // embed only: ignored
			NegativePrompt: "blurry",    // idem
			Extra:          json.RawMessage(`{"safe_prompt":true}`),
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := runtime.Response{Text: "mistral-small-latest: hi there", Model: "mistral-small-latest", Usage: runtime.Usage{InputTokens: 4, OutputTokens: 3}}
	if resp.Text != want.Text || resp.Model != want.Model || resp.Usage != want.Usage {
		t.Errorf("response = %+v, want %+v", resp, want)
	}
	req := srv.Last()
	if req.Method != http.MethodPost || req.Path != "/v1/chat/completions" {
		t.Errorf("request = %s %s, want POST /v1/chat/completions", req.Method, req.Path)
	}
	if got := req.Header.Get("Authorization"); got != "Bearer "+testKey {
		t.Errorf("Authorization = %q, want the Bearer key", got)
	}
	if got := req.Header.Get("Content-Type"); got != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", got)
	}
	clienttest.GoldenJSON(t, "text.json", req.Body)
}

// TestTextMinimal sends no params: only model and messages go out, and a
// zero temperature set explicitly is still sent.
func TestTextMinimal(t *testing.T) {
	srv := providertest.NewMistral(testKey)
	defer srv.Close()
	c := newClient(t, srv, runtime.KindText, testKey)

	resp, err := c.Call(t.Context(), &runtime.Request{Kind: runtime.KindText, Model: "open-mistral-nemo", Prompt: "hello"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Text != "open-mistral-nemo: hello" || resp.Model != "open-mistral-nemo" {
		t.Errorf("response = %+v", resp)
	}
	clienttest.GoldenJSON(t, "text_minimal.json", srv.Last().Body)

	if _, err := c.Call(t.Context(), &runtime.Request{Prompt: "x", Params: &runtime.Params{Temperature: new(0.0)}}); err != nil {
		t.Fatal(err)
	}
	clienttest.GoldenJSON(t, "text_zero_temperature.json", srv.Last().Body)
}

func TestEmbed(t *testing.T) {
	srv := providertest.NewMistral(testKey)
	defer srv.Close()
	c := newClient(t, srv, runtime.KindEmbed, testKey)

	resp, err := c.Call(t.Context(), &runtime.Request{
		Kind:    runtime.KindEmbed,
		Model:   "codestral-embed",
		Mission: "not sent",
		Prompt:  "embed this text",
		Params:  &runtime.Params{Dimensions: 6, Temperature: new(0.5)},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := runtime.Embedding{0.1, 0.2, 0.3, 0.4, 0.5, 0.6}
	if !slices.Equal(resp.Embedding, want) || resp.Model != "codestral-embed" || resp.Usage != (runtime.Usage{InputTokens: 3}) {
		t.Errorf("response = %+v, want embedding %v from codestral-embed with 3 input tokens", resp, want)
	}
	req := srv.Last()
	if req.Path != "/v1/embeddings" || req.Header.Get("Authorization") != "Bearer "+testKey {
		t.Errorf("request = %s %s with auth %q", req.Method, req.Path, req.Header.Get("Authorization"))
	}
	clienttest.GoldenJSON(t, "embed.json", req.Body)

	resp, err = c.Call(t.Context(), &runtime.Request{Kind: runtime.KindEmbed, Prompt: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Embedding) != 4 || resp.Model != "mistral-embed" {
		t.Errorf("response = %+v, want 4 values from mistral-embed", resp)
	}
	clienttest.GoldenJSON(t, "embed_minimal.json", srv.Last().Body)
}

// TestEmbedDimensionsGuard: mistral-embed has no output_dimension, which
// the API rejects; the client fails before sending it.
func TestEmbedDimensionsGuard(t *testing.T) {
	srv := providertest.NewMistral(testKey)
	defer srv.Close()
	c := newClient(t, srv, runtime.KindEmbed, testKey)
	_, err := c.Call(t.Context(), &runtime.Request{Kind: runtime.KindEmbed, Prompt: "x", Params: &runtime.Params{Dimensions: 8}})
	if want := "mistral: model mistral-embed has no output_dimension: remove params.dimensions or use a model that has it, such as codestral-embed"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
	clienttest.NoRequests(t, srv)
	// What the guard prevents: the fake answers as the API does.
	_, err = c.Call(t.Context(), &runtime.Request{Kind: runtime.KindEmbed, Prompt: "x", Params: &runtime.Params{Extra: json.RawMessage(`{"output_dimension":8}`)}})
	clienttest.AssertAPIError(t, err, apiError(400, "invalid_request_error", "Model mistral-embed does not support output_dimension"))
}

// TestLimits: the fake rejects what the API's validation rejects, with
// its 422 {"detail":[...]}.
func TestLimits(t *testing.T) {
	srv := providertest.NewMistral(testKey)
	defer srv.Close()
	c := newClient(t, srv, runtime.KindText, testKey)
	_, err := c.Call(t.Context(), &runtime.Request{Prompt: "x", Params: &runtime.Params{Temperature: new(1.6)}})
	clienttest.AssertAPIError(t, err, apiError(422, "less_than_equal", "body.temperature: Input should be less than or equal to 1.5"))
	_, err = c.Call(t.Context(), &runtime.Request{Prompt: "x", Params: &runtime.Params{Seed: new(int64(-1))}})
	clienttest.AssertAPIError(t, err, apiError(422, "greater_than_equal", "body.random_seed: Input should be greater than or equal to 0"))
	if _, err := c.Call(t.Context(), &runtime.Request{Prompt: "x", Params: &runtime.Params{Temperature: new(1.5), Seed: new(int64(0))}}); err != nil {
		t.Errorf("temperature 1.5, seed 0: %v", err)
	}
}

func TestUnsupportedKind(t *testing.T) {
	_, err := New(runtime.ClientConfig{Agent: &runtime.AgentConfig{Kind: runtime.KindImage}})
	if got, want := err.Error(), `mistral: agent type "image" is not supported (supported: text, embed)`; got != want {
		t.Errorf("New error = %q, want %q", got, want)
	}
	c, err := New(runtime.ClientConfig{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Call(t.Context(), &runtime.Request{Kind: runtime.KindVision, Prompt: "x"})
	if got, want := err.Error(), `mistral: agent type "vision" is not supported (supported: text, embed)`; got != want {
		t.Errorf("Call error = %q, want %q", got, want)
	}
}

func TestDefaultBaseURL(t *testing.T) {
	a, err := New(runtime.ClientConfig{})
	if err != nil {
		t.Fatal(err)
	}
	if got := a.(*Client).wire.BaseURL; got != DefaultBaseURL {
		t.Errorf("base URL = %q, want %q", got, DefaultBaseURL)
	}
	if a.(*Client).wire.Auth != nil {
		t.Error("a client without a key sets an auth header")
	}
}

func TestFaults(t *testing.T) {
	srv := providertest.NewMistral(testKey)
	defer srv.Close()
	faults := clienttest.CommonFaults(clienttest.Provider{
		Name:        provider,
		RateLimited: "rate_limited", ServerError: "internal_server_error", Unavailable: "internal_server_error",
	})
	for _, kind := range []runtime.Kind{runtime.KindText, runtime.KindEmbed} {
		t.Run(string(kind), func(t *testing.T) {
			c := newClient(t, srv, kind, testKey)
			clienttest.RunFaults(t, faults, []string{testKey}, func(t *testing.T, ctx context.Context, f providertest.Fault) (*runtime.Response, error) {
				srv.Inject(f)
				return c.Call(ctx, &runtime.Request{Kind: kind, Prompt: "hi"})
			})
		})
	}
}

// TestBadKey: a wrong key is a 401 with Mistral's real body, and the key
// appears nowhere in the error.
func TestBadKey(t *testing.T) {
	srv := providertest.NewMistral(testKey)
	defer srv.Close()
	const wrong = "mk-wrong-key-fedcba9876543210"
	for _, kind := range []runtime.Kind{runtime.KindText, runtime.KindEmbed} {
		t.Run(string(kind), func(t *testing.T) {
			c := newClient(t, srv, kind, wrong)
			_, err := c.Call(t.Context(), &runtime.Request{Kind: kind, Prompt: "hi"})
			clienttest.AssertAPIError(t, err, apiError(401, "", "Unauthorized"))
			if got, want := err.Error(), "mistral: HTTP 401: Unauthorized"; got != want {
				t.Errorf("err = %q, want %q", got, want)
			}
			clienttest.NoKey(t, err, wrong, testKey)
			if got := srv.Last().Header.Get("Authorization"); got != "Bearer "+wrong {
				t.Errorf("Authorization = %q, want the wrong key sent as Bearer", got)
			}
		})
	}
}

// TestValidationError: Mistral answers fields it does not know, or of the
// wrong type, with a 422 {"detail":[...]}; it is rendered readably, its
// first entry's type as the code.
func TestValidationError(t *testing.T) {
	srv := providertest.NewMistral(testKey)
	defer srv.Close()
	tests := []struct {
		kind        runtime.Kind
		extra, code string
		msg         string
	}{
		{runtime.KindText, `{"max_completion_tokens":5}`, "extra_forbidden", "body.max_completion_tokens: Extra inputs are not permitted"},
		{runtime.KindText, `{"top_p":"high"}`, "float_type", "body.top_p: Input should be a valid number"},
		{runtime.KindText, `{"model":"","messages":[]}`, "missing", "body.model: Field required; body.messages: Field required"},
		{runtime.KindEmbed, `{"dimensions":8}`, "extra_forbidden", "body.dimensions: Extra inputs are not permitted"},
		{runtime.KindEmbed, `{"input":{}}`, "string_type", "body.input: Input should be a valid string"},
	}
	for _, tt := range tests {
		t.Run(tt.extra, func(t *testing.T) {
			c := newClient(t, srv, tt.kind, testKey)
			_, err := c.Call(t.Context(), &runtime.Request{Prompt: "hi", Params: &runtime.Params{Extra: json.RawMessage(tt.extra)}})
			clienttest.AssertAPIError(t, err, apiError(422, tt.code, tt.msg))
		})
	}
}

func TestParseError(t *testing.T) {
	tests := []struct{ body, code, msg string }{
		{`{"detail":"Unauthorized"}`, "", "Unauthorized"},
		{`{"message":"Unauthorized","request_id":"r1"}`, "", "Unauthorized"},
		{`{"object":"error","message":"Requests rate limit exceeded","type":"rate_limited","param":null,"code":"1300"}`, "1300", "Requests rate limit exceeded"},
		{`{"object":"error","message":"x","type":"invalid_request_error","code":3051}`, "3051", "x"},
		{`{"detail":[{"type":"missing","loc":["body","model"],"msg":"Field required"},{"loc":[],"msg":"bad"}]}`, "missing", "body.model: Field required; bad"},
		{`{"message":{"detail":[{"loc":["body","messages",0,"role"],"msg":"Input should be 'user'"}]},"type":"invalid_request_error","code":null}`, "invalid_request_error", "body.messages.0.role: Input should be 'user'"},
		{`upstream connect error`, "", ""},
		{`{"message":{"unexpected":true}}`, "", ""},
	}
	for _, tt := range tests {
		code, msg := parseError([]byte(tt.body))
		if code != tt.code || msg != tt.msg {
			t.Errorf("parseError(%s) = %q, %q; want %q, %q", tt.body, code, msg, tt.code, tt.msg)
		}
	}
}

// TestAnswerShapes covers answers the fake does not give: content as
// chunks, no choices, finish_reason "error", no embedding.
func TestAnswerShapes(t *testing.T) {
	srv, answer := clienttest.Canned(t, providertest.MistralError)
	tests := []struct {
		kind   runtime.Kind
		answer string
		text   string
		err    string
	}{
		{runtime.KindText, `{"model":"magistral-small","choices":[{"message":{"content":[{"type":"thinking","thinking":[]},{"type":"text","text":"4"},{"type":"text","text":"2"}]},"finish_reason":"stop"}]}`, "42", ""},
		{runtime.KindText, `{"choices":[{"message":{"content":null},"finish_reason":"stop"}]}`, "", ""},
		{runtime.KindText, `{"choices":[{"message":{"content":7}}]}`, "", "mistral: malformed response body: message content: json: cannot unmarshal number into Go value of type []struct { Type string \"json:\\\"type\\\"\"; Text string \"json:\\\"text\\\"\" }"},
		{runtime.KindText, `{"choices":[]}`, "", "mistral: chat completion has no choices"},
		{runtime.KindText, `{"choices":[{"message":{"content":"partial"},"finish_reason":"error"}]}`, "", `mistral: generation failed (finish_reason "error")`},
		{runtime.KindEmbed, `{"data":[]}`, "", "mistral: embeddings response has no data"},
	}
	for _, tt := range tests {
		answer(tt.answer)
		c := newClient(t, srv, tt.kind, testKey)
		resp, err := c.Call(t.Context(), &runtime.Request{Prompt: "x"})
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("%s: %v", tt.answer, err)
		case tt.err == "" && resp.Text != tt.text:
			t.Errorf("%s: text = %q, want %q", tt.answer, resp.Text, tt.text)
		case tt.err != "" && (err == nil || err.Error() != tt.err):
			t.Errorf("%s: err = %v, want %q", tt.answer, err, tt.err)
		}
	}
}

// TestRetryThroughRuntime runs a text task through the runtime: one 429,
// then success.
func TestRetryThroughRuntime(t *testing.T) {
	srv := providertest.NewMistral(testKey)
	defer srv.Close()
	cfg := &runtime.AgentConfig{
		Name: "writer", Provider: "mistral", Kind: runtime.KindText, Mission: "be brief",
		APIKeyEnv: "MISTRAL_API_KEY", KeyRequired: true, BaseURL: srv.URL + "/v1",
		Retry: runtime.Retry{Attempts: 3, Backoff: time.Millisecond},
	}
	v, ok, _ := clienttest.RetryThroughRuntime(t, clienttest.RetryRun{
		Server: srv, Fault: providertest.RateLimited, Env: map[string]string{"MISTRAL_API_KEY": testKey}, New: New,
		Task: runtime.Task{Name: "draft", Agent: cfg, Timeout: 5 * time.Second}, Prompt: "hi",
	}, (*runtime.Run).Text)
	if !ok || v != "mistral-small-latest: hi" {
		t.Errorf("output = %q, %v; want %q", v, ok, "mistral-small-latest: hi")
	}
}

func TestErrorsNameNoKey(t *testing.T) {
	// A request the transport refuses: the URL error must not carry the key.
	c, err := New(runtime.ClientConfig{Agent: &runtime.AgentConfig{Kind: runtime.KindText}, APIKey: testKey, BaseURL: "http://127.0.0.1:0/v1"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Call(t.Context(), &runtime.Request{Prompt: "x"})
	if want := `mistral: Post "http://127.0.0.1:0/v1/chat/completions": `; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("err = %v, want %s...", err, want)
	}
	clienttest.NoKey(t, err, testKey)
}

// TestAgentModel checks that a request without Model, sent to the client
// directly (not through a generated flow, which always sets it), uses the
// agent's model rather than the default of its kind.
func TestAgentModel(t *testing.T) {
	srv := providertest.NewMistral(testKey)
	defer srv.Close()
	for kind, model := range map[runtime.Kind]string{runtime.KindText: "open-mistral-nemo", runtime.KindEmbed: "codestral-embed"} {
		c := clienttest.New(t, New, runtime.ClientConfig{
			Agent:   &runtime.AgentConfig{Name: "a", Provider: "mistral", Kind: kind, Model: model},
			APIKey:  testKey,
			BaseURL: srv.URL + "/v1/",
		})
		resp, err := c.Call(t.Context(), &runtime.Request{Prompt: "hi"})
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		var body struct{ Model string }
		if err := json.Unmarshal(srv.Last().Body, &body); err != nil {
			t.Fatal(err)
		}
		if body.Model != model || resp.Model != model {
			t.Errorf("%s: model sent %q, answered %q; want the agent's %q", kind, body.Model, resp.Model, model)
		}
	}
}

func TestTypedOutputs(t *testing.T) {
	clienttest.TypedOutputs(t, clienttest.Typed{
		Server: func() *providertest.Server { return providertest.NewMistral(testKey) },
		New:    New,
		Agent: runtime.AgentConfig{Name: "writer", Provider: "mistral", Kind: runtime.KindText,
			APIKeyEnv: "MISTRAL_API_KEY", KeyRequired: true},
		BaseURLPath: "/v1",
		Env:         map[string]string{"MISTRAL_API_KEY": testKey},
	})
}

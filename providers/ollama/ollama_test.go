package ollama

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/intelligen/intelligen/providers/internal/clienttest"
	"github.com/intelligen/intelligen/providers/providertest"
	"github.com/intelligen/intelligen/runtime"
)

// testKey is set only where a test wants auth: Ollama needs none.
const testKey = "ol-test-0123456789abcdef"

func newClient(t *testing.T, srv *providertest.Server, kind runtime.Kind, key string) runtime.Agent {
	t.Helper()
	return clienttest.New(t, New, runtime.ClientConfig{
		Agent:   &runtime.AgentConfig{Name: "a", Provider: "ollama", Kind: kind},
		APIKey:  runtime.Secret(key),
		BaseURL: srv.URL + "/",
	})
}

// pngHeader is enough of a PNG for content sniffing.
var pngHeader = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

func TestChat(t *testing.T) {
	srv := providertest.NewOllama("")
	defer srv.Close()
	tests := []struct {
		name  string
		kind  runtime.Kind
		req   runtime.Request
		want  runtime.Response
		model string
	}{
		{
			name: "text",
			kind: runtime.KindText,
			req: runtime.Request{Mission: "be brief", Prompt: "hi there", Params: &runtime.Params{
				Temperature: new(0.2), TopP: new(0.9), MaxTokens: 64, Seed: new(int64(7)), Stop: []string{"END"},
				Dimensions: 8, Size: "1024x1024", Format: "mp3", // no chat field: ignored
				Extra: json.RawMessage(`{"keep_alive":"5m"}`),
			}},
			want: runtime.Response{Text: "llama3.2: hi there", Model: "llama3.2", Usage: runtime.Usage{InputTokens: 4, OutputTokens: 3}},
		},
		{
			name: "text_minimal",
			kind: runtime.KindText,
			req:  runtime.Request{Model: "llava:latest", Prompt: "hello"},
			want: runtime.Response{Text: "llava:latest: hello", Model: "llava:latest", Usage: runtime.Usage{InputTokens: 1, OutputTokens: 2}},
		},
		{
			name: "text_zero_temperature",
			kind: runtime.KindText,
			req:  runtime.Request{Prompt: "x", Params: &runtime.Params{Temperature: new(0.0)}},
			want: runtime.Response{Text: "llama3.2: x", Model: "llama3.2", Usage: runtime.Usage{InputTokens: 1, OutputTokens: 2}},
		},
		{
			name: "text_extra_options",
			kind: runtime.KindText,
			req: runtime.Request{Prompt: "x", Params: &runtime.Params{
				Temperature: new(0.2), Seed: new(int64(7)), MaxTokens: 10,
				Extra: json.RawMessage(`{"options":{"num_ctx":8192,"temperature":0.7,"seed":null},"keep_alive":"1m","think":false}`),
			}},
			want: runtime.Response{Text: "llama3.2: x", Model: "llama3.2", Usage: runtime.Usage{InputTokens: 1, OutputTokens: 2}},
		},
		{
			name: "text_extra_no_options",
			kind: runtime.KindText,
			req:  runtime.Request{Prompt: "x", Params: &runtime.Params{Extra: json.RawMessage(`{"options":null,"format":"json"}`)}},
			want: runtime.Response{Text: "llama3.2: x", Model: "llama3.2", Usage: runtime.Usage{InputTokens: 1, OutputTokens: 2}},
		},
		{
			name: "vision",
			kind: runtime.KindVision,
			req:  runtime.Request{Mission: "describe", Prompt: "what is this?", Images: []runtime.Image{{MIME: "image/png", Data: pngHeader}, {MIME: "image/jpeg", Data: []byte{0xff, 0xd8, 0xff}}}},
			want: runtime.Response{Text: "llava: what is this? [image/png 16 bytes] [image/jpeg 3 bytes]", Model: "llava", Usage: runtime.Usage{InputTokens: 4, OutputTokens: 10}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClient(t, srv, tt.kind, "")
			resp, err := c.Call(t.Context(), &tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if resp.Text != tt.want.Text || resp.Model != tt.want.Model || resp.Usage != tt.want.Usage {
				t.Errorf("response = %+v, want %+v", resp, tt.want)
			}
			req := srv.Last()
			if req.Method != http.MethodPost || req.Path != "/api/chat" {
				t.Errorf("request = %s %s, want POST /api/chat", req.Method, req.Path)
			}
			if h := req.Header.Get("Authorization"); h != "" {
				t.Errorf("Authorization = %q without a key, want none", h)
			}
			clienttest.GoldenJSON(t, tt.name+".json", req.Body)
		})
	}
}

func TestEmbed(t *testing.T) {
	srv := providertest.NewOllama("")
	defer srv.Close()
	c := newClient(t, srv, runtime.KindEmbed, "")
	resp, err := c.Call(t.Context(), &runtime.Request{Mission: "not sent", Prompt: "embed this text", Params: &runtime.Params{Dimensions: 6, Temperature: new(0.5)}})
	if err != nil {
		t.Fatal(err)
	}
	want := runtime.Embedding{0.1, 0.2, 0.3, 0.4, 0.5, 0.6}
	if !slices.Equal(resp.Embedding, want) || resp.Model != "nomic-embed-text" || resp.Usage != (runtime.Usage{InputTokens: 3}) {
		t.Errorf("response = %+v, want %v from nomic-embed-text with 3 input tokens", resp, want)
	}
	if p := srv.Last().Path; p != "/api/embed" {
		t.Errorf("path = %q, want /api/embed", p)
	}
	clienttest.GoldenJSON(t, "embed.json", srv.Last().Body)

	resp, err = c.Call(t.Context(), &runtime.Request{Kind: runtime.KindEmbed, Prompt: "x"})
	if err != nil || len(resp.Embedding) != 4 {
		t.Fatalf("Call = %+v, %v; want 4 values", resp, err)
	}
	clienttest.GoldenJSON(t, "embed_minimal.json", srv.Last().Body)
}

// TestAuth: with a key, the client sends it as Bearer; a wrong one is a
// 401 whose error does not contain it.
func TestAuth(t *testing.T) {
	srv := providertest.NewOllama(testKey)
	defer srv.Close()
	if _, err := newClient(t, srv, runtime.KindText, testKey).Call(t.Context(), &runtime.Request{Prompt: "hi"}); err != nil {
		t.Fatal(err)
	}
	if h := srv.Last().Header.Get("Authorization"); h != "Bearer "+testKey {
		t.Errorf("Authorization = %q, want the Bearer key", h)
	}
	const wrong = "ol-wrong-key-fedcba9876543210"
	for _, kind := range []runtime.Kind{runtime.KindText, runtime.KindVision, runtime.KindEmbed} {
		_, err := newClient(t, srv, kind, wrong).Call(t.Context(), &runtime.Request{Prompt: "hi", Images: []runtime.Image{{MIME: "image/png", Data: pngHeader}}})
		clienttest.AssertAPIError(t, err, clienttest.APIError{Provider: provider, Status: 401, Message: "unauthorized"})
		if got, want := err.Error(), "ollama: HTTP 401: unauthorized"; got != want {
			t.Errorf("err = %q, want %q", got, want)
		}
		clienttest.NoKey(t, err, wrong, testKey)
	}
}

func TestModelNotFound(t *testing.T) {
	srv := providertest.NewOllama("")
	defer srv.Close()
	_, err := newClient(t, srv, runtime.KindText, "").Call(t.Context(), &runtime.Request{Model: "nope", Prompt: "hi"})
	clienttest.AssertAPIError(t, err, clienttest.APIError{Provider: provider, Status: 404, Message: "model 'nope' not found"})
	if got, want := err.Error(), "ollama: HTTP 404: model 'nope' not found"; got != want {
		t.Errorf("err = %q, want %q", got, want)
	}
}

// TestStreamNotFalse: extra may not turn streaming back on unnoticed; the
// NDJSON answer is a malformed-body error.
func TestStreamNotFalse(t *testing.T) {
	srv := providertest.NewOllama("")
	defer srv.Close()
	_, err := newClient(t, srv, runtime.KindText, "").Call(t.Context(), &runtime.Request{Prompt: "hi", Params: &runtime.Params{Extra: json.RawMessage(`{"stream":true}`)}})
	if err == nil || !strings.HasPrefix(err.Error(), "ollama: malformed response body: invalid character '{' after top-level value") {
		t.Errorf("err = %v, want a malformed body error", err)
	}
}

func TestBadExtra(t *testing.T) {
	srv := providertest.NewOllama("")
	defer srv.Close()
	c := newClient(t, srv, runtime.KindText, "")
	for extra, want := range map[string]string{
		`[1]`:             "ollama: params.extra is not a JSON object: json: cannot unmarshal array into Go value of type map[string]json.RawMessage",
		`{"options":"x"}`: "ollama: params.extra.options is not a JSON object: json: cannot unmarshal string into Go value of type map[string]json.RawMessage",
	} {
		_, err := c.Call(t.Context(), &runtime.Request{Prompt: "x", Params: &runtime.Params{Extra: json.RawMessage(extra)}})
		if got := fmt.Sprint(err); got != want {
			t.Errorf("extra %s: err = %q, want %q", extra, got, want)
		}
	}
	clienttest.NoRequests(t, srv)
}

func TestUnsupportedKind(t *testing.T) {
	_, err := New(runtime.ClientConfig{Agent: &runtime.AgentConfig{Kind: runtime.KindSpeech}})
	if got, want := fmt.Sprint(err), `ollama: agent type "speech" is not supported (supported: text, vision, embed)`; got != want {
		t.Errorf("New error = %q, want %q", got, want)
	}
	c, err := New(runtime.ClientConfig{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Call(t.Context(), &runtime.Request{Kind: runtime.KindImage, Prompt: "x"})
	if got, want := fmt.Sprint(err), `ollama: agent type "image" is not supported (supported: text, vision, embed)`; got != want {
		t.Errorf("Call error = %q, want %q", got, want)
	}
	if got := c.(*Client).wire.BaseURL; got != DefaultBaseURL {
		t.Errorf("default base URL = %q, want %q", got, DefaultBaseURL)
	}
}

func TestFaults(t *testing.T) {
	srv := providertest.NewOllama("")
	defer srv.Close()
	faults := clienttest.CommonFaults(clienttest.Provider{Name: provider}) // Ollama's errors have no code
	for _, kind := range []runtime.Kind{runtime.KindText, runtime.KindVision, runtime.KindEmbed} {
		t.Run(string(kind), func(t *testing.T) {
			c := newClient(t, srv, kind, testKey) // a key the fake ignores: it must not leak either
			clienttest.RunFaults(t, faults, []string{testKey}, func(t *testing.T, ctx context.Context, f providertest.Fault) (*runtime.Response, error) {
				srv.Inject(f)
				return c.Call(ctx, &runtime.Request{Kind: kind, Prompt: "hi", Images: []runtime.Image{{MIME: "image/png", Data: pngHeader}}})
			})
		})
	}
}

func TestParseError(t *testing.T) {
	tests := []struct{ body, msg string }{
		{`{"error":"model 'x' not found"}`, "model 'x' not found"},
		{`404 page not found`, ""},
	}
	for _, tt := range tests {
		code, msg := parseError([]byte(tt.body))
		if code != "" || msg != tt.msg {
			t.Errorf("parseError(%s) = %q, %q; want \"\", %q", tt.body, code, msg, tt.msg)
		}
	}
}

// TestAnswerShapes covers answers the fake does not give.
func TestAnswerShapes(t *testing.T) {
	srv, answer := clienttest.Canned(t, providertest.OllamaError)
	tests := []struct {
		kind   runtime.Kind
		answer string
		err    string
	}{
		{runtime.KindText, `{"error":"an error was encountered while running the model"}`, "ollama: an error was encountered while running the model"},
		{runtime.KindEmbed, `{"error":"input length exceeds the context length"}`, "ollama: input length exceeds the context length"},
		{runtime.KindEmbed, `{"model":"m","embeddings":[]}`, "ollama: embed response has no embeddings"},
		{runtime.KindText, `{"model":"m","message":{"role":"assistant","content":"ok"},"done":true}`, ""},
	}
	for _, tt := range tests {
		answer(tt.answer)
		resp, err := newClient(t, srv, tt.kind, "").Call(t.Context(), &runtime.Request{Prompt: "x"})
		if got := fmt.Sprint(err); (tt.err == "" && err != nil) || (tt.err != "" && got != tt.err) {
			t.Errorf("%s: err = %v, want %q", tt.answer, err, tt.err)
		}
		if tt.err == "" && err == nil && (resp.Text != "ok" || resp.Model != "m") {
			t.Errorf("%s: response = %+v, want text ok from m", tt.answer, resp)
		}
	}
}

// TestRetryThroughRuntime runs a text task through the runtime, without a
// key: one 429, then success.
func TestRetryThroughRuntime(t *testing.T) {
	srv := providertest.NewOllama("")
	defer srv.Close()
	cfg := &runtime.AgentConfig{
		Name: "local", Provider: "ollama", Kind: runtime.KindText, BaseURL: srv.URL,
		Retry: runtime.Retry{Attempts: 3, Backoff: time.Millisecond},
	}
	v, ok, _ := clienttest.RetryThroughRuntime(t, clienttest.RetryRun{
		Server: srv, Fault: providertest.RateLimited, New: New,
		Task: runtime.Task{Name: "draft", Agent: cfg, Timeout: 5 * time.Second}, Prompt: "hi",
	}, (*runtime.Run).Text)
	if !ok || v != "llama3.2: hi" {
		t.Errorf("output = %q, %v; want %q", v, ok, "llama3.2: hi")
	}
}

// TestAgentModel checks that a request without Model, sent to the client
// directly (not through a generated flow, which always sets it), uses the
// agent's model rather than the default of its kind.
func TestAgentModel(t *testing.T) {
	srv := providertest.NewOllama("")
	defer srv.Close()
	tests := []struct {
		kind  runtime.Kind
		model string
	}{
		{runtime.KindText, "llava"}, // the fake knows only its three models
		{runtime.KindVision, "llava:latest"},
		{runtime.KindEmbed, "nomic-embed-text:latest"},
	}
	for _, tt := range tests {
		c := clienttest.New(t, New, runtime.ClientConfig{
			Agent:   &runtime.AgentConfig{Name: "a", Provider: "ollama", Kind: tt.kind, Model: tt.model},
			BaseURL: srv.URL,
		})
		resp, err := c.Call(t.Context(), &runtime.Request{Prompt: "hi", Images: []runtime.Image{{MIME: "image/png", Data: pngHeader}}})
		if err != nil {
			t.Fatalf("%s: %v", tt.kind, err)
		}
		var body struct{ Model string }
		if err := json.Unmarshal(srv.Last().Body, &body); err != nil {
			t.Fatal(err)
		}
		if body.Model != tt.model || resp.Model != tt.model {
			t.Errorf("%s: model sent %q, answered %q; want the agent's %q", tt.kind, body.Model, resp.Model, tt.model)
		}
	}
}

// TestVisionNoImage: a vision request without an image (or with an empty
// one) fails before any request is sent.
func TestVisionNoImage(t *testing.T) {
	srv := providertest.NewOllama("")
	defer srv.Close()
	for _, tt := range []struct {
		agent runtime.Kind
		req   runtime.Request
	}{
		{runtime.KindVision, runtime.Request{Prompt: "what is this?"}},
		{runtime.KindVision, runtime.Request{Prompt: "what is this?", Images: []runtime.Image{}}},
		{runtime.KindText, runtime.Request{Kind: runtime.KindVision, Prompt: "what is this?"}},
	} {
		_, err := newClient(t, srv, tt.agent, "").Call(t.Context(), &tt.req)
		if got, want := fmt.Sprint(err), "ollama: vision request has no image"; got != want {
			t.Errorf("agent %s, request %+v: err = %q, want %q", tt.agent, tt.req, got, want)
		}
	}
	clienttest.NoRequests(t, srv)
}

func TestTypedOutputs(t *testing.T) {
	clienttest.TypedOutputs(t, clienttest.Typed{
		Server: func() *providertest.Server { return providertest.NewOllama("") },
		New:    New,
		Agent:  runtime.AgentConfig{Name: "local", Provider: "ollama", Kind: runtime.KindText},
	})
}

package gemini_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/intelligen/intelligen/providers/gemini"
	"github.com/intelligen/intelligen/providers/internal/clienttest"
	"github.com/intelligen/intelligen/providers/providertest"
	"github.com/intelligen/intelligen/runtime"
)

// key is the fake's API key; it must never appear in an error.
const key = "AIza-test-0123456789"

// png is enough of a PNG for content sniffing.
var png = []byte("\x89PNG\r\n\x1a\nfake image data")

// setup starts a fake and a client of kind for it.
func setup(t *testing.T, kind runtime.Kind, model string) (*providertest.Server, runtime.Agent) {
	t.Helper()
	srv := providertest.NewGemini(key)
	t.Cleanup(srv.Close)
	return srv, client(t, kind, model, srv.URL)
}

func client(t *testing.T, kind runtime.Kind, model, base string) runtime.Agent {
	t.Helper()
	return clienttest.New(t, gemini.New, runtime.ClientConfig{
		Agent:   &runtime.AgentConfig{Name: "a", Provider: "gemini", Kind: kind, Model: model},
		APIKey:  key,
		BaseURL: base,
	})
}

// raw starts a server answering every request with status and body.
func raw(t *testing.T, kind runtime.Kind, status int, body string) runtime.Agent {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return client(t, kind, "", srv.URL)
}

// checkRequest asserts the request line and headers of r.
func checkRequest(t *testing.T, r providertest.Request, path string) {
	t.Helper()
	if r.Method != http.MethodPost || r.Path != path || r.Query != "" {
		t.Errorf("request = %s %s?%s, want POST %s and no query", r.Method, r.Path, r.Query, path)
	}
	if r.Header.Get("X-Goog-Api-Key") != key {
		t.Error("header x-goog-api-key is not the API key") // never print the key
	}
	if got := r.Header.Get("Content-Type"); got != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", got)
	}
	if got := r.Header.Get("Authorization"); got != "" {
		t.Errorf("Authorization = %q, want none", got)
	}
}

func TestText(t *testing.T) {
	srv, a := setup(t, runtime.KindText, "")
	resp, err := a.Call(context.Background(), &runtime.Request{
		Kind: runtime.KindText, Mission: "be brief", Prompt: "say hi",
		Params: &runtime.Params{
			Temperature: new(0.2), TopP: new(0.9), MaxTokens: 64, Seed: new(int64(42)),
			Stop: []string{"END"}, Size: "1024x1024", Voice: "alloy", Dimensions: 3,
		},
	})
	if err != nil {
		t.Fatalf("Call: %v", err)
	}
	checkRequest(t, srv.Last(), "/v1beta/models/gemini-3.8-flash:generateContent")
	clienttest.GoldenJSON(t, "text.json", srv.Last().Body)
	want := runtime.Response{Text: "gemini-3.8-flash: say hi", Model: "gemini-3.8-flash", Usage: runtime.Usage{InputTokens: 4, OutputTokens: 3}}
	if !reflect.DeepEqual(*resp, want) {
		t.Errorf("response = %+v, want %+v", *resp, want)
	}
}

func TestTextDefaults(t *testing.T) {
	// No params, no mission, the agent's model as a resource name; Kind
	// from the agent.
	srv, a := setup(t, runtime.KindText, "models/gemini-x")
	resp, err := a.Call(context.Background(), &runtime.Request{Prompt: "hello there"})
	if err != nil {
		t.Fatalf("Call: %v", err)
	}
	checkRequest(t, srv.Last(), "/v1beta/models/gemini-x:generateContent")
	clienttest.GoldenJSON(t, "text_defaults.json", srv.Last().Body)
	want := runtime.Response{Text: "gemini-x: hello there", Model: "gemini-x", Usage: runtime.Usage{InputTokens: 2, OutputTokens: 3}}
	if !reflect.DeepEqual(*resp, want) {
		t.Errorf("response = %+v, want %+v", *resp, want)
	}
}

func TestTextMaxTokens(t *testing.T) {
	_, a := setup(t, runtime.KindText, "")
	resp, err := a.Call(context.Background(), &runtime.Request{Model: "gemini-task", Prompt: "one two three", Params: &runtime.Params{MaxTokens: 2}})
	if err != nil {
		t.Fatalf("Call: %v", err)
	}
	// Cut by MAX_TOKENS: returned as is.
	if resp.Text != "gemini-task: one" || resp.Model != "gemini-task" {
		t.Errorf("response = %+v", *resp)
	}
}

func TestExtra(t *testing.T) {
	srv, a := setup(t, runtime.KindText, "")
	_, err := a.Call(context.Background(), &runtime.Request{
		Kind: runtime.KindText, Prompt: "x",
		Params: &runtime.Params{Temperature: new(0.5), Extra: json.RawMessage(`{"generationConfig":{"topK":3},"safetySettings":[{"category":"HARM_CATEGORY_HARASSMENT","threshold":"BLOCK_NONE"}]}`)},
	})
	if err != nil {
		t.Fatalf("Call: %v", err)
	}
	clienttest.GoldenJSON(t, "extra.json", srv.Last().Body)
}

func TestSeedOutOfRange(t *testing.T) {
	srv, a := setup(t, runtime.KindText, "")
	_, err := a.Call(context.Background(), &runtime.Request{Kind: runtime.KindText, Prompt: "x", Params: &runtime.Params{Seed: new(int64(1) << 40)}})
	if want := "gemini: seed 1099511627776 is out of range: the API takes a 32-bit integer"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
	clienttest.NoRequests(t, srv)
}

func TestVision(t *testing.T) {
	srv, a := setup(t, runtime.KindVision, "")
	resp, err := a.Call(context.Background(), &runtime.Request{
		Kind: runtime.KindVision, Mission: "describe images", Prompt: "what is this",
		Images: []runtime.Image{{Data: png}, {MIME: "image/jpeg", Data: []byte{0xff, 0xd8, 0xff}}}, // the first MIME sniffed
	})
	if err != nil {
		t.Fatalf("Call: %v", err)
	}
	checkRequest(t, srv.Last(), "/v1beta/models/gemini-3.8-flash:generateContent")
	clienttest.GoldenJSON(t, "vision.json", srv.Last().Body)
	if want := fmt.Sprintf("gemini-3.8-flash: what is this [image/png %d bytes] [image/jpeg 3 bytes]", len(png)); resp.Text != want {
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
	if want := "gemini-3.8-flash:  [image/jpeg 3 bytes]"; resp.Text != want {
		t.Errorf("text = %q, want %q", resp.Text, want)
	}
}

func TestVisionBadInput(t *testing.T) {
	srv, a := setup(t, runtime.KindVision, "")
	for _, tc := range []struct {
		imgs []runtime.Image
		want string
	}{
		{nil, "gemini: vision request has no image"},
		{[]runtime.Image{{MIME: "image/png"}}, "gemini: vision request image 1 has no data"},
		{[]runtime.Image{{Data: []byte{0xff, 0xd8, 0xff}}, {}}, "gemini: vision request image 2 has no data"},
		{[]runtime.Image{{Data: []byte("plain text")}}, `gemini: image type "text/plain; charset=utf-8" is not an image type`},
	} {
		_, err := a.Call(context.Background(), &runtime.Request{Kind: runtime.KindVision, Prompt: "x", Images: tc.imgs})
		if err == nil || err.Error() != tc.want {
			t.Errorf("err = %v, want %s", err, tc.want)
		}
	}
	clienttest.NoRequests(t, srv)
}

func TestEmbed(t *testing.T) {
	srv, a := setup(t, runtime.KindEmbed, "")
	resp, err := a.Call(context.Background(), &runtime.Request{
		Kind: runtime.KindEmbed, Mission: "ignored", Prompt: "embed me",
		Params: &runtime.Params{Dimensions: 4, Temperature: new(0.3), Extra: json.RawMessage(`{"taskType":"RETRIEVAL_QUERY"}`)},
	})
	if err != nil {
		t.Fatalf("Call: %v", err)
	}
	checkRequest(t, srv.Last(), "/v1beta/models/gemini-embedding-001:batchEmbedContents")
	clienttest.GoldenJSON(t, "embed.json", srv.Last().Body)
	want := runtime.Response{Embedding: runtime.Embedding{0.1, 0.2, 0.3, 0.4}, Model: "gemini-embedding-001"}
	if !reflect.DeepEqual(*resp, want) {
		t.Errorf("response = %+v, want %+v", *resp, want)
	}
}

func TestEmbedDefaults(t *testing.T) {
	srv, a := setup(t, runtime.KindEmbed, "models/gemini-embedding-001") // the resource name works too
	resp, err := a.Call(context.Background(), &runtime.Request{Prompt: "embed me"})
	if err != nil {
		t.Fatalf("Call: %v", err)
	}
	checkRequest(t, srv.Last(), "/v1beta/models/gemini-embedding-001:batchEmbedContents")
	clienttest.GoldenJSON(t, "embed_defaults.json", srv.Last().Body)
	if len(resp.Embedding) != 8 || resp.Embedding[7] != 0.8 || resp.Model != "gemini-embedding-001" {
		t.Errorf("response = %+v", *resp)
	}
}

func TestEmbedExtraNotObject(t *testing.T) {
	srv, a := setup(t, runtime.KindEmbed, "")
	_, err := a.Call(context.Background(), &runtime.Request{Prompt: "x", Params: &runtime.Params{Extra: json.RawMessage(`"s"`)}})
	want := "gemini: encode request: params.extra is not a JSON object: json: cannot unmarshal string into Go value of type map[string]json.RawMessage"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
	clienttest.NoRequests(t, srv)
}

func TestEmbedWrongModel(t *testing.T) {
	// A generation model cannot embed: the API's 404.
	_, a := setup(t, runtime.KindEmbed, "gemini-3.8-flash")
	_, err := a.Call(context.Background(), &runtime.Request{Prompt: "x"})
	clienttest.AssertAPIError(t, err, clienttest.APIError{Provider: "gemini", Status: 404, Code: "NOT_FOUND", Message: "models/gemini-3.8-flash is not found for API version v1beta, or is not supported for batchEmbedContents. Call ListModels to see the list of available models and their supported methods."}, key)
}

func TestEmbedNoValues(t *testing.T) {
	a := raw(t, runtime.KindEmbed, 200, `{"embeddings":[]}`)
	_, err := a.Call(context.Background(), &runtime.Request{Prompt: "x"})
	if want := "gemini: model gemini-embedding-001: response has 0 embeddings, want 1 with values"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}

func TestBlockedPrompt(t *testing.T) {
	_, a := setup(t, runtime.KindText, "")
	_, err := a.Call(context.Background(), &runtime.Request{Kind: runtime.KindText, Prompt: "BLOCKME please"})
	want := "gemini: model gemini-3.8-flash: prompt blocked (blockReason SAFETY)"
	if !errors.Is(err, gemini.ErrBlocked) || err.Error() != want || runtime.Temporary(err) {
		t.Errorf("err = %v, want %s wrapping ErrBlocked, not Temporary", err, want)
	}
}

func TestBlockedPromptMessage(t *testing.T) {
	a := raw(t, runtime.KindText, 200, `{"promptFeedback":{"blockReason":"OTHER","blockReasonMessage":"no"}}`)
	_, err := a.Call(context.Background(), &runtime.Request{Prompt: "x"})
	want := "gemini: model gemini-3.8-flash: prompt blocked (blockReason OTHER): no"
	if !errors.Is(err, gemini.ErrBlocked) || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}

func TestBlockedAnswer(t *testing.T) {
	_, a := setup(t, runtime.KindText, "")
	_, err := a.Call(context.Background(), &runtime.Request{Kind: runtime.KindText, Prompt: "UNSAFE stuff"})
	want := "gemini: model gemini-3.8-flash: answer blocked (finishReason SAFETY)"
	if !errors.Is(err, gemini.ErrBlocked) || err.Error() != want || runtime.Temporary(err) {
		t.Errorf("err = %v, want %s wrapping ErrBlocked, not Temporary", err, want)
	}
}

func TestNoCandidates(t *testing.T) {
	a := raw(t, runtime.KindText, 200, `{"usageMetadata":{"promptTokenCount":1}}`)
	_, err := a.Call(context.Background(), &runtime.Request{Prompt: "x"})
	if want := "gemini: model gemini-3.8-flash: response has no candidates"; err == nil || err.Error() != want || errors.Is(err, gemini.ErrBlocked) {
		t.Errorf("err = %v, want %s", err, want)
	}
}

func TestNoText(t *testing.T) {
	a := raw(t, runtime.KindText, 200, `{"candidates":[{"content":{"role":"model"},"finishReason":"MALFORMED_FUNCTION_CALL"}]}`)
	_, err := a.Call(context.Background(), &runtime.Request{Prompt: "x"})
	if want := "gemini: model gemini-3.8-flash: answer has no text (finishReason MALFORMED_FUNCTION_CALL)"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}

func TestThoughts(t *testing.T) {
	a := raw(t, runtime.KindText, 200, `{"candidates":[{"content":{"role":"model","parts":[{"text":"hmm","thought":true},{"text":"hel"},{"text":"lo"}]},"finishReason":"STOP"}],
		"usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":1,"thoughtsTokenCount":5,"totalTokenCount":9},"modelVersion":"gemini-3.8-flash-001"}`)
	resp, err := a.Call(context.Background(), &runtime.Request{Prompt: "x"})
	if err != nil {
		t.Fatal(err)
	}
	want := runtime.Response{Text: "hello", Model: "gemini-3.8-flash-001", Usage: runtime.Usage{InputTokens: 3, OutputTokens: 6}}
	if !reflect.DeepEqual(*resp, want) {
		t.Errorf("response = %+v, want %+v", *resp, want)
	}
}

func TestUnsupportedKind(t *testing.T) {
	_, err := gemini.New(runtime.ClientConfig{Agent: &runtime.AgentConfig{Name: "a", Kind: runtime.KindSpeech}})
	want := `gemini: agent type "speech" is not supported (supported: text, vision, embed)`
	if err == nil || err.Error() != want {
		t.Errorf("New: err = %v, want %s", err, want)
	}
	_, a := setup(t, runtime.KindText, "")
	_, err = a.Call(context.Background(), &runtime.Request{Kind: runtime.KindImage, Prompt: "x"})
	want = `gemini: agent type "image" is not supported (supported: text, vision, embed)`
	if err == nil || err.Error() != want {
		t.Errorf("Call: err = %v, want %s", err, want)
	}
}

func TestDefaultBaseURL(t *testing.T) {
	var got []string
	hc := &http.Client{Transport: clienttest.RoundTripFunc(func(r *http.Request) (*http.Response, error) {
		got = append(got, r.URL.String())
		body := `{"candidates":[{"content":{"parts":[{"text":"ok"}]},"finishReason":"STOP"}]}`
		if strings.HasSuffix(r.URL.Path, ":batchEmbedContents") {
			body = `{"embeddings":[{"values":[0.5]}]}`
		}
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(body))}, nil
	})}
	for _, kind := range []runtime.Kind{runtime.KindText, runtime.KindEmbed} {
		a, err := gemini.New(runtime.ClientConfig{Agent: &runtime.AgentConfig{Kind: kind}, APIKey: key, HTTPClient: hc})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Call(context.Background(), &runtime.Request{Prompt: "x"}); err != nil {
			t.Fatalf("Call: %v", err)
		}
	}
	want := []string{
		"https://generativelanguage.googleapis.com/v1beta/models/gemini-3.8-flash:generateContent",
		"https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:batchEmbedContents",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("URLs = %q, want %q", got, want)
	}
}

func TestFaults(t *testing.T) {
	faults := clienttest.CommonFaults(clienttest.Provider{
		Name: "gemini", RateLimited: "RESOURCE_EXHAUSTED", ServerError: "INTERNAL", Unavailable: "UNAVAILABLE",
	})
	for _, kind := range []runtime.Kind{runtime.KindText, runtime.KindEmbed} {
		t.Run(string(kind), func(t *testing.T) {
			srv, a := setup(t, kind, "")
			clienttest.RunFaults(t, faults, []string{key}, func(t *testing.T, ctx context.Context, f providertest.Fault) (*runtime.Response, error) {
				srv.Inject(f)
				return a.Call(ctx, &runtime.Request{Prompt: "x"})
			})
		})
	}
}

func TestBadKey(t *testing.T) {
	srv := providertest.NewGemini("AIza-the-right-one")
	defer srv.Close()
	for _, kind := range []runtime.Kind{runtime.KindText, runtime.KindEmbed} {
		_, err := client(t, kind, "", srv.URL).Call(context.Background(), &runtime.Request{Prompt: "x"})
		clienttest.AssertAPIError(t, err, clienttest.APIError{Provider: "gemini", Status: 400, Code: "INVALID_ARGUMENT", Message: "API key not valid. Please pass a valid API key."}, key)
		if want := "gemini: HTTP 400 INVALID_ARGUMENT: API key not valid. Please pass a valid API key."; err.Error() != want {
			t.Errorf("err = %q, want %q", err, want)
		}
	}
}

func TestNoKey(t *testing.T) {
	srv := providertest.NewGemini(key)
	defer srv.Close()
	a, err := gemini.New(runtime.ClientConfig{Agent: &runtime.AgentConfig{Kind: runtime.KindText}, BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.Call(context.Background(), &runtime.Request{Prompt: "x"})
	clienttest.AssertAPIError(t, err, clienttest.APIError{Provider: "gemini", Status: 403, Code: "PERMISSION_DENIED", Message: "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API."}, key)
	if _, ok := srv.Last().Header["X-Goog-Api-Key"]; ok {
		t.Error("x-goog-api-key sent without a key")
	}
}

func TestInvalidRequest(t *testing.T) {
	_, a := setup(t, runtime.KindText, "")
	_, err := a.Call(context.Background(), &runtime.Request{Kind: runtime.KindText, Prompt: "x", Params: &runtime.Params{Temperature: new(2.5)}})
	clienttest.AssertAPIError(t, err, clienttest.APIError{Provider: "gemini", Status: 400, Code: "INVALID_ARGUMENT", Message: "* GenerateContentRequest.generation_config.temperature: temperature must be in the range [0.0, 2.0], got 2.5"}, key)
}

func TestArrayErrorBody(t *testing.T) {
	a := raw(t, runtime.KindText, 429, `[{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}]`)
	_, err := a.Call(context.Background(), &runtime.Request{Prompt: "x"})
	clienttest.AssertAPIError(t, err, clienttest.APIError{Provider: "gemini", Status: 429, Code: "RESOURCE_EXHAUSTED", Message: "Resource has been exhausted (e.g. check quota).", Temporary: true}, key)
}

func TestNonJSONErrorBody(t *testing.T) {
	a := raw(t, runtime.KindText, 502, "<html>bad gateway</html>")
	_, err := a.Call(context.Background(), &runtime.Request{Prompt: "x"})
	clienttest.AssertAPIError(t, err, clienttest.APIError{Provider: "gemini", Status: 502, Message: "<html>bad gateway</html>", Temporary: true}, key)
}

// TestRuntimeRetry runs a text task through the runtime: one 503, then
// the same body again.
func TestRuntimeRetry(t *testing.T) {
	srv := providertest.NewGemini(key)
	defer srv.Close()
	cfg := &runtime.AgentConfig{
		Name: "writer", Provider: "gemini", Kind: runtime.KindText, Mission: "be brief",
		APIKeyEnv: "GEMINI_API_KEY", KeyRequired: true, BaseURL: srv.URL,
		Retry: runtime.Retry{Attempts: 3, Backoff: time.Millisecond},
	}
	v, ok, reqs := clienttest.RetryThroughRuntime(t, clienttest.RetryRun{
		Server: srv, Fault: providertest.Fault{Kind: providertest.Status, Status: 503, RetryAfter: "0"},
		Env: map[string]string{"GEMINI_API_KEY": key}, New: gemini.New,
		Task: runtime.Task{Name: "draft", Agent: cfg, Params: runtime.Params{MaxTokens: 50}}, Prompt: "hi",
	}, (*runtime.Run).Text)
	if !ok || v != "gemini-3.8-flash: hi" {
		t.Errorf("output = %q, %v; want %q", v, ok, "gemini-3.8-flash: hi")
	}
	if !bytes.Equal(reqs[0].Body, reqs[1].Body) {
		t.Errorf("retry sent a different body:\n%s\n%s", reqs[0].Body, reqs[1].Body)
	}
}

// TestRuntimeEmbed runs an embed task through the runtime: one 429, then
// success.
func TestRuntimeEmbed(t *testing.T) {
	srv := providertest.NewGemini(key)
	defer srv.Close()
	cfg := &runtime.AgentConfig{
		Name: "vec", Provider: "gemini", Kind: runtime.KindEmbed, APIKeyEnv: "GEMINI_API_KEY", BaseURL: srv.URL,
		Retry: runtime.Retry{Attempts: 2, Backoff: time.Millisecond},
	}
	v, ok, _ := clienttest.RetryThroughRuntime(t, clienttest.RetryRun{
		Server: srv, Fault: providertest.RateLimited, Env: map[string]string{"GEMINI_API_KEY": key}, New: gemini.New,
		Task: runtime.Task{Name: "index", Agent: cfg, Params: runtime.Params{Dimensions: 2}}, Prompt: "doc",
	}, (*runtime.Run).Embed)
	if !ok || !reflect.DeepEqual(v, runtime.Embedding{0.1, 0.2}) {
		t.Errorf("embedding = %v, %v; want [0.1 0.2]", v, ok)
	}
}

func TestTypedOutputs(t *testing.T) {
	clienttest.TypedOutputs(t, clienttest.Typed{
		Server: func() *providertest.Server { return providertest.NewGemini(key) },
		New:    gemini.New,
		Agent: runtime.AgentConfig{Name: "writer", Provider: "gemini", Kind: runtime.KindText,
			APIKeyEnv: "GEMINI_API_KEY", KeyRequired: true},
		Env:    map[string]string{"GEMINI_API_KEY": key},
		Refuse: "BLOCKME",
	})
}

// TestUnknownField: v1beta has no labels (a Vertex AI field); the fake
// answers as the API does, and the error carries its status and message.
func TestUnknownField(t *testing.T) {
	_, a := setup(t, runtime.KindText, "")
	_, err := a.Call(context.Background(), &runtime.Request{Prompt: "x", Params: &runtime.Params{Extra: json.RawMessage(`{"labels":{"team":"a"}}`)}})
	var e *runtime.APIError
	if !errors.As(err, &e) || e.StatusCode != 400 || e.Code != "INVALID_ARGUMENT" || e.Message != `Invalid JSON payload received. Unknown name "labels": Cannot find field.` {
		t.Errorf("err = %v, want the API's 400 for labels", err)
	}
}

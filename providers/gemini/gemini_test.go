package gemini_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/intelligen/intelligen/providers/gemini"
	"github.com/intelligen/intelligen/providers/providertest"
	"github.com/intelligen/intelligen/runtime"
)

var update = flag.Bool("update", os.Getenv("INTELLIGEN_UPDATE") != "", "rewrite testdata/*.json with the request bodies sent")

// key is the fake's API key; it must never appear in an error.
const key = "AIza-test-0123456789"

// png is enough of a PNG for content sniffing.
var png = []byte("\x89PNG\r\n\x1a\nfake image data")

func ptr[T any](v T) *T { return &v }

// setup starts a fake and a client of kind for it.
func setup(t *testing.T, kind runtime.Kind, model string) (*providertest.Server, runtime.Agent) {
	t.Helper()
	srv := providertest.NewGemini(key)
	t.Cleanup(srv.Close)
	return srv, client(t, kind, model, srv.URL)
}

func client(t *testing.T, kind runtime.Kind, model, base string) runtime.Agent {
	t.Helper()
	a, err := gemini.New(runtime.ClientConfig{
		Agent:   &runtime.AgentConfig{Name: "a", Provider: "gemini", Kind: kind, Model: model},
		APIKey:  key,
		BaseURL: base,
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return a
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

// golden compares the request body body, indented, with testdata/name.
func golden(t *testing.T, name string, body []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Indent(&buf, body, "", "  "); err != nil {
		t.Fatalf("request body is not JSON: %v\n%s", err, body)
	}
	buf.WriteByte('\n')
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o666); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if got := buf.String(); got != string(want) {
		t.Errorf("request body mismatch with %s (go test -update rewrites it)\ngot:\n%s\nwant:\n%s", path, got, want)
	}
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
			Temperature: ptr(0.2), TopP: ptr(0.9), MaxTokens: 64, Seed: ptr(int64(42)),
			Stop: []string{"END"}, Size: "1024x1024", Voice: "alloy", Dimensions: 3,
		},
	})
	if err != nil {
		t.Fatalf("Call: %v", err)
	}
	checkRequest(t, srv.Last(), "/v1beta/models/gemini-2.5-flash:generateContent")
	golden(t, "text.json", srv.Last().Body)
	want := runtime.Response{Text: "gemini-2.5-flash: say hi", Model: "gemini-2.5-flash", Usage: runtime.Usage{InputTokens: 4, OutputTokens: 3}}
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
	golden(t, "text_defaults.json", srv.Last().Body)
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
		Params: &runtime.Params{Temperature: ptr(0.5), Extra: json.RawMessage(`{"generationConfig":{"topK":3},"safetySettings":[{"category":"HARM_CATEGORY_HARASSMENT","threshold":"BLOCK_NONE"}]}`)},
	})
	if err != nil {
		t.Fatalf("Call: %v", err)
	}
	golden(t, "extra.json", srv.Last().Body)
}

func TestSeedOutOfRange(t *testing.T) {
	srv, a := setup(t, runtime.KindText, "")
	_, err := a.Call(context.Background(), &runtime.Request{Kind: runtime.KindText, Prompt: "x", Params: &runtime.Params{Seed: ptr(int64(1) << 40)}})
	if want := "gemini: seed 1099511627776 is out of range: the API takes a 32-bit integer"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests sent, want 0", n)
	}
}

func TestVision(t *testing.T) {
	srv, a := setup(t, runtime.KindVision, "")
	resp, err := a.Call(context.Background(), &runtime.Request{
		Kind: runtime.KindVision, Mission: "describe images", Prompt: "what is this",
		Image: &runtime.Image{Data: png}, // MIME sniffed
	})
	if err != nil {
		t.Fatalf("Call: %v", err)
	}
	checkRequest(t, srv.Last(), "/v1beta/models/gemini-2.5-flash:generateContent")
	golden(t, "vision.json", srv.Last().Body)
	if want := fmt.Sprintf("gemini-2.5-flash: what is this [image/png %d bytes]", len(png)); resp.Text != want {
		t.Errorf("text = %q, want %q", resp.Text, want)
	}
}

func TestVisionNoPrompt(t *testing.T) {
	srv, a := setup(t, runtime.KindVision, "")
	resp, err := a.Call(context.Background(), &runtime.Request{Kind: runtime.KindVision, Image: &runtime.Image{MIME: "image/jpeg", Data: []byte{0xff, 0xd8, 0xff}}})
	if err != nil {
		t.Fatalf("Call: %v", err)
	}
	golden(t, "vision_no_prompt.json", srv.Last().Body)
	if want := "gemini-2.5-flash:  [image/jpeg 3 bytes]"; resp.Text != want {
		t.Errorf("text = %q, want %q", resp.Text, want)
	}
}

func TestVisionBadInput(t *testing.T) {
	srv, a := setup(t, runtime.KindVision, "")
	for _, tc := range []struct {
		img  *runtime.Image
		want string
	}{
		{nil, "gemini: vision request has no image"},
		{&runtime.Image{MIME: "image/png"}, "gemini: vision request has no image"},
		{&runtime.Image{Data: []byte("plain text")}, `gemini: image type "text/plain; charset=utf-8" is not an image type`},
	} {
		_, err := a.Call(context.Background(), &runtime.Request{Kind: runtime.KindVision, Prompt: "x", Image: tc.img})
		if err == nil || err.Error() != tc.want {
			t.Errorf("err = %v, want %s", err, tc.want)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests sent, want 0", n)
	}
}

func TestEmbed(t *testing.T) {
	srv, a := setup(t, runtime.KindEmbed, "")
	resp, err := a.Call(context.Background(), &runtime.Request{
		Kind: runtime.KindEmbed, Mission: "ignored", Prompt: "embed me",
		Params: &runtime.Params{Dimensions: 4, Temperature: ptr(0.3), Extra: json.RawMessage(`{"taskType":"RETRIEVAL_QUERY"}`)},
	})
	if err != nil {
		t.Fatalf("Call: %v", err)
	}
	checkRequest(t, srv.Last(), "/v1beta/models/gemini-embedding-001:batchEmbedContents")
	golden(t, "embed.json", srv.Last().Body)
	want := runtime.Response{Embedding: runtime.Embedding{0.1, 0.2, 0.3, 0.4}, Model: "gemini-embedding-001"}
	if !reflect.DeepEqual(*resp, want) {
		t.Errorf("response = %+v, want %+v", *resp, want)
	}
}

func TestEmbedDefaults(t *testing.T) {
	srv, a := setup(t, runtime.KindEmbed, "text-embedding-004")
	resp, err := a.Call(context.Background(), &runtime.Request{Prompt: "embed me"})
	if err != nil {
		t.Fatalf("Call: %v", err)
	}
	checkRequest(t, srv.Last(), "/v1beta/models/text-embedding-004:batchEmbedContents")
	golden(t, "embed_defaults.json", srv.Last().Body)
	if len(resp.Embedding) != 8 || resp.Embedding[7] != 0.8 || resp.Model != "text-embedding-004" {
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
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests sent, want 0", n)
	}
}

func TestEmbedWrongModel(t *testing.T) {
	// A generation model cannot embed: the API's 404.
	_, a := setup(t, runtime.KindEmbed, "gemini-2.5-flash")
	_, err := a.Call(context.Background(), &runtime.Request{Prompt: "x"})
	apiError(t, err, 404, "NOT_FOUND", "models/gemini-2.5-flash is not found for API version v1beta, or is not supported for batchEmbedContents. Call ListModels to see the list of available models and their supported methods.", 0, false)
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
	want := "gemini: model gemini-2.5-flash: prompt blocked (blockReason SAFETY)"
	if !errors.Is(err, gemini.ErrBlocked) || err.Error() != want || runtime.Temporary(err) {
		t.Errorf("err = %v, want %s wrapping ErrBlocked, not Temporary", err, want)
	}
}

func TestBlockedPromptMessage(t *testing.T) {
	a := raw(t, runtime.KindText, 200, `{"promptFeedback":{"blockReason":"OTHER","blockReasonMessage":"no"}}`)
	_, err := a.Call(context.Background(), &runtime.Request{Prompt: "x"})
	want := "gemini: model gemini-2.5-flash: prompt blocked (blockReason OTHER): no"
	if !errors.Is(err, gemini.ErrBlocked) || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}

func TestBlockedAnswer(t *testing.T) {
	_, a := setup(t, runtime.KindText, "")
	_, err := a.Call(context.Background(), &runtime.Request{Kind: runtime.KindText, Prompt: "UNSAFE stuff"})
	want := "gemini: model gemini-2.5-flash: answer blocked (finishReason SAFETY)"
	if !errors.Is(err, gemini.ErrBlocked) || err.Error() != want || runtime.Temporary(err) {
		t.Errorf("err = %v, want %s wrapping ErrBlocked, not Temporary", err, want)
	}
}

func TestNoCandidates(t *testing.T) {
	a := raw(t, runtime.KindText, 200, `{"usageMetadata":{"promptTokenCount":1}}`)
	_, err := a.Call(context.Background(), &runtime.Request{Prompt: "x"})
	if want := "gemini: model gemini-2.5-flash: response has no candidates"; err == nil || err.Error() != want || errors.Is(err, gemini.ErrBlocked) {
		t.Errorf("err = %v, want %s", err, want)
	}
}

func TestNoText(t *testing.T) {
	a := raw(t, runtime.KindText, 200, `{"candidates":[{"content":{"role":"model"},"finishReason":"MALFORMED_FUNCTION_CALL"}]}`)
	_, err := a.Call(context.Background(), &runtime.Request{Prompt: "x"})
	if want := "gemini: model gemini-2.5-flash: answer has no text (finishReason MALFORMED_FUNCTION_CALL)"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}

func TestThoughts(t *testing.T) {
	a := raw(t, runtime.KindText, 200, `{"candidates":[{"content":{"role":"model","parts":[{"text":"hmm","thought":true},{"text":"hel"},{"text":"lo"}]},"finishReason":"STOP"}],
		"usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":1,"thoughtsTokenCount":5,"totalTokenCount":9},"modelVersion":"gemini-2.5-flash-001"}`)
	resp, err := a.Call(context.Background(), &runtime.Request{Prompt: "x"})
	if err != nil {
		t.Fatal(err)
	}
	want := runtime.Response{Text: "hello", Model: "gemini-2.5-flash-001", Usage: runtime.Usage{InputTokens: 3, OutputTokens: 6}}
	if !reflect.DeepEqual(*resp, want) {
		t.Errorf("response = %+v, want %+v", *resp, want)
	}
}

func TestUnsupportedKind(t *testing.T) {
	_, err := gemini.New(runtime.ClientConfig{Agent: &runtime.AgentConfig{Name: "a", Kind: runtime.KindSpeech}})
	want := `gemini: agent type "speech" is not supported: gemini serves text, vision and embed`
	if err == nil || err.Error() != want {
		t.Errorf("New: err = %v, want %s", err, want)
	}
	_, a := setup(t, runtime.KindText, "")
	_, err = a.Call(context.Background(), &runtime.Request{Kind: runtime.KindImage, Prompt: "x"})
	want = `gemini: agent type "image" is not supported: gemini serves text, vision and embed`
	if err == nil || err.Error() != want {
		t.Errorf("Call: err = %v, want %s", err, want)
	}
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestDefaultBaseURL(t *testing.T) {
	var got []string
	hc := &http.Client{Transport: roundTrip(func(r *http.Request) (*http.Response, error) {
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
		"https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent",
		"https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:batchEmbedContents",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("URLs = %q, want %q", got, want)
	}
}

// apiError asserts err is a *runtime.APIError with the given fields.
func apiError(t *testing.T, err error, status int, code, msg string, retryAfter time.Duration, temporary bool) {
	t.Helper()
	var e *runtime.APIError
	if !errors.As(err, &e) {
		t.Fatalf("err = %T %v, want *runtime.APIError", err, err)
	}
	if e.Provider != "gemini" || e.StatusCode != status || e.Code != code || e.Message != msg || e.RequestID != "" || e.RetryAfter != retryAfter {
		t.Errorf("APIError = %+v, want gemini %d %q %q %v", *e, status, code, msg, retryAfter)
	}
	if got := runtime.Temporary(err); got != temporary {
		t.Errorf("Temporary = %v, want %v", got, temporary)
	}
	if strings.Contains(err.Error(), key) || strings.Contains(fmt.Sprintf("%+v %#v", err, e), key) {
		t.Error("the API key appears in the error")
	}
}

func TestStatusFaults(t *testing.T) {
	for _, kind := range []runtime.Kind{runtime.KindText, runtime.KindEmbed} {
		for _, tc := range []struct {
			fault      providertest.Fault
			status     int
			code, msg  string
			retryAfter time.Duration
		}{
			{providertest.Fault{Kind: providertest.Status, Status: 429, RetryAfter: "2"}, 429, "RESOURCE_EXHAUSTED", "Too Many Requests", 2 * time.Second},
			{providertest.ServerError, 500, "INTERNAL", "Internal Server Error", 0},
			{providertest.Unavailable, 503, "UNAVAILABLE", "Service Unavailable", 0},
		} {
			t.Run(fmt.Sprint(kind, tc.status), func(t *testing.T) {
				srv, a := setup(t, kind, "")
				srv.Inject(tc.fault)
				_, err := a.Call(context.Background(), &runtime.Request{Prompt: "x"})
				apiError(t, err, tc.status, tc.code, tc.msg, tc.retryAfter, true)
			})
		}
	}
}

func TestBadKey(t *testing.T) {
	srv := providertest.NewGemini("AIza-the-right-one")
	defer srv.Close()
	for _, kind := range []runtime.Kind{runtime.KindText, runtime.KindEmbed} {
		_, err := client(t, kind, "", srv.URL).Call(context.Background(), &runtime.Request{Prompt: "x"})
		apiError(t, err, 400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", 0, false)
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
	apiError(t, err, 403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.", 0, false)
	if _, ok := srv.Last().Header["X-Goog-Api-Key"]; ok {
		t.Error("x-goog-api-key sent without a key")
	}
}

func TestInvalidRequest(t *testing.T) {
	_, a := setup(t, runtime.KindText, "")
	_, err := a.Call(context.Background(), &runtime.Request{Kind: runtime.KindText, Prompt: "x", Params: &runtime.Params{Temperature: ptr(2.5)}})
	apiError(t, err, 400, "INVALID_ARGUMENT", "* GenerateContentRequest.generation_config.temperature: temperature must be in the range [0.0, 2.0], got 2.5", 0, false)
}

func TestArrayErrorBody(t *testing.T) {
	a := raw(t, runtime.KindText, 429, `[{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}]`)
	_, err := a.Call(context.Background(), &runtime.Request{Prompt: "x"})
	apiError(t, err, 429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).", 0, true)
}

func TestNonJSONErrorBody(t *testing.T) {
	a := raw(t, runtime.KindText, 502, "<html>bad gateway</html>")
	_, err := a.Call(context.Background(), &runtime.Request{Prompt: "x"})
	apiError(t, err, 502, "", "<html>bad gateway</html>", 0, true)
}

func TestMalformed(t *testing.T) {
	for _, kind := range []runtime.Kind{runtime.KindText, runtime.KindEmbed} {
		srv, a := setup(t, kind, "")
		srv.Inject(providertest.BadJSON)
		_, err := a.Call(context.Background(), &runtime.Request{Prompt: "x"})
		if want := "gemini: malformed response body: unexpected end of JSON input"; err == nil || err.Error() != want {
			t.Errorf("%s: err = %v, want %s", kind, err, want)
		}
		if runtime.Temporary(err) {
			t.Errorf("%s: malformed body is Temporary", kind)
		}
	}
}

func TestTruncated(t *testing.T) {
	for _, kind := range []runtime.Kind{runtime.KindText, runtime.KindEmbed} {
		srv, a := setup(t, kind, "")
		srv.Inject(providertest.CutShort)
		_, err := a.Call(context.Background(), &runtime.Request{Prompt: "x"})
		if !errors.Is(err, io.ErrUnexpectedEOF) || !strings.HasPrefix(err.Error(), "gemini: read response: ") {
			t.Errorf("%s: err = %v, want gemini: read response: ... unexpected EOF", kind, err)
		}
		if !runtime.Temporary(err) {
			t.Errorf("%s: truncated body is not Temporary", kind)
		}
	}
}

func TestSlowTimeout(t *testing.T) {
	srv, a := setup(t, runtime.KindText, "")
	srv.Inject(providertest.Fault{Kind: providertest.Slow, Delay: 10 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := a.Call(ctx, &runtime.Request{Prompt: "x"})
	if !errors.Is(err, context.DeadlineExceeded) || !strings.HasPrefix(err.Error(), "gemini: ") {
		t.Errorf("err = %v, want gemini: ... context deadline exceeded", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Call took %v after the deadline", d)
	}
}

func TestCancel(t *testing.T) {
	srv, a := setup(t, runtime.KindEmbed, "")
	srv.Inject(providertest.Fault{Kind: providertest.Slow, Delay: 10 * time.Second})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	_, err := a.Call(ctx, &runtime.Request{Prompt: "x"})
	if !errors.Is(err, context.Canceled) || runtime.Temporary(err) {
		t.Errorf("err = %v, want context.Canceled, not Temporary", err)
	}
}

func TestConnectionReset(t *testing.T) {
	srv, a := setup(t, runtime.KindText, "")
	srv.Inject(providertest.Hangup)
	_, err := a.Call(context.Background(), &runtime.Request{Prompt: "x"})
	if err == nil || !strings.HasPrefix(err.Error(), "gemini: Post ") || !errors.Is(err, io.EOF) {
		t.Errorf("err = %v, want gemini: Post ...: EOF", err)
	}
	if !runtime.Temporary(err) {
		t.Error("connection reset is not Temporary")
	}
}

func TestRuntimeRetry(t *testing.T) {
	srv := providertest.NewGemini(key)
	defer srv.Close()
	srv.Inject(providertest.Fault{Kind: providertest.Status, Status: 503, RetryAfter: "0"})
	rt := runtime.NewFlow(&runtime.FlowConfig{Name: "t"}, runtime.WithLookupEnv(func(name string) (string, bool) {
		if name == "GEMINI_API_KEY" {
			return key, true
		}
		return "", false
	}))
	cfg := &runtime.AgentConfig{
		Name: "writer", Provider: "gemini", Kind: runtime.KindText, Mission: "be brief",
		APIKeyEnv: "GEMINI_API_KEY", KeyRequired: true, BaseURL: srv.URL,
		Retry: runtime.Retry{Attempts: 3, Backoff: time.Millisecond},
	}
	h := rt.Agent(cfg, gemini.New)
	if err := rt.Err(); err != nil {
		t.Fatal(err)
	}
	task := runtime.Task{Name: "draft", Agent: cfg, Params: runtime.Params{MaxTokens: 50}}
	var v string
	var ok bool
	r := rt.Start(context.Background())
	r.Go(func() { v, ok = r.Text(&task, h, "hi") })
	if err := r.Wait(); err != nil {
		t.Fatalf("Wait: %v", err)
	}
	if !ok || v != "gemini-2.5-flash: hi" {
		t.Errorf("output = %q, %v; want %q", v, ok, "gemini-2.5-flash: hi")
	}
	reqs := srv.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	if !bytes.Equal(reqs[0].Body, reqs[1].Body) {
		t.Errorf("retry sent a different body:\n%s\n%s", reqs[0].Body, reqs[1].Body)
	}
}

func TestRuntimeEmbed(t *testing.T) {
	srv := providertest.NewGemini(key)
	defer srv.Close()
	srv.Inject(providertest.RateLimited)
	rt := runtime.NewFlow(&runtime.FlowConfig{Name: "t"}, runtime.WithLookupEnv(func(name string) (string, bool) {
		if name == "GEMINI_API_KEY" {
			return key, true
		}
		return "", false
	}))
	cfg := &runtime.AgentConfig{
		Name: "vec", Provider: "gemini", Kind: runtime.KindEmbed, APIKeyEnv: "GEMINI_API_KEY", BaseURL: srv.URL,
		Retry: runtime.Retry{Attempts: 2, Backoff: time.Millisecond},
	}
	h := rt.Agent(cfg, gemini.New)
	task := runtime.Task{Name: "index", Agent: cfg, Params: runtime.Params{Dimensions: 2}}
	var v runtime.Embedding
	r := rt.Start(context.Background())
	r.Go(func() { v, _ = r.Embed(&task, h, "doc") })
	if err := r.Wait(); err != nil {
		t.Fatalf("Wait: %v", err)
	}
	if !reflect.DeepEqual(v, runtime.Embedding{0.1, 0.2}) || len(srv.Requests()) != 2 {
		t.Errorf("embedding = %v after %d requests, want [0.1 0.2] after 2", v, len(srv.Requests()))
	}
}

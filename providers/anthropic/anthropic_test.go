package anthropic_test

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
	"strings"
	"testing"
	"time"

	"github.com/intelligen/intelligen/providers/anthropic"
	"github.com/intelligen/intelligen/providers/providertest"
	"github.com/intelligen/intelligen/runtime"
)

var update = flag.Bool("update", os.Getenv("INTELLIGEN_UPDATE") != "", "rewrite testdata/*.json with the request bodies sent")

// key is the fake's API key; it must never appear in an error.
const key = "sk-ant-test-0123456789"

// png is enough of a PNG for content sniffing.
var png = []byte("\x89PNG\r\n\x1a\nfake image data")

func ptr[T any](v T) *T { return &v }

// setup starts a fake and a client of kind for it.
func setup(t *testing.T, kind runtime.Kind, model string) (*providertest.Server, runtime.Agent) {
	t.Helper()
	srv := providertest.NewAnthropic(key)
	t.Cleanup(srv.Close)
	a, err := anthropic.New(runtime.ClientConfig{
		Agent:   &runtime.AgentConfig{Name: "a", Provider: "anthropic", Kind: kind, Model: model},
		APIKey:  key,
		BaseURL: srv.URL,
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return srv, a
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
	srv, a := setup(t, runtime.KindText, "")
	resp, err := a.Call(context.Background(), &runtime.Request{
		Kind: runtime.KindText, Mission: "be brief", Prompt: "say hi",
		Params: &runtime.Params{
			Temperature: ptr(0.2), TopP: ptr(0.9), MaxTokens: 64, Seed: ptr(int64(7)),
			Stop: []string{"END"}, Size: "1024x1024", Voice: "alloy", Dimensions: 3,
		},
	})
	if err != nil {
		t.Fatalf("Call: %v", err)
	}
	checkHeaders(t, srv.Last())
	golden(t, "text.json", srv.Last().Body)
	want := runtime.Response{Text: "claude-sonnet-4-5: say hi", Model: "claude-sonnet-4-5", Usage: runtime.Usage{InputTokens: 4, OutputTokens: 3}}
	if fmt.Sprint(*resp) != fmt.Sprint(want) {
		t.Errorf("response = %+v, want %+v", *resp, want)
	}
}

func TestTextDefaults(t *testing.T) {
	// No params, no mission, the agent's model; Kind from the agent.
	srv, a := setup(t, runtime.KindText, "claude-x")
	resp, err := a.Call(context.Background(), &runtime.Request{Prompt: "hello there"})
	if err != nil {
		t.Fatalf("Call: %v", err)
	}
	golden(t, "text_defaults.json", srv.Last().Body)
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
	srv, a := setup(t, runtime.KindText, "")
	resp, err := a.Call(context.Background(), &runtime.Request{
		Kind: runtime.KindText, Prompt: "one two three four",
		Params: &runtime.Params{MaxTokens: 100, Extra: json.RawMessage(`{"top_k": 5, "max_tokens": 3, "metadata": {"user_id": "u1"}}`)},
	})
	if err != nil {
		t.Fatalf("Call: %v", err)
	}
	golden(t, "extra.json", srv.Last().Body)
	// extra's max_tokens won: the fake cut the answer to 3 words.
	if resp.Text != "claude-sonnet-4-5: one two" {
		t.Errorf("text = %q, want %q", resp.Text, "claude-sonnet-4-5: one two")
	}
}

func TestExtraNotObject(t *testing.T) {
	srv, a := setup(t, runtime.KindText, "")
	_, err := a.Call(context.Background(), &runtime.Request{Kind: runtime.KindText, Prompt: "x", Params: &runtime.Params{Extra: json.RawMessage(`[1]`)}})
	want := "anthropic: encode request: params.extra is not a JSON object: json: cannot unmarshal array into Go value of type map[string]json.RawMessage"
	if err == nil || err.Error() != want {
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
		Image:  &runtime.Image{Data: png}, // MIME sniffed
		Params: &runtime.Params{MaxTokens: 200},
	})
	if err != nil {
		t.Fatalf("Call: %v", err)
	}
	checkHeaders(t, srv.Last())
	golden(t, "vision.json", srv.Last().Body)
	if want := fmt.Sprintf("claude-sonnet-4-5: what is this [image/png %d bytes]", len(png)); resp.Text != want {
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
	if want := "claude-sonnet-4-5:  [image/jpeg 3 bytes]"; resp.Text != want {
		t.Errorf("text = %q, want %q", resp.Text, want)
	}
}

func TestVisionBadInput(t *testing.T) {
	srv, a := setup(t, runtime.KindVision, "")
	for _, tc := range []struct {
		img  *runtime.Image
		want string
	}{
		{nil, "anthropic: vision request has no image"},
		{&runtime.Image{MIME: "image/png"}, "anthropic: vision request has no image"},
		{&runtime.Image{MIME: "image/tiff", Data: []byte("II*")}, `anthropic: image type "image/tiff" is not supported: use image/jpeg, image/png, image/gif or image/webp`},
		{&runtime.Image{Data: []byte("plain text")}, `anthropic: image type "text/plain; charset=utf-8" is not supported: use image/jpeg, image/png, image/gif or image/webp`},
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

func TestUnsupportedKind(t *testing.T) {
	_, err := anthropic.New(runtime.ClientConfig{Agent: &runtime.AgentConfig{Name: "a", Kind: runtime.KindEmbed}})
	want := `anthropic: agent type "embed" is not supported: anthropic serves text and vision`
	if err == nil || err.Error() != want {
		t.Errorf("New: err = %v, want %s", err, want)
	}
	_, a := setup(t, runtime.KindText, "")
	_, err = a.Call(context.Background(), &runtime.Request{Kind: runtime.KindImage, Prompt: "x"})
	want = `anthropic: agent type "image" is not supported: anthropic serves text and vision`
	if err == nil || err.Error() != want {
		t.Errorf("Call: err = %v, want %s", err, want)
	}
}

func TestRefusal(t *testing.T) {
	_, a := setup(t, runtime.KindText, "")
	_, err := a.Call(context.Background(), &runtime.Request{Kind: runtime.KindText, Prompt: "REFUSE this"})
	want := `anthropic: model claude-sonnet-4-5: model refused to answer (stop_reason "refusal")`
	if !errors.Is(err, anthropic.ErrRefused) || err.Error() != want || runtime.Temporary(err) {
		t.Errorf("err = %v, want %s, not temporary", err, want)
	}
}

func TestDefaultBaseURL(t *testing.T) {
	var got string
	hc := &http.Client{Transport: roundTrip(func(r *http.Request) (*http.Response, error) {
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

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

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

// apiError asserts err is a *runtime.APIError with the given fields.
func apiError(t *testing.T, err error, status int, code, msg, requestID string, retryAfter time.Duration, temporary bool) {
	t.Helper()
	var e *runtime.APIError
	if !errors.As(err, &e) {
		t.Fatalf("err = %T %v, want *runtime.APIError", err, err)
	}
	if e.Provider != "anthropic" || e.StatusCode != status || e.Code != code || e.Message != msg || e.RequestID != requestID || e.RetryAfter != retryAfter {
		t.Errorf("APIError = %+v, want anthropic %d %q %q %q %v", *e, status, code, msg, requestID, retryAfter)
	}
	if got := runtime.Temporary(err); got != temporary {
		t.Errorf("Temporary = %v, want %v", got, temporary)
	}
	if strings.Contains(err.Error(), key) || strings.Contains(fmt.Sprintf("%+v %#v", err, e), key) {
		t.Error("the API key appears in the error")
	}
}

func TestStatusFaults(t *testing.T) {
	for _, tc := range []struct {
		fault      providertest.Fault
		status     int
		code, msg  string
		retryAfter time.Duration
	}{
		{providertest.Fault{Kind: providertest.Status, Status: 429, RetryAfter: "2"}, 429, "rate_limit_error", "Too Many Requests", 2 * time.Second},
		{providertest.Fault{Kind: providertest.Status, Status: 429, Header: http.Header{"Retry-After-Ms": {"1500"}}}, 429, "rate_limit_error", "Too Many Requests", 1500 * time.Millisecond},
		{providertest.ServerError, 500, "api_error", "Internal Server Error", 0},
		{providertest.Unavailable, 503, "api_error", "Service Unavailable", 0},
		{providertest.Overloaded, 529, "overloaded_error", "Overloaded", 0},
	} {
		t.Run(fmt.Sprint(tc.status), func(t *testing.T) {
			srv, a := setup(t, runtime.KindText, "")
			srv.Inject(tc.fault)
			_, err := a.Call(context.Background(), &runtime.Request{Kind: runtime.KindText, Prompt: "x"})
			apiError(t, err, tc.status, tc.code, tc.msg, "req_fake_fault", tc.retryAfter, true)
		})
	}
}

func TestShouldRetryFalse(t *testing.T) {
	srv, a := setup(t, runtime.KindText, "")
	srv.Inject(providertest.Fault{Kind: providertest.Status, Status: 529, Header: http.Header{"X-Should-Retry": {"false"}}})
	_, err := a.Call(context.Background(), &runtime.Request{Kind: runtime.KindText, Prompt: "x"})
	apiError(t, err, 529, "overloaded_error", "Overloaded", "req_fake_fault", 0, false)
}

func TestBadKey(t *testing.T) {
	srv := providertest.NewAnthropic("sk-ant-the-right-one")
	defer srv.Close()
	a, err := anthropic.New(runtime.ClientConfig{Agent: &runtime.AgentConfig{Kind: runtime.KindText}, APIKey: key, BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.Call(context.Background(), &runtime.Request{Prompt: "x"})
	apiError(t, err, 401, "authentication_error", "invalid x-api-key", "req_fake_1", 0, false)
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
	apiError(t, err, 401, "authentication_error", "x-api-key header is required", "req_fake_1", 0, false)
	if _, ok := srv.Last().Header["X-Api-Key"]; ok {
		t.Error("x-api-key sent without a key")
	}
}

func TestInvalidRequest(t *testing.T) {
	// The fake validates as the API does: temperature above 1 is a 400.
	_, a := setup(t, runtime.KindText, "")
	_, err := a.Call(context.Background(), &runtime.Request{Kind: runtime.KindText, Prompt: "x", Params: &runtime.Params{Temperature: ptr(1.5)}})
	apiError(t, err, 400, "invalid_request_error", "temperature: Input should be less than or equal to 1", "req_fake_1", 0, false)
}

func TestNonJSONErrorBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "<html>bad gateway</html>", http.StatusBadGateway)
	}))
	defer srv.Close()
	a, _ := anthropic.New(runtime.ClientConfig{Agent: &runtime.AgentConfig{Kind: runtime.KindText}, APIKey: key, BaseURL: srv.URL})
	_, err := a.Call(context.Background(), &runtime.Request{Prompt: "x"})
	apiError(t, err, 502, "", "<html>bad gateway</html>", "", 0, true)
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

func TestMalformed(t *testing.T) {
	srv, a := setup(t, runtime.KindText, "")
	srv.Inject(providertest.BadJSON)
	_, err := a.Call(context.Background(), &runtime.Request{Kind: runtime.KindText, Prompt: "x"})
	if want := "anthropic: malformed response body: unexpected end of JSON input"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
	if runtime.Temporary(err) {
		t.Error("malformed body is Temporary")
	}
}

func TestTruncated(t *testing.T) {
	srv, a := setup(t, runtime.KindText, "")
	srv.Inject(providertest.CutShort)
	_, err := a.Call(context.Background(), &runtime.Request{Kind: runtime.KindText, Prompt: "x"})
	if !errors.Is(err, io.ErrUnexpectedEOF) || !strings.HasPrefix(err.Error(), "anthropic: read response: ") {
		t.Errorf("err = %v, want anthropic: read response: ... unexpected EOF", err)
	}
	if !runtime.Temporary(err) {
		t.Error("truncated body is not Temporary")
	}
}

func TestSlowTimeout(t *testing.T) {
	srv, a := setup(t, runtime.KindText, "")
	srv.Inject(providertest.Fault{Kind: providertest.Slow, Delay: 10 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := a.Call(ctx, &runtime.Request{Kind: runtime.KindText, Prompt: "x"})
	if !errors.Is(err, context.DeadlineExceeded) || !strings.HasPrefix(err.Error(), "anthropic: ") {
		t.Errorf("err = %v, want anthropic: ... context deadline exceeded", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Call took %v after the deadline", d)
	}
}

func TestCancel(t *testing.T) {
	srv, a := setup(t, runtime.KindText, "")
	srv.Inject(providertest.Fault{Kind: providertest.Slow, Delay: 10 * time.Second})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	_, err := a.Call(ctx, &runtime.Request{Kind: runtime.KindText, Prompt: "x"})
	if !errors.Is(err, context.Canceled) || runtime.Temporary(err) {
		t.Errorf("err = %v, want context.Canceled, not Temporary", err)
	}
}

func TestConnectionReset(t *testing.T) {
	srv, a := setup(t, runtime.KindText, "")
	srv.Inject(providertest.Hangup)
	_, err := a.Call(context.Background(), &runtime.Request{Kind: runtime.KindText, Prompt: "x"})
	if err == nil || !strings.HasPrefix(err.Error(), "anthropic: Post ") || !errors.Is(err, io.EOF) {
		t.Errorf("err = %v, want anthropic: Post ...: EOF", err)
	}
	if !runtime.Temporary(err) {
		t.Error("connection reset is not Temporary")
	}
}

func TestRuntimeRetry(t *testing.T) {
	srv := providertest.NewAnthropic(key)
	defer srv.Close()
	srv.Inject(providertest.Fault{Kind: providertest.Status, Status: 529, RetryAfter: "0"})
	rt := runtime.NewFlow(&runtime.FlowConfig{Name: "t"}, runtime.WithLookupEnv(func(name string) (string, bool) {
		if name == "ANTHROPIC_API_KEY" {
			return key, true
		}
		return "", false
	}))
	cfg := &runtime.AgentConfig{
		Name: "writer", Provider: "anthropic", Kind: runtime.KindText, Mission: "be brief",
		APIKeyEnv: "ANTHROPIC_API_KEY", KeyRequired: true, BaseURL: srv.URL,
		Retry: runtime.Retry{Attempts: 3, Backoff: time.Millisecond},
	}
	h := rt.Agent(cfg, anthropic.New)
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
	if !ok || v != "claude-sonnet-4-5: hi" {
		t.Errorf("output = %q, %v; want %q", v, ok, "claude-sonnet-4-5: hi")
	}
	reqs := srv.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	if !bytes.Equal(reqs[0].Body, reqs[1].Body) {
		t.Errorf("retry sent a different body:\n%s\n%s", reqs[0].Body, reqs[1].Body)
	}
}

package openaicompat_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/intelligen/intelligen/providers/openaicompat"
	"github.com/intelligen/intelligen/providers/providertest"
	"github.com/intelligen/intelligen/runtime"
)

var update = flag.Bool("update", os.Getenv("INTELLIGEN_UPDATE") != "", "rewrite testdata/*.json with the requests sent")

const (
	key   = "vllm-secret-0123456789"
	model = "Qwen/Qwen2.5-1.5B-Instruct"
)

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o666); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to record it)", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("request body %s mismatch:\n got: %s\nwant: %s\nrun: go test -update", name, got, want)
	}
}

// servers are the two fakes, by provider name.
var servers = map[string]func(model, key string) *providertest.Server{
	"vllm":     providertest.NewVLLM,
	"llamacpp": providertest.NewLlamaCpp,
}

func newClient(t *testing.T, provider string, srv *providertest.Server, kind runtime.Kind, apiKey string) runtime.Agent {
	t.Helper()
	a, err := openaicompat.New(runtime.ClientConfig{
		Agent:   &runtime.AgentConfig{Name: "a", Provider: provider, Kind: kind},
		APIKey:  runtime.Secret(apiKey),
		BaseURL: srv.URL + "/v1",
	})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func f64(v float64) *float64 { return &v }
func i64(v int64) *int64     { return &v }

func TestCall(t *testing.T) {
	tests := []struct {
		name   string
		req    runtime.Request
		path   string
		want   runtime.Response
		golden string
	}{{
		name: "text",
		req: runtime.Request{Kind: runtime.KindText, Model: model, Mission: "be brief", Prompt: "hi there", Params: &runtime.Params{
			Temperature: f64(0.2), TopP: f64(1), MaxTokens: 64, Seed: i64(0), Stop: []string{"\n\n"},
			Extra: json.RawMessage(`{"top_k":20,"repetition_penalty":1.1}`),
		}},
		path:   "/v1/chat/completions",
		want:   runtime.Response{Text: model + ": hi there", Model: model, Usage: runtime.Usage{InputTokens: 4, OutputTokens: 3}},
		golden: "text.json",
	}, {
		name:   "text_length",
		req:    runtime.Request{Kind: runtime.KindText, Model: model, Prompt: "a b c", Params: &runtime.Params{MaxTokens: 2}},
		path:   "/v1/chat/completions",
		want:   runtime.Response{Text: model + ": a", Model: model, Usage: runtime.Usage{InputTokens: 3, OutputTokens: 2}},
		golden: "text_length.json",
	}, {
		name:   "embed",
		req:    runtime.Request{Kind: runtime.KindEmbed, Model: model, Prompt: "a b", Params: &runtime.Params{Dimensions: 3}},
		path:   "/v1/embeddings",
		want:   runtime.Response{Embedding: providertest.OpenAIEmbedding("a b", 3), Model: model, Usage: runtime.Usage{InputTokens: 2}},
		golden: "embed.json",
	}, {
		name:   "embed_base64",
		req:    runtime.Request{Kind: runtime.KindEmbed, Model: model, Prompt: "a", Params: &runtime.Params{Extra: json.RawMessage(`{"encoding_format":"base64"}`)}},
		path:   "/v1/embeddings",
		want:   runtime.Response{Embedding: providertest.OpenAIEmbedding("a", 8), Model: model, Usage: runtime.Usage{InputTokens: 1}},
		golden: "embed_base64.json",
	}}
	for provider, newServer := range servers {
		for _, tt := range tests {
			t.Run(provider+"/"+tt.name, func(t *testing.T) {
				srv := newServer(model, key)
				defer srv.Close()
				got, err := newClient(t, provider, srv, tt.req.Kind, key).Call(context.Background(), &tt.req)
				if err != nil {
					t.Fatal(err)
				}
				last := srv.Last()
				if last.Method != http.MethodPost || last.Path != tt.path || last.Header.Get("Authorization") != "Bearer "+key {
					t.Errorf("request = %s %s (auth ok: %v), want POST %s with the key", last.Method, last.Path, last.Header.Get("Authorization") == "Bearer "+key, tt.path)
				}
				golden(t, tt.golden, last.Body) // one wire: the same body for both servers
				if !reflect.DeepEqual(*got, tt.want) {
					t.Errorf("response:\n got %+v\nwant %+v", *got, tt.want)
				}
			})
		}
	}
}

// TestServedModel checks that an agent without a model uses the first
// model of GET /models, asked once even under concurrent calls, and that
// no Authorization is sent without a key.
func TestServedModel(t *testing.T) {
	for provider, newServer := range servers {
		t.Run(provider, func(t *testing.T) {
			srv := newServer("models/tiny.gguf", "")
			defer srv.Close()
			a := newClient(t, provider, srv, runtime.KindText, "")
			var wg sync.WaitGroup
			for range 3 {
				wg.Go(func() {
					got, err := a.Call(context.Background(), &runtime.Request{Prompt: "hi"})
					if err != nil || got.Text != "models/tiny.gguf: hi" {
						t.Errorf("Call = %+v, %v", got, err)
					}
				})
			}
			wg.Wait()
			reqs := srv.Requests()
			var models int
			for _, r := range reqs {
				if _, ok := r.Header["Authorization"]; ok {
					t.Errorf("%s %s has an Authorization header", r.Method, r.Path)
				}
				if r.Path == "/v1/models" {
					models++
					if r.Method != http.MethodGet {
						t.Errorf("/v1/models method = %s", r.Method)
					}
				}
			}
			if models != 1 || len(reqs) != 4 {
				t.Errorf("%d requests, %d to /v1/models; want 4 and 1", len(reqs), models)
			}
			golden(t, "text_served_model.json", reqs[len(reqs)-1].Body)
		})
	}
}

func TestServedModelErrors(t *testing.T) {
	empty := providertest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"object":"list","data":[]}`)
	}), nil)
	defer empty.Close()
	a := newClient(t, "vllm", empty, runtime.KindEmbed, "")
	_, err := a.Call(context.Background(), &runtime.Request{Prompt: "x"})
	if want := "vllm: no model given and the server lists none at /models: set the agent's model"; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}

	srv := providertest.NewVLLM(model, "")
	defer srv.Close()
	srv.Inject(providertest.BadJSON)
	a = newClient(t, "vllm", srv, runtime.KindText, "")
	if _, err := a.Call(context.Background(), &runtime.Request{Prompt: "x"}); err == nil || !strings.HasPrefix(err.Error(), "vllm: malformed response body: ") {
		t.Errorf("error = %v, want malformed", err)
	}
	srv.Inject(providertest.ServerError)
	_, err = a.Call(context.Background(), &runtime.Request{Prompt: "x"})
	var e *runtime.APIError
	if !errors.As(err, &e) || e.StatusCode != 500 || e.Code != "InternalServerError" {
		t.Errorf("error = %v, want a 500 APIError", err)
	}
	// The failures were not cached: the next call asks again and works.
	if got, err := a.Call(context.Background(), &runtime.Request{Prompt: "x"}); err != nil || got.Model != model {
		t.Errorf("Call = %+v, %v", got, err)
	}
}

func TestNew(t *testing.T) {
	tests := []struct {
		cfg  runtime.ClientConfig
		want string
	}{
		{runtime.ClientConfig{Agent: &runtime.AgentConfig{Provider: "vllm", Kind: runtime.KindImage}}, `vllm: unsupported agent type "image" (supported: text, embed)`},
		{runtime.ClientConfig{Agent: &runtime.AgentConfig{Provider: "llamacpp", Kind: runtime.KindVision}}, `llamacpp: unsupported agent type "vision" (supported: text, embed)`},
		{runtime.ClientConfig{Agent: &runtime.AgentConfig{Provider: "lmstudio", Kind: runtime.KindText}}, "lmstudio: no base_url: set it to the server's OpenAI-compatible base, such as http://localhost:8000/v1"},
		{runtime.ClientConfig{}, "openaicompat: no base_url: set it to the server's OpenAI-compatible base, such as http://localhost:8000/v1"},
	}
	for _, tt := range tests {
		if _, err := openaicompat.New(tt.cfg); err == nil || err.Error() != tt.want {
			t.Errorf("New(%+v) error = %v, want %s", tt.cfg.Agent, err, tt.want)
		}
	}
	a, err := openaicompat.New(runtime.ClientConfig{BaseURL: "http://127.0.0.1:1/v1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Call(context.Background(), &runtime.Request{Kind: runtime.KindSpeech}); err == nil || err.Error() != `openaicompat: unsupported agent type "speech" (supported: text, embed)` {
		t.Errorf("Call(speech) error = %v", err)
	}
}

// TestDefaultBaseURL checks each provider's default base through a
// transport that records the URL instead of using the network.
func TestDefaultBaseURL(t *testing.T) {
	if got := openaicompat.DefaultBaseURL("lmstudio"); got != "" {
		t.Errorf("DefaultBaseURL(lmstudio) = %q", got)
	}
	for provider, want := range map[string]string{"vllm": "http://localhost:8000/v1/embeddings", "llamacpp": "http://localhost:8080/v1/embeddings"} {
		if got := openaicompat.DefaultBaseURL(provider) + "/embeddings"; got != want {
			t.Errorf("DefaultBaseURL(%s) = %q", provider, got)
		}
		var got string
		hc := &http.Client{Transport: roundTrip(func(r *http.Request) (*http.Response, error) {
			got = r.URL.String()
			return nil, errors.New("no network in tests")
		})}
		a, err := openaicompat.New(runtime.ClientConfig{HTTPClient: hc, Agent: &runtime.AgentConfig{Provider: provider, Kind: runtime.KindEmbed, Model: "m"}})
		if err != nil {
			t.Fatal(err)
		}
		a.Call(context.Background(), &runtime.Request{Model: "m", Prompt: "hi"})
		if got != want {
			t.Errorf("%s: URL = %q, want %q", provider, got, want)
		}
	}
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestFaults(t *testing.T) {
	// Per provider: the code and message of each status fault, and of a bad key.
	type want struct{ code, msg string }
	wants := map[string]map[int]want{
		"vllm": {
			429: {"TooManyRequestsError", "Too Many Requests"}, 500: {"InternalServerError", "Internal Server Error"},
			503: {"ServiceUnavailableError", "Service Unavailable"}, 401: {"", "Unauthorized"},
		},
		"llamacpp": {
			429: {"unavailable_error", "Too Many Requests"}, 500: {"server_error", "Internal Server Error"},
			503: {"unavailable_error", "Service Unavailable"}, 401: {"authentication_error", "Invalid API Key"},
		},
	}
	for provider, newServer := range servers {
		for _, kind := range []runtime.Kind{runtime.KindText, runtime.KindEmbed} {
			t.Run(provider+"/"+string(kind), func(t *testing.T) {
				call := func(t *testing.T, ctx context.Context, apiKey string, f ...providertest.Fault) error {
					srv := newServer(model, key)
					t.Cleanup(srv.Close)
					srv.Inject(f...)
					_, err := newClient(t, provider, srv, kind, apiKey).Call(ctx, &runtime.Request{Kind: kind, Model: model, Prompt: "hi"})
					if err == nil {
						t.Fatal("no error")
					}
					if strings.Contains(err.Error(), key) {
						t.Errorf("error contains the API key")
					}
					return err
				}
				status := func(t *testing.T, s int, f providertest.Fault, apiKey string) *runtime.APIError {
					err := call(t, context.Background(), apiKey, f)
					var e *runtime.APIError
					if !errors.As(err, &e) {
						t.Fatalf("error %v is not an *APIError", err)
					}
					w := wants[provider][s]
					if e.Provider != provider || e.StatusCode != s || e.Code != w.code || e.Message != w.msg {
						t.Errorf("APIError = %+v, want %s %d %q %q", *e, provider, s, w.code, w.msg)
					}
					if e.Temporary() != (s != 401) {
						t.Errorf("Temporary() = %v for %d", e.Temporary(), s)
					}
					return e
				}
				t.Run("429", func(t *testing.T) {
					e := status(t, 429, providertest.Fault{Kind: providertest.Status, Status: 429, RetryAfter: "1.5"}, key)
					if e.RetryAfter != 1500*time.Millisecond {
						t.Errorf("RetryAfter = %v, want 1.5s", e.RetryAfter)
					}
				})
				t.Run("500", func(t *testing.T) { status(t, 500, providertest.ServerError, key) })
				t.Run("503", func(t *testing.T) { status(t, 503, providertest.Unavailable, key) })
				t.Run("bad_key", func(t *testing.T) {
					const wrong = "wrong-key-abcdef"
					e := status(t, 401, providertest.Fault{}, wrong)
					if strings.Contains(e.Error(), wrong) {
						t.Error("error shows the key")
					}
				})
				t.Run("malformed", func(t *testing.T) {
					err := call(t, context.Background(), key, providertest.BadJSON)
					if want := provider + ": malformed response body: unexpected end of JSON input"; err.Error() != want || runtime.Temporary(err) {
						t.Errorf("error = %q (Temporary %v), want %q", err, runtime.Temporary(err), want)
					}
				})
				t.Run("truncated", func(t *testing.T) {
					err := call(t, context.Background(), key, providertest.CutShort)
					if !errors.Is(err, io.ErrUnexpectedEOF) || !runtime.Temporary(err) {
						t.Errorf("error = %v (Temporary %v), want a temporary unexpected EOF", err, runtime.Temporary(err))
					}
				})
				t.Run("timeout", func(t *testing.T) {
					ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
					defer cancel()
					if err := call(t, ctx, key, providertest.Fault{Kind: providertest.Slow, Delay: 10 * time.Second}); !errors.Is(err, context.DeadlineExceeded) {
						t.Errorf("error = %v, want deadline exceeded", err)
					}
				})
				t.Run("cancel", func(t *testing.T) {
					ctx, cancel := context.WithCancel(context.Background())
					time.AfterFunc(10*time.Millisecond, cancel)
					err := call(t, ctx, key, providertest.Fault{Kind: providertest.Slow, Delay: 10 * time.Second})
					if !errors.Is(err, context.Canceled) || runtime.Temporary(err) {
						t.Errorf("error = %v, want canceled, not temporary", err)
					}
				})
				t.Run("reset", func(t *testing.T) {
					err := call(t, context.Background(), key, providertest.Hangup)
					if !runtime.Temporary(err) || !strings.HasPrefix(err.Error(), provider+": Post ") {
						t.Errorf("error = %v (Temporary %v), want a temporary network error", err, runtime.Temporary(err))
					}
				})
			})
		}
	}
}

// TestUnknownModel checks vLLM's 404 for a model it does not serve, in its
// flat error shape.
func TestUnknownModel(t *testing.T) {
	srv := providertest.NewVLLM(model, "")
	defer srv.Close()
	_, err := newClient(t, "vllm", srv, runtime.KindText, "").Call(context.Background(), &runtime.Request{Model: "gpt-4o", Prompt: "x"})
	if want := "vllm: HTTP 404 NotFoundError: The model `gpt-4o` does not exist."; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
}

// TestRetry runs a task through the runtime: one 429, then success.
func TestRetry(t *testing.T) {
	srv := providertest.NewLlamaCpp(model, "")
	defer srv.Close()
	srv.Inject(providertest.RateLimited)
	rt := runtime.NewFlow(&runtime.FlowConfig{Name: "t"}, runtime.WithLookupEnv(func(string) (string, bool) { return "", false }))
	agent := &runtime.AgentConfig{Name: "local", Provider: "llamacpp", Kind: runtime.KindText, Model: model,
		BaseURL: srv.URL + "/v1", Retry: runtime.Retry{Attempts: 3, Backoff: time.Millisecond}}
	h := rt.Agent(agent, openaicompat.New)
	if err := rt.Err(); err != nil {
		t.Fatal(err)
	}
	task := runtime.Task{Name: "draft", Agent: agent}
	r := rt.Start(context.Background())
	var v string
	var ok bool
	r.Go(func() { v, ok = r.Text(&task, h, "hi") })
	if err := r.Wait(); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Requests()); n != 2 || !ok || v != model+": hi" {
		t.Errorf("got %d requests, %q, %v; want 2, %q, true", n, v, ok, model+": hi")
	}
}
